#!/usr/bin/env bash
# Submits sparkmore to YARN with spark-submit. HADOOP_CONF_DIR (or YARN_CONF_DIR) must point at the cluster's
# configuration, here or in $SPARK_HOME/conf/spark-env.sh.
#   submit/yarn.sh [COMMAND [ARGS...]]                                (default command: train)
#   submit/yarn.sh train --input hdfs:///data/names.txt --output hdfs:///models/names
#   DEPLOY_MODE=cluster submit/yarn.sh train ...   # driver in the YARN application master; progress in its log
# The default client mode keeps the driver, and its progress lines, here. Paths are read by the driver and the
# executors alike, so use hdfs:// or s3a:// ones. Optional: QUEUE, NUM_EXECUTORS, EXECUTOR_CORES, EXECUTOR_MEMORY,
# DRIVER_MEMORY (Spark's defaults otherwise); SPARK_SUBMIT_EXTRA adds spark-submit options. Barrier mode needs
# dynamic allocation off (or it falls back to one Spark job per round, and says so).
set -euo pipefail
source "$(dirname "$0")/common.sh"
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  usage
  exit 0
fi
[[ $# -eq 0 ]] && set -- train
mode=${DEPLOY_MODE:-client}
[[ $mode == client || $mode == cluster ]] || die "DEPLOY_MODE must be client or cluster, not '$mode'"
find_spark_submit
find_job_jar
common_options
resources
[[ -n ${QUEUE:-} ]] && RESOURCES+=(--queue "$QUEUE")
cd "$ROOT"
exec "$SPARK_SUBMIT" --master yarn --deploy-mode "$mode" "${COMMON[@]}" ${RESOURCES[@]+"${RESOURCES[@]}"} \
  "$JOB_JAR" "$@"
