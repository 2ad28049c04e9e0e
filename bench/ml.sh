#!/usr/bin/env bash
# Spark-side generation and scoring on local[2] (issue 11): sample --output and score, each RUNS times, with a model
# of the makemore shape 3/10/200 trained on ../shared/data/names-split (trained here once if MODEL is not given).
#   RUNS=3 bench/ml.sh                       # generation of N=1M names, scoring of 1M rows
#   N=10000000 RUNS=1 bench/ml.sh            # the 10M-name acceptance run
# Prints one line per run and the medians; the rates are the commands' own (Spark session up, JVM start excluded).
set -euo pipefail
cd "$(dirname "$0")/.."
split=${SPLIT:-../shared/data/names-split}
[[ -f $split/train.txt ]] || { echo "no $split/train.txt: this benchmark needs ../shared" >&2; exit 1; }
runs=${RUNS:-3} n=${N:-1000000} rows=${ROWS:-1000000}
out=bench/out/ml && mkdir -p "$out"
model=${MODEL:-$out/model-3-10-200}
if [[ ! -f $model/model.json ]]; then
  submit/local.sh train --master 'local[2]' --train "$split/train.txt" --dev "$split/dev.txt" --test "$split/test.txt" \
    --block-size 3 --embedding-dim 10 --hidden 200 --rounds 50 --output "$model" --samples 0 > "$out/train.log" 2>&1
fi
# A scoring table of ROWS names: the names-split dev names, repeated
awk -v rows="$rows" '{ a[NR] = $0 } END { for (i = 0; i < rows; i++) print a[i % NR + 1] }' "$split/dev.txt" \
  > "$out/score-input.txt"
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for i in $(seq 1 "$runs"); do
  rm -rf "$out/sampled" "$out/scored"
  g=$(submit/local.sh sample --master 'local[2]' --model "$model" -n "$n" --partitions 2 --output "$out/sampled" \
    | grep '^wrote')
  s=$(submit/local.sh score --master 'local[2]' --model "$model" --input "$out/score-input.txt" \
    --output "$out/scored" | grep '^scored')
  echo "run $i: $g | $s"
done | tee "$out/runs.txt"
echo "generation names/s, median of $runs: $(sed -E 's/.*\(([0-9,]+) names\/s\).*/\1/' "$out/runs.txt" | tr -d , | median)"
echo "scoring rows/s, median of $runs: $(sed -E 's/.*\(([0-9,]+) rows\/s\).*/\1/' "$out/runs.txt" | tr -d , | median)"
