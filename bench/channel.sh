#!/usr/bin/env bash
# What barrier mode's authenticated channels cost: the same training on local[2] built from NEW (default: HEAD) and
# from BASE (default: the commit before the channels were authenticated), each in its own worktree, interleaved run
# by run so machine noise hits both alike. Two shapes: the makemore MLP (11.9k parameters, 48 KB of parameters per message) and a wide one
# (block 8, embedding 64, hidden 1000: about 540k parameters, 6.5 MB of parameters and Adam state per message),
# where hashing every message weighs most. Prints each run's done: and time: lines; bench/channel_report.py takes
# the medians. Needs ../shared/data/names-split.
#   RUNS=3 bench/channel.sh
#   SHAPES=wide RUNS=3 bench/channel.sh      # one shape only
set -euo pipefail
cd "$(dirname "$0")/.."
split=${SPLIT:-../shared/data/names-split}
[[ -f $split/train.txt ]] || { echo "no $split/train.txt: this benchmark needs ../shared" >&2; exit 1; }
runs=${RUNS:-3} base=${BASE:-5874a4c} new=${NEW:-HEAD} shapes=${SHAPES:-small wide}
out=bench/out/channel
rm -rf "$out" && mkdir -p "$out"
base_tree=$out/base new_tree=$out/new
git worktree add -f --detach "$base_tree" "$base" >/dev/null
git worktree add -f --detach "$new_tree" "$new" >/dev/null
trap 'git worktree remove --force "$base_tree"; git worktree remove --force "$new_tree"' EXIT
for tree in "$new_tree" "$base_tree"; do
  (cd "$tree" && mvn -B -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package)
done
root=$PWD split=$(cd "$split" && pwd)
data=(--train "$split/train.txt" --dev "$split/dev.txt" --test "$split/test.txt")
small=(--block-size 3 --embedding-dim 10 --hidden 200 --rounds 50 --steps-per-round 40)
wide=(--block-size 8 --embedding-dim 64 --hidden 1000 --rounds 20 --steps-per-round 10)
train() { # tree name shape...
  local tree=$1 name=$2; shift 2
  (cd "$tree" && OPENBLAS_CORETYPE=Haswell submit/local.sh train --master 'local[2]' --partitions 2 \
    "${data[@]}" "$@" --batch-size 1024 --set train.evalEvery=10 --output "$root/$out/model-$name" --samples 0) \
    > "$out/$name.log" 2>&1
  echo "$name: $(grep -E '^(done|time):' "$out/$name.log" | tr '\n' ' ')"
}
for i in $(seq 1 "$runs"); do
  for shape in $shapes; do
    declare -n args=$shape
    train "$new_tree" "$shape-new-$i" "${args[@]}"
    train "$base_tree" "$shape-base-$i" "${args[@]}"
  done
done | tee "$out/summary.txt"
python3 bench/channel_report.py "$out/summary.txt"
