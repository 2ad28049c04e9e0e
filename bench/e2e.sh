#!/usr/bin/env bash
# End-to-end, side by side: sparkmore on local[1] and local[2] against the same model, data and optimiser in
# single-process PyTorch with 1 and 2 threads, interleaved run by run so that machine noise hits all alike.
#   RUNS=3 bench/e2e.sh                 # the defaults: batch 1024 per step (per partition), lr 0.02, 50 rounds x 40 steps
#   BATCH=512 LR=0.01 RUNS=3 bench/e2e.sh
#   ROUNDS=150 RESULT=bench/results/e2e-150.json RUNS=3 bench/e2e.sh   # a longer run, past the JIT warm-up
# Reports (bench/e2e_report.py): start-up to the first step, training examples/s, time to dev 2.20 and 2.15
# (training time without evaluation, as PyTorch's), final dev, and compute/sync/eval shares; writes
# bench/results/e2e.json. Needs ../shared/data/names-split; the PyTorch side needs bench/pytorch/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
split=${SPLIT:-../shared/data/names-split}
[[ -f $split/train.txt ]] || { echo "no $split/train.txt: this benchmark needs ../shared" >&2; exit 1; }
runs=${RUNS:-3} batch=${BATCH:-1024} lr=${LR:-0.02} rounds=${ROUNDS:-50} steps=${STEPS:-40} every=${EVAL_EVERY:-5}
out=bench/out/e2e${ROUNDS:+-$ROUNDS}
rm -rf "$out" && mkdir -p "$out"
mvn -B -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package
torch=yes
if bench/pytorch/setup.sh > "$out/setup.log" 2>&1; then . bench/pytorch/env.sh; else
  echo "skipping the PyTorch reference: $(tail -1 "$out/setup.log")" >&2; torch=no; fi

data=(--train "$split/train.txt" --dev "$split/dev.txt" --test "$split/test.txt")
spark() { # name partitions
  submit/local.sh train --master "local[$2]" --partitions "$2" "${data[@]}" --block-size 3 --embedding-dim 10 \
    --hidden 200 --batch-size "$batch" --lr "$lr" --rounds "$rounds" --steps-per-round "$steps" \
    --set train.evalEvery="$every" --output "$out/model-$1" --metrics "$out/$1.json" --samples 0 \
    > "$out/$1.log" 2>&1
  grep -E '^(done|time):' "$out/$1.log" | tr '\n' ' '; echo
}
pytorch() { # name threads [env...]
  local name=$1 threads=$2; shift 2
  env "$@" OMP_NUM_THREADS="$threads" "$PYTORCH_PY" bench/pytorch/train.py "${data[@]}" --batch "$batch" \
    --lr "$lr" --steps $((rounds * steps * 2)) --eval-every $((every * steps * 2)) --threads "$threads" \
    --json "$out/$name.json" 2>&1 | tail -1
}
for i in $(seq 1 "$runs"); do
  echo "== run $i"
  echo "spark local[2]: $(spark "spark-l2-$i" 2)"
  echo "spark local[1]: $(spark "spark-l1-$i" 1)"
  if [[ $torch == yes ]]; then
    echo "$(pytorch "torch-t1-$i" 1)"
    echo "$(pytorch "torch-t2active-$i" 2 OMP_WAIT_POLICY=ACTIVE)"
    echo "$(pytorch "torch-t2passive-$i" 2 OMP_WAIT_POLICY=PASSIVE)"
  fi
done | tee "$out/runs.txt"
python3 bench/e2e_report.py "$out" "batch=$batch lr=$lr rounds=$rounds steps=$steps evalEvery=$every runs=$runs" \
  "${RESULT:-bench/results/e2e.json}" | tee "$out/report.md"
