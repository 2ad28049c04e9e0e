#!/usr/bin/env bash
# Runs sparkmore on this machine from the Maven build, with no Spark installation: builds when the sources are
# newer than the build, then runs `sparkmore <args>` (default: train on the embedded names with local[*] and
# conf/demo.conf, printing names with the per-language script mask, so that none mixes writing systems).
#   submit/local.sh                      # train, save models/default, print sampled names
#   submit/local.sh sample -n 10 --no-label
#   submit/local.sh train --help
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=target/classpath.txt
cds=target/sparkmore.jsa
command -v java >/dev/null 2>&1 || { echo "local.sh: java not found; sparkmore needs Java 17" >&2; exit 2; }
if [[ ! -f $stamp ]] || [[ -n $(find src pom.xml -newer "$stamp" -print -quit) ]]; then
  command -v mvn >/dev/null 2>&1 ||
    { echo "local.sh: the build is missing or older than the sources, and mvn is not installed to make it" >&2; exit 2; }
  echo "building (mvn package -DskipTests)..." >&2
  # No job jar: this script runs from target/classpath.txt (the spark-submit scripts build the jar when they need it)
  mvn -B -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package | sed "s/\x1b\[[0-9;]*m//g" >&2
  touch "$stamp"
  rm -f "$cds"
fi
jar=$(ls target/sparkmore-[0-9]*.jar | head -1)
[[ $# -eq 0 ]] && set -- train --config conf/demo.conf
# Class-data sharing: the first training run records the classes it loads into an archive, later runs map it in,
# which cuts about 3 s of JVM and Spark start-up. The archive needs jars on the class path, hence the project jar.
share=()
if [[ -f $cds ]]; then share=(-XX:SharedArchiveFile="$cds")
elif [[ $1 == train && " $* " != *" --help "* ]]; then share=(-XX:ArchiveClassesAtExit="$cds"); fi
# One ND4J/OpenBLAS thread per Spark task: tasks already fill the cores (conf/spark-defaults.conf says why).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
# The BLAS kernel conf/spark-defaults.conf pins for executors, so runs here compute the same bits as on a cluster
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-$(awk '$1 == "spark.executorEnv.OPENBLAS_CORETYPE" { print $2 }' \
  conf/spark-defaults.conf)}
exec java @conf/jvm.options -Dlog4j2.configurationFile=conf/log4j2.properties ${share[@]+"${share[@]}"} -Xlog:cds=off \
  -Xlog:cds+dynamic=off ${JAVA_OPTS:-} -cp "$jar:$(cat "$stamp")" org.sparkmore.cli.Main "$@"
