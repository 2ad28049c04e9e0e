#!/usr/bin/env bash
# Barrier mode's average at scale: the old all-to-all (bench/collective/.../PeerMesh.java, a benchmark-only copy of
# the class main deleted in 907f633) and the chain all-reduce (src/main's ChainAllReduce), side by side in one JVM,
# for P = 2, 4, 8, 16 tasks as threads on loopback and two states (parameters + Adam's two moments, float):
#   names        11,897 params  -> 143 KB   (block 3, emb 10, hidden 200, vocabulary 27)
#   multiscript  1,076,348 params -> 12.9 MB (the same MLP over 3,084 symbols, 656,924 params, plus the
#                136 languages x 3,084 output biases of model.languageBias; the language embedding's 3,360
#                params are left out, 0.3% of the state)
#   probe        16 params -> 192 bytes: a round of it is message latency, the alpha of the fit
# Per (state, P, algorithm): connections and bytes sent per task in a round (the classes' own counters), and each
# measured round's time after WARMUP rounds. bench/collective_report.py takes the medians and fits and projects an
# alpha-beta model. The bench classes compile against target/classes (package org.sparkmore.train, to reach its
# package-private classes) into bench/out, so nothing of this ships in the jar.
#   bench/collective.sh        # about 10 minutes on 2 shared cores, half of it the 16-task all-to-all of 12.9 MB
#   TASKS=16 WARMUP=1 SIZES=multiscript=1076348:2 bench/collective.sh   # that cell alone, 1 + 2 rounds (3 min)
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${TASKS:-2,4,8,16} warmup=${WARMUP:-2}
sizes=${SIZES:-probe=16:30,names=11897:15,multiscript=1076348:5}
out=bench/out/collective
mkdir -p "$out/classes"
[[ -f target/classpath.txt && -d target/classes ]] ||
  mvn -B -o -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package
cp="target/classes:$(cat target/classpath.txt)"
javac -nowarn -d "$out/classes" -cp "$cp" bench/collective/org/sparkmore/train/*.java
# 16 tasks of the old all-to-all each hold 15 received 12.9 MB states and their weighted copies at once
java -Xmx${HEAP:-10g} -Dlog4j2.configurationFile=conf/log4j2.properties -cp "$out/classes:$cp" \
  org.sparkmore.train.CollectiveScale "$tasks" "$sizes" "$warmup" | tee "$out/scale.tsv"
python3 bench/collective_report.py "$out/scale.tsv"
