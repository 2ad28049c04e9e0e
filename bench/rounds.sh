#!/usr/bin/env bash
# Rounds mode's cost per round on the integration test's real standalone cluster (Master and 1-core Workers as
# separate JVMs on 127.0.0.1, test/.../cluster/StandaloneCluster.java), with 2 and 4 Workers (issue 13 item 3):
#   cli    spark-submit of `train` (the IT's en+ru names table, 10 and 40 rounds x 5 steps x 64 windows, default
#          model, Adam) in rounds mode and in barrier mode, CLI_RUNS times each: training and sync seconds (sync =
#          training minus the slowest task's local steps and the dev evaluation, from --metrics); the 40- and
#          10-round runs' difference / 30 is a round's marginal cost, without the first round's start
#   probe  bench/rounds/.../RoundsProbe.java: broadcast + aggregation alone, no training, in the bench JVM as the
#          driver, per state size and aggregation (collect, inorder, tree2, reduce), Spark's torrent broadcast
#          lz4-compressed (Spark's default) and not; round ms and slowest task ms, WARMUP + ROUNDS rounds
# States: names = 3 x 11,897 floats (143 KB: parameters + Adam's two moments), multiscript = 3 x 1,076,348 (12.9 MB).
# The bench classes compile against target/classes and target/test-classes into bench/out (nothing ships); the
# executors get them in a small jar beside the job jar. TSV on stdout and in bench/out/rounds/rounds.tsv;
# bench/rounds_report.py takes the medians.
#   bench/rounds.sh                          # about 15 minutes on 2 cores
#   WORKERS=2 ROUNDS=5 CLI_RUNS=1 bench/rounds.sh
#   NO_BUILD=1 bench/rounds.sh             # target/ already built from this tree
set -euo pipefail
cd "$(dirname "$0")/.."
workers=${WORKERS:-2,4} states=${STATES:-names=35691,multiscript=3229044}
warmup=${WARMUP:-3} rounds=${ROUNDS:-15} cli_runs=${CLI_RUNS:-3}
out=bench/out/rounds
rm -rf "$out" && mkdir -p "$out/classes"
# The job jar (what spark-submit runs and the executors load), the test classes (the cluster) and their class path
[[ -n ${NO_BUILD:-} ]] || mvn -B -o -q -Dstyle.color=never -DskipTests package
mvn -B -o -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/test-classpath.txt" >/dev/null
cp="target/classes:target/test-classes:$(cat "$out/test-classpath.txt")"
javac -nowarn -d "$out/classes" -cp "$cp" $(find bench/rounds -name '*.java')
jar cf "$out/rounds-bench.jar" -C "$out/classes" .
java -Xmx4g @conf/jvm.options -Dlog4j2.configurationFile=conf/log4j2.properties -cp "$out/classes:$cp" \
  org.sparkmore.cluster.RoundsBench "$workers" "$states" "$warmup" "$rounds" "$out/rounds-bench.jar" "$out/runs" \
  "$cli_runs" | grep -E '^(cli|probe)' | tee "$out/rounds.tsv"
python3 bench/rounds_report.py "$out/rounds.tsv"
