#!/usr/bin/env bash
# Issue 13's "no slowdown" check: the names-split benchmark (bench/names-split.sh's command: local[2], 2 partitions,
# block 3 / emb 10 / hidden 200, the default 50 rounds x 40 steps x batch 1024, barrier mode) built from BASE
# (default 1862478, main before the chain all-reduce and the compact windows were merged) and from NEW (default
# HEAD), each in its own worktree, interleaved run by run so that noise from other jobs on the machine hits both
# alike. Acceptance: NEW's dev loss within 0.002 of 2.1029 and its examples/s within 5% of BASE's (medians).
# Prints each run's done: and time: lines; bench/channel_report.py takes the medians (training s, examples/s,
# compute s, sync s, dev). Needs ../shared/data/names-split.
#   RUNS=5 bench/noslowdown.sh
#   BASE=<commit> NEW=<commit> RUNS=3 bench/noslowdown.sh
set -euo pipefail
cd "$(dirname "$0")/.."
split=${SPLIT:-../shared/data/names-split}
[[ -f $split/train.txt ]] || { echo "no $split/train.txt: this benchmark needs ../shared" >&2; exit 1; }
runs=${RUNS:-3} base=${BASE:-1862478} new=${NEW:-HEAD}
out=bench/out/noslowdown
rm -rf "$out" && mkdir -p "$out"
base_tree=$out/base new_tree=$out/new
git worktree add -f --detach "$base_tree" "$base" >/dev/null
git worktree add -f --detach "$new_tree" "$new" >/dev/null
trap 'git worktree remove --force "$base_tree"; git worktree remove --force "$new_tree"' EXIT
for tree in "$new_tree" "$base_tree"; do
  (cd "$tree" && mvn -B -o -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package)
done
root=$PWD split=$(cd "$split" && pwd)
train() { # tree name
  local tree=$1 name=$2
  # The kernel pinned for both trees (submit/local.sh reads it from conf), so only the code differs
  (cd "$tree" && submit/local.sh train --master 'local[2]' --partitions 2 \
    --train "$split/train.txt" --dev "$split/dev.txt" --test "$split/test.txt" \
    --block-size 3 --embedding-dim 10 --hidden 200 --output "$root/$out/model-$name" --samples 0) \
    > "$out/$name.log" 2>&1
  echo "$name: $(grep -E '^(done|time):' "$out/$name.log" | tr '\n' ' ')"
}
for i in $(seq 1 "$runs"); do
  # Alternate which tree goes first, so neither always follows the other's page cache or JIT-free minutes
  if (( i % 2 )); then train "$new_tree" "names-new-$i"; train "$base_tree" "names-base-$i"
  else train "$base_tree" "names-base-$i"; train "$new_tree" "names-new-$i"; fi
done | tee "$out/summary.txt"
python3 bench/channel_report.py "$out/summary.txt"
# Run i of both trees ran back to back, so their ratio cancels the load of that minute better than the medians do
python3 - "$out/summary.txt" <<'PY'
import re, statistics, sys
rate = {}
for line in open(sys.argv[1]):
    m = re.match(r"names-(new|base)-(\d+): .*\(([\d,]+) ex/s\)", line)
    if m: rate[m[1], int(m[2])] = int(m[3].replace(",", ""))
pairs = sorted(i for tree, i in rate if tree == "new" and ("base", i) in rate)
ratios = [rate["new", i] / rate["base", i] for i in pairs]
print("new/base examples/s per pair: " + " ".join(f"{r:.3f}" for r in ratios)
      + f" | median {statistics.median(ratios):.3f}")
PY
