#!/usr/bin/env bash
# Quality and speed on makemore's benchmark split (../shared/data/names-split), local[2], block 3 / emb 10 /
# hidden 200. Runs RUNS times (default 3) and prints each run's dev/test loss, wall time, training time and
# examples/s, then the medians. Extra arguments go to `sparkmore train` (e.g. --rounds 400).
#   RUNS=3 bench/names-split.sh
set -euo pipefail
cd "$(dirname "$0")/.."
split=${SPLIT:-../shared/data/names-split}
[[ -f $split/train.txt ]] || { echo "no $split/train.txt: this benchmark needs ../shared" >&2; exit 1; }
runs=${RUNS:-3}
out=bench/out
mkdir -p "$out"
mvn -B -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  submit/local.sh train --master 'local[2]' --partitions 2 \
    --train "$split/train.txt" --dev "$split/dev.txt" --test "$split/test.txt" \
    --block-size 3 --embedding-dim 10 --hidden 200 --output "$out/names-split-model" --samples 5 "$@" \
    > "$out/names-split-$i.log" 2>&1
  end=$(date +%s%N)
  line=$(grep '^done:' "$out/names-split-$i.log")
  echo "run $i: wall $(( (end - start) / 1000000 )) ms | $line"
done | tee "$out/names-split-summary.txt"
python3 - "$out/names-split-summary.txt" <<'PY'
import re, statistics, sys
rows = [l for l in open(sys.argv[1]) if l.startswith("run ")]
def col(pattern):
    return statistics.median(float(re.search(pattern, l).group(1).replace(",", "")) for l in rows)
print("median of %d runs: wall %.1f s | training %.1f s | %.0f ex/s | train %.4f | dev %.4f | test %.4f" % (
    len(rows), col(r"wall (\d+) ms") / 1000, col(r"in ([\d.]+) s"), col(r"\(([\d,]+) ex/s"),
    col(r"train ([\d.]+)"), col(r"dev ([\d.]+)"), col(r"test ([\d.]+)")))
PY
