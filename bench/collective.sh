#!/usr/bin/env bash
# Barrier mode's average at scale: the old all-to-all (bench/collective/.../PeerMesh.java, a benchmark-only copy of
# the class main deleted in 907f633) and the chain all-reduce (src/main's ChainAllReduce), side by side in one run,
# for P = 2, 4, 8, 16 tasks on loopback and two states (parameters + Adam's two moments, float):
#   names        11,897 params  -> 143 KB   (block 3, emb 10, hidden 200, vocabulary 27)
#   multiscript  1,076,348 params -> 12.9 MB (the same MLP over 3,084 symbols, 656,924 params, plus the
#                136 languages x 3,084 output biases of model.languageBias; the language embedding's 3,360
#                params are left out, 0.3% of the state)
#   probe        16 params -> 192 bytes: a round of it is message latency, the alpha of the fit
# MODE=jvms (the default): every task is a JVM of its own (ScaleTask, CHILD_OPTS, default -Xmx1g and serial GC),
# started by the coordinator JVM (ScaleJvms), which hosts the DriverChannel where the tasks swap addresses, as a
# barrier stage's driver does, and hands each task the stage's key over its stdin (never argv, env or a file).
# MODE=threads: the tasks are threads of one JVM (HEAP, default 10g: 16 tasks of the old all-to-all each hold 15
# received 12.9 MB states and their weighted copies at once). Either way the tasks share the machine's cores.
# Per (state, P, algorithm): connections and bytes sent per task in a round (the classes' own counters), and each
# measured round's time (all tasks released together; first start to last return) after WARMUP rounds, or after a
# size's own (SIZES' NAME=PARAMS:ROUNDS:WARMUP). The TSV's first line says the mode; bench/collective_report.py
# takes the medians and fits and projects an alpha-beta model. The bench classes compile against $TARGET/classes
# (package org.sparkmore.train, to reach its package-private classes) into bench/out, so nothing of this ships in
# the jar.
#   bench/collective.sh        # jvms: not yet timed whole; 180 task JVMs start, and the small states warm 10 rounds
#   MODE=threads bench/collective.sh   # about 10 minutes on 2 shared cores, half of it the 16-task all-to-all
#                                        of 12.9 MB
#   TASKS=16 WARMUP=1 SIZES=multiscript=1076348:2 bench/collective.sh   # that cell alone, 1 + 2 rounds
#   TASKS=2,4 SIZES=probe=16:3:1,names=11897:3:1 bench/collective.sh  # a smoke test: counts and bits, not times
#   TARGET=/other/checkout/target bench/collective.sh   # another checkout's build of the same src/main
# A failed task takes the run down and leaves no JVM behind (the coordinator kills the rest; a task whose
# coordinator is gone halts).
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${TASKS:-2,4,8,16} warmup=${WARMUP:-2} mode=${MODE:-jvms} target=${TARGET:-target}
# A cell's task JVMs start cold in jvms mode: the small states need about 10 rounds before the JIT has compiled
# the hashing and summing (the threads mode's JVM stays warm from cell to cell); one 12.9 MB round is plenty
warm=$([[ $mode == jvms ]] && echo 10 || echo "$warmup")
sizes=${SIZES:-probe=16:30:$warm,names=11897:15:$warm,multiscript=1076348:5:$warmup}
[[ $mode == jvms || $mode == threads ]] || { echo "MODE must be jvms or threads, not $mode" >&2; exit 2; }
out=bench/out/collective
mkdir -p "$out/classes"
[[ -f $target/classpath.txt && -d $target/classes ]] ||
  mvn -B -o -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package
cp="$target/classes:$(cat "$target/classpath.txt")"
javac -nowarn -d "$out/classes" -cp "$cp" bench/collective/org/sparkmore/train/*.java
# The coordinator of jvms mode only hosts the driver's channel; the threads mode holds every task's states
heap=${HEAP:-$([[ $mode == jvms ]] && echo 512m || echo 10g)}
java -Xmx"$heap" -Dlog4j2.configurationFile=conf/log4j2.properties \
  -Dcollective.childOpts="${CHILD_OPTS:--Xmx1g -XX:+UseSerialGC}" -cp "$out/classes:$cp" \
  org.sparkmore.train.CollectiveScale "$tasks" "$sizes" "$warmup" "$mode" | tee "$out/scale.tsv"
python3 bench/collective_report.py "$out/scale.tsv"
