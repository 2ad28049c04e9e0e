#!/usr/bin/env bash
# Runs sparkmore on this machine from the Maven build, with no Spark installation: builds when the sources are
# newer than the build, then runs `sparkmore <args>` (default: train on the embedded names with local[*]).
#   submit/local.sh                      # train, save models/default, print sampled names
#   submit/local.sh sample -n 10 --no-label
#   submit/local.sh train --help
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=target/classpath.txt
if [[ ! -f $stamp ]] || [[ -n $(find src pom.xml -newer "$stamp" -print -quit) ]]; then
  echo "building (mvn package -DskipTests)..." >&2
  mvn -B -q -DskipTests package
fi
# One ND4J/OpenBLAS thread per Spark task: tasks already fill the cores (conf/spark-defaults.conf says why).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
[[ $# -eq 0 ]] && set -- train
exec java @conf/jvm.options -Dlog4j2.configurationFile=conf/log4j2.properties ${JAVA_OPTS:-} -cp "target/classes:$(cat "$stamp")" org.sparkmore.cli.Main "$@"
