#!/usr/bin/env bash
# Quality and speed on makemore's benchmark split (../shared/data/names-split), local[2], block 3 / emb 10 /
# hidden 200, or the model and training of a config file (CONFIG=conf/names-large.conf). Runs RUNS times (default 3)
# and prints each run's dev/test loss, wall time, training time, examples/s and parameter count, then the medians,
# and whether every run gave the same losses to the bit and the same parameters. Extra arguments go to
# `sparkmore train` (e.g. --rounds 400).
#   RUNS=3 bench/names-split.sh
#   CONFIG=conf/names-large.conf bench/names-split.sh
set -euo pipefail
cd "$(dirname "$0")/.."
split=${SPLIT:-../shared/data/names-split}
[[ -f $split/train.txt ]] || { echo "no $split/train.txt: this benchmark needs ../shared" >&2; exit 1; }
runs=${RUNS:-3}
out=bench/out
mkdir -p "$out"
mvn -B -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package
# flags outrank a config file, so the lecture's shape is given as flags only without one
shape=(--block-size 3 --embedding-dim 10 --hidden 200)
[[ -n ${CONFIG:-} ]] && shape=(--config "$CONFIG")
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  submit/local.sh train --master 'local[2]' --partitions 2 \
    --train "$split/train.txt" --dev "$split/dev.txt" --test "$split/test.txt" \
    "${shape[@]}" --output "$out/names-split-model" --samples 5 --metrics "$out/names-split-$i.json" "$@" \
    > "$out/names-split-$i.log" 2>&1
  end=$(date +%s%N)
  line=$(grep '^done:' "$out/names-split-$i.log")
  sum=$(sha256sum "$out/names-split-model/params.npy" | cut -c1-16)
  echo "run $i: wall $(( (end - start) / 1000000 )) ms | $line | params.npy $sum"
done | tee "$out/names-split-summary.txt"
python3 - "$out/names-split-summary.txt" "$out/names-split-model" "$out"/names-split-[0-9]*.json <<'PY'
import json, re, statistics, sys
import numpy as np
rows = [l for l in open(sys.argv[1]) if l.startswith("run ")]
runs = [json.load(open(f)) for f in sys.argv[3:3 + len(rows)]]
losses = {tuple(r.get(k) for k in ("trainLoss", "devLoss", "testLoss")) for r in runs}
sums = {l.rsplit("params.npy ", 1)[1].strip() for l in rows}
print("parameters: %d | losses bit-identical in every run: %s | parameters identical: %s" % (
    np.load(sys.argv[2] + "/params.npy").size, len(losses) == 1, len(sums) == 1))
def col(pattern):
    return statistics.median(float(re.search(pattern, l).group(1).replace(",", "")) for l in rows)
print("median of %d runs: wall %.1f s | training %.1f s | %.0f ex/s | train %.4f | dev %.4f | test %.4f" % (
    len(rows), col(r"wall (\d+) ms") / 1000, col(r"in ([\d.]+) s"), col(r"\(([\d,]+) ex/s"),
    col(r"train ([\d.]+)"), col(r"dev ([\d.]+)"), col(r"test ([\d.]+)")))
PY
