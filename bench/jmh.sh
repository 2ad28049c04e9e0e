#!/usr/bin/env bash
# JMH microbenchmark of one training step (Mlp.lossAndGradient + an Adam step) on a single thread, for the
# 27/3/10/[200] and 27/5/24/[512] models at batch 32, 256 and 1024 (bench/jmh/.../TrainStepBenchmark.java).
#
#   bench/jmh.sh                 build (install the root project, package bench/jmh), run, print examples/s
#   bench/jmh.sh -p batch=1024   extra arguments go to JMH
#   JMH_JAR=/path/benchmarks.jar bench/jmh.sh   skip the build and run that jar (e.g. to compare two builds)
#
# Results: bench/results/jmh.json (JMH's JSON), plus a table of examples/s (ops/s times batch) on stdout.
# The whole run takes about 2 minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
results="$root/bench/results"
jar="${JMH_JAR:-}"
if [[ -z "$jar" ]]; then
  (cd "$root" && mvn -q -DskipTests -Dsparkmore.jobJar.skip=true install)
  (cd "$root/bench/jmh" && mvn -q package)
  jar="$root/bench/jmh/target/benchmarks.jar"
fi
mkdir -p "$results"
out="${JMH_OUT:-$results/jmh.json}"

# One OpenMP and one BLAS thread, as Spark tasks run (conf/spark-defaults.conf says why); the benchmark also caps ND4J's own threads in @Setup.
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 java -jar "$jar" TrainStepBenchmark \
  -f 1 -wi 3 -w 1s -i 8 -r 1s -tu s -rf json -rff "$out" "$@"

echo
echo "examples/s = ops/s x batch (median of the measurement iterations, +- JMH's 99.9% error)"
python3 - "$out" <<'PY'
import json, sys
print(f"{'model':<16} {'batch':>6} {'examples/s':>14} {'error':>12}")
for r in json.load(open(sys.argv[1])):
    b = int(r["params"]["batch"])
    m = r["primaryMetric"]
    print(f"{r['params']['model']:<16} {b:>6} {int(m['scorePercentiles']['50.0'] * b):>14,} {int(m['scoreError'] * b):>12,}")
PY
