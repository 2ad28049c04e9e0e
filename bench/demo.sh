#!/usr/bin/env bash
# The README's main command, timed: runs `submit/local.sh` (no arguments) RUNS times (default 3) and prints per run
# the wall time, start-up to the first training step and its stages (from the uptime the job prints on its stage
# lines: Spark up, reading + cleaning, vocabulary, windows), training, the rest (losses of every split, saving,
# samples, JVM exit), the dev loss and the machine's load (`uptime`) before and after; then the medians. Then the
# script purity of PURITY names (default 1,000) per printed language, with the demo's mask (--script-only) and
# without it (the model's own), by `submit/local.sh sample`, whose `purity:` line counts as `evaluate --report` does.
#   bench/demo.sh                  # 3 runs, then purity
#   RUNS=1 PURITY=0 bench/demo.sh  # one run, no purity
# Run it on a quiet machine: the timings take what the CPU gives. The first run after a build records the
# class-data-sharing archive (slower); the script runs once untimed first when the archive is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
purity=${PURITY:-1000}
out=${OUT:-bench/out/demo}
mkdir -p "$out"
load() { uptime | sed 's/.*load average: //'; }
if [[ ! -f target/sparkmore.jsa ]]; then
  echo "warm-up run (records the class-data-sharing archive; not timed)" >&2
  submit/local.sh >"$out/warmup.log" 2>&1
fi
printf '%-4s %7s %8s %8s %8s %8s %8s %8s %8s %8s %7s  %s\n' run wall startup spark read vocab windows step \
  training rest dev "load before -> after"
for ((i = 1; i <= runs; i++)); do
  before=$(load)
  t0=$(date +%s.%N)
  submit/local.sh >"$out/run-$i.log" 2>&1
  t1=$(date +%s.%N)
  after=$(load)
  awk -v run="$i" -v wall="$(echo "$t1 - $t0" | bc)" -v loads="$before -> $after" '
    function at(line) { match(line, /\[[0-9.]+ s\]$/); return substr(line, RSTART + 1, RLENGTH - 4) + 0 }
    /^spark: / { spark = at($0) }
    /^data: / { data = at($0) }
    /^vocabulary: / { vocab = at($0) }
    /^windows: / { windows = at($0) }
    /^start-up: / { startup = $2 + 0 }
    /^time: / { training = $2 + 0 }
    /^done: / { dev = $6 }
    END {
      printf "%-4s %7.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %7s  %s\n", run, wall, startup, spark,
        data - spark, vocab - data, windows - vocab, startup - windows, training, wall - startup - training, dev,
        loads
    }' "$out/run-$i.log"
done | tee "$out/runs.txt"
# Medians per column (the middle run of each column, sorted on its own)
awk '{ for (c = 2; c <= 11; c++) v[c, NR] = $c; n = NR }
  END {
    printf "%-4s", "med"
    for (c = 2; c <= 11; c++) {
      for (i = 1; i <= n; i++) s[i] = v[c, i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (s[j] + 0 < s[i] + 0) { t = s[i]; s[i] = s[j]; s[j] = t }
      m = n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
      printf(c == 11 ? " %7s" : c == 2 ? " %7.1f" : " %8.1f", m)
    }
    print ""
  }' "$out/runs.txt"
[[ $purity -gt 0 ]] || exit 0
# The printed languages: the first column of the last run's sample lines
languages=$(awk '/^samples/ { on = 1; next } on && /^  / { print $1 } /^[0-9]+ of [0-9]+ samples/ { on = 0 }' \
  "$out/run-$runs.log" | uniq)
echo "purity of $purity names per printed language (model models/default, seed 2147483647):"
for l in $languages; do
  masked=$(submit/local.sh sample --model models/default --language "$l" -n "$purity" --script-only 2>&1 |
    tee "$out/sample-$l-masked.log" | awk '/^purity: / { print $2 "/" $4 }')
  raw=$(submit/local.sh sample --model models/default --language "$l" -n "$purity" 2>&1 |
    tee "$out/sample-$l.log" | awk '/^purity: / { print $2 "/" $4 }')
  echo "  $l: with --script-only $masked, without (the model's own) $raw"
done
