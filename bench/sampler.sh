#!/usr/bin/env bash
# Driver-side sampling speed, side by side: sparkmore's Sampler (bench/jmh SamplerProbe, one thread, JVM start-up
# and a 20k-name warm-up excluded) against makemore's batched generate in PyTorch on one thread
# (bench/pytorch/sample.py), on the same 3/10/200 model of names-split, at N = 10k, 100k and 1M names, interleaved
# run by run so that machine noise hits both alike. Prints medians of names/s and of peak RSS (/usr/bin/time).
#   RUNS=3 bench/sampler.sh
#   MODEL=bench/out/sampler/model-3-10-200 NS="10000 100000" RUNS=1 bench/sampler.sh
#   OLD_REF=e9dc22a bench/sampler.sh   # also times that commit's sampler once at N=10k (sample(), the list API)
# Trains the model (20 rounds, about 30 s of training) into bench/out/sampler/ when MODEL does not exist.
# Results: bench/out/sampler/runs.txt (every run), bench/results/sampler.txt (the table).
set -euo pipefail
cd "$(dirname "$0")/.."
split=${SPLIT:-../shared/data/names-split}
runs=${RUNS:-3} ns=${NS:-10000 100000 1000000}
out=bench/out/sampler
model=${MODEL:-$out/model-3-10-200}
result=${RESULT:-bench/results/sampler.txt}
mkdir -p "$out" "$(dirname "$result")"
# The project's pins: the BLAS kernel conf/spark-defaults.conf uses, one OpenMP/BLAS thread
export OPENBLAS_CORETYPE=Haswell OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

mvn -B -o -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true install
(cd bench/jmh && mvn -B -o -q -Dstyle.color=never package)
cp=bench/jmh/target/classes:$(ls target/sparkmore-[0-9]*.jar | head -1):$(cat target/classpath.txt)

if [[ ! -f $model/model.json ]]; then
  [[ -f $split/train.txt ]] || { echo "no $split/train.txt and no model at $model" >&2; exit 1; }
  submit/local.sh train --master "local[2]" --partitions 2 --train "$split/train.txt" --dev "$split/dev.txt" \
    --test "$split/test.txt" --block-size 3 --embedding-dim 10 --hidden 200 --batch-size 1024 --lr 0.02 \
    --rounds 20 --steps-per-round 40 --output "$model" --samples 0 > "$out/train.log" 2>&1
fi
torch=yes
if bench/pytorch/setup.sh > "$out/setup.log" 2>&1; then . bench/pytorch/env.sh; else
  echo "skipping the PyTorch reference: $(tail -1 "$out/setup.log")" >&2; torch=no; fi

rss() { # command...: runs it, prints its last output line and "rss_kb=<peak RSS>"
  local line
  line=$(/usr/bin/time -f "rss_kb=%M" "$@" 2>&1 | grep -E '^(sampler|rss_kb=)' | tr '\n' ' ')
  echo "$line"
}
jvm() { rss java @conf/jvm.options -cp "$cp" org.sparkmore.bench.SamplerProbe "$model" "$@"; }
pytorch() { rss "$PYTORCH_PY" bench/pytorch/sample.py "$model" --threads 1 -n "$@"; }

for i in $(seq 1 "$runs"); do
  for n in $ns; do
    echo "run=$i $(jvm "$n" stream)"
    [[ $torch == yes ]] && echo "run=$i $(pytorch "$n")"
  done
done | tee "$out/runs.txt"

old=""
if [[ -n ${OLD_REF:-} ]]; then # the sampler before streaming, at N=10k, one run (it takes about a minute)
  rm -rf "$out/old" && mkdir -p "$out/old" && git archive "$OLD_REF" | tar -x -C "$out/old"
  (cd "$out/old" && mvn -B -o -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package)
  oldcp=bench/jmh/target/classes:$(ls "$out"/old/target/sparkmore-[0-9]*.jar | head -1):$(cat "$out/old/target/classpath.txt")
  old=$(rss java @conf/jvm.options -cp "$oldcp" org.sparkmore.bench.SamplerProbe "$model" 10000 list 1000)
  echo "old ($OLD_REF): $old" | tee -a "$out/runs.txt"
fi

python3 - "$out/runs.txt" "$runs" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(getconf _NPROCESSORS_ONLN) cores" <<'PY' | tee "$result"
import re, statistics, sys
runs, when, cpu = sys.argv[2], sys.argv[3], sys.argv[4]
rows = {}
for line in open(sys.argv[1]):
    m = re.search(r"sampler (jvm|pytorch).* n=(\d+).* names/s=(\d+).*rss_kb=(\d+)", line)
    if m and not line.startswith("old"):
        rows.setdefault((int(m[2]), m[1]), []).append((int(m[3]), int(m[4])))
print(f"driver-side sampling, 3/10/200 names-split model, one thread; {when}; {cpu}; medians of {runs} runs")
print("JVM: sparkmore Sampler.draw(config, sink) after a 20k-name warm-up; PyTorch: makemore batched generate,"
      " chunks of 10k, ids only (decoding to strings not timed)")
print(f"{'N':>9} {'JVM names/s':>12} {'PyTorch names/s':>16} {'JVM/PyTorch':>12} {'JVM RSS MB':>11} {'PyTorch RSS MB':>15}")
for n in sorted({k[0] for k in rows}):
    j, t = rows.get((n, "jvm"), []), rows.get((n, "pytorch"), [])
    med = lambda xs, i: statistics.median(x[i] for x in xs) if xs else float("nan")
    print(f"{n:>9} {med(j, 0):>12,.0f} {med(t, 0):>16,.0f} {med(j, 0) / med(t, 0):>12.1f} "
          f"{med(j, 1) / 1024:>11,.0f} {med(t, 1) / 1024:>15,.0f}")
for line in open(sys.argv[1]):
    if line.startswith("old"):
        print("before streaming: " + line.strip())
PY
