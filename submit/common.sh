# Sourced by the spark-submit scripts (standalone.sh, yarn.sh, k8s.sh): finds spark-submit and the job jar, and
# holds the options every submission shares. Not meant to be run by itself.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The script's leading comment, its usage text
usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

die() {
  echo "${0##*/}: $*" >&2
  exit 2
}

# spark-submit from $SPARK_HOME, else from PATH; a clear message, not a stack trace, when there is neither.
find_spark_submit() {
  if [[ -n ${SPARK_HOME:-} ]]; then
    [[ -x $SPARK_HOME/bin/spark-submit ]] || die "SPARK_HOME=$SPARK_HOME has no bin/spark-submit"
    SPARK_SUBMIT=$SPARK_HOME/bin/spark-submit
  elif command -v spark-submit >/dev/null 2>&1; then
    SPARK_SUBMIT=$(command -v spark-submit)
  else
    die "spark-submit not found: set SPARK_HOME to a Spark 4.1 (Scala 2.13) installation or put its bin/ on PATH.
  To run on this machine without Spark, use submit/local.sh (Spark from the Maven build)."
  fi
}

# The shaded job jar (Spark left out): target/sparkmore-job.jar, built with Maven when missing or older than the
# sources. SPARKMORE_JAR overrides it, e.g. with a local:// path inside a container image.
find_job_jar() {
  JOB_JAR=${SPARKMORE_JAR:-$ROOT/target/sparkmore-job.jar}
  if [[ -n ${SPARKMORE_JAR:-} ]]; then
    [[ $JOB_JAR == *://* || -f $JOB_JAR ]] || die "SPARKMORE_JAR=$JOB_JAR: no such file"
    return
  fi
  local newer
  newer=$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JOB_JAR" -print -quit 2>/dev/null || true)
  [[ -f $JOB_JAR && -z $newer ]] && return
  command -v mvn >/dev/null 2>&1 ||
    die "$JOB_JAR is missing or older than the sources, and mvn is not installed to build it"
  echo "building $JOB_JAR (mvn package -DskipTests)..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package >&2) || die "the build failed"
}

# Options every submission shares. --load-spark-defaults keeps the cluster's own spark-defaults.conf under ours.
# Extra spark-submit options go in SPARK_SUBMIT_EXTRA (split on spaces), e.g. "--executor-memory 4g".
common_options() {
  # shellcheck disable=SC2206
  local extra=(${SPARK_SUBMIT_EXTRA:-})
  COMMON=(--class org.sparkmore.cli.Main --name "${APP_NAME:-sparkmore}"
    --properties-file "$ROOT/conf/spark-defaults.conf" --load-spark-defaults ${extra[@]+"${extra[@]}"})
  # The client-mode driver (the spark-submit JVM) logs through conf/log4j2.properties: Spark quiet, progress shown.
  export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} -Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties"
  # One ND4J thread per task in this JVM too: with --master local[N] the tasks run in it (executors get theirs
  # from spark.executorEnv in conf/spark-defaults.conf)
  export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
  # The executors' BLAS kernel (conf/spark-defaults.conf) for this JVM too, so local[N] computes the same bits
  export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-$(pinned_blas_kernel)}
}

# The OpenBLAS kernel conf/spark-defaults.conf pins for executors (spark.executorEnv.OPENBLAS_CORETYPE), or empty.
pinned_blas_kernel() {
  awk '$1 == "spark.executorEnv.OPENBLAS_CORETYPE" { print $2 }' "$ROOT/conf/spark-defaults.conf"
}

# spark-submit's resource options from the environment; Spark's defaults for those not set.
resources() {
  RESOURCES=()
  [[ -n ${EXECUTOR_CORES:-} ]] && RESOURCES+=(--executor-cores "$EXECUTOR_CORES")
  [[ -n ${EXECUTOR_MEMORY:-} ]] && RESOURCES+=(--executor-memory "$EXECUTOR_MEMORY")
  [[ -n ${NUM_EXECUTORS:-} ]] && RESOURCES+=(--num-executors "$NUM_EXECUTORS")
  [[ -n ${TOTAL_CORES:-} ]] && RESOURCES+=(--total-executor-cores "$TOTAL_CORES")
  [[ -n ${DRIVER_MEMORY:-} ]] && RESOURCES+=(--driver-memory "$DRIVER_MEMORY")
  return 0
}
