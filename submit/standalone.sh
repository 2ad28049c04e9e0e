#!/usr/bin/env bash
# Submits sparkmore to a Spark standalone cluster with spark-submit, the driver on this machine (client mode), so
# the progress lines show here.
#   submit/standalone.sh spark://HOST:7077 [COMMAND [ARGS...]]      (default command: train)
#   submit/standalone.sh spark://m:7077 train --input hdfs:///data/names.txt --output hdfs:///models/names
# Optional resources: EXECUTOR_CORES, EXECUTOR_MEMORY, TOTAL_CORES, DRIVER_MEMORY (Spark's defaults otherwise);
# training uses one partition per executor core unless --partitions says otherwise. SPARK_SUBMIT_EXTRA adds
# spark-submit options. Executors must reach the driver on any port (barrier mode listens on ephemeral ports, as
# Spark's block managers do); set SPARK_LOCAL_IP to the driver address they should use.
set -euo pipefail
source "$(dirname "$0")/common.sh"
if [[ $# -lt 1 || ${1:-} == -h || ${1:-} == --help || $1 != spark://* ]]; then
  usage >&2
  exit 2
fi
master=$1
shift
[[ $# -eq 0 ]] && set -- train
find_spark_submit
find_job_jar
common_options
resources
cd "$ROOT"
exec "$SPARK_SUBMIT" --master "$master" --deploy-mode client "${COMMON[@]}" ${RESOURCES[@]+"${RESOURCES[@]}"} \
  "$JOB_JAR" "$@"
