#!/usr/bin/env bash
# Submits sparkmore to Kubernetes with spark-submit in cluster mode: the driver and the executors run in pods of
# the image built from docker/Dockerfile, which holds the job jar at /opt/sparkmore/sparkmore-job.jar.
#   IMAGE=registry.example.com/sparkmore:0.1.0 submit/k8s.sh k8s://https://API-SERVER:6443 [COMMAND [ARGS...]]
#   IMAGE=... submit/k8s.sh k8s://https://10.0.0.1:6443 train --input s3a://bucket/names.csv \
#     --output s3a://bucket/models/
# Optional: NAMESPACE (default), SERVICE_ACCOUNT (spark; it must be allowed to create pods, see Spark's
# running-on-kubernetes guide), NUM_EXECUTORS, EXECUTOR_CORES, EXECUTOR_MEMORY, DRIVER_MEMORY; SPARK_SUBMIT_EXTRA
# adds spark-submit options. Pods don't share a disk with this machine: read and write hdfs:// or s3a:// paths (or
# mount a volume with spark.kubernetes.*.volumes.*). The driver's progress is in its pod's log
# (kubectl logs -f <driver pod>).
set -euo pipefail
source "$(dirname "$0")/common.sh"
if [[ $# -lt 1 || ${1:-} == -h || ${1:-} == --help || $1 != k8s://* ]]; then
  usage >&2
  exit 2
fi
[[ -n ${IMAGE:-} ]] || die "set IMAGE to the sparkmore image (docker/Dockerfile), pushed where the cluster can pull it"
master=$1
shift
[[ $# -eq 0 ]] && set -- train
find_spark_submit
# The jar inside the image; nothing is uploaded from here
SPARKMORE_JAR=${SPARKMORE_JAR:-local:///opt/sparkmore/sparkmore-job.jar}
find_job_jar
common_options
resources
# Spark mounts its generated config over /opt/spark/conf in the pods, hiding the image's log4j2.properties; these
# replace spark-defaults.conf's extraJavaOptions, so they repeat its JavaCPP cache directory
K8S_JAVA_OPTIONS="-Dorg.bytedeco.javacpp.cachedir=/tmp/sparkmore-javacpp \
-Dlog4j2.configurationFile=/opt/sparkmore/conf/log4j2.properties"
cd "$ROOT"
exec "$SPARK_SUBMIT" --master "$master" --deploy-mode cluster "${COMMON[@]}" ${RESOURCES[@]+"${RESOURCES[@]}"} \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.namespace="${NAMESPACE:-default}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${SERVICE_ACCOUNT:-spark}" \
  --conf spark.driver.extraJavaOptions="$K8S_JAVA_OPTIONS" \
  --conf spark.executor.extraJavaOptions="$K8S_JAVA_OPTIONS" \
  "$JOB_JAR" "$@"
