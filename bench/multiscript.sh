#!/usr/bin/env bash
# Multilingual benchmark (issue 4) on ../shared/data/multiscript/multiscript-names.csv (599,267 names, 136
# languages, 26 scripts), local[2]:
#   1. quality: the same model and budget trained plain, language-conditioned, conditioned with
#      --balance-languages, conditioned on --main-script-only data, and both of the last two; each evaluated per
#      language (dev loss, novelty and script purity of 200 generated names per language);
#   2. scale: the table replicated 1x, 5x and 20x (about 12M rows; written under bench/out, never stored), one
#      epoch each with the vocabulary capped at 300 symbols: windows-preparation throughput, training examples/s,
#      epoch time, bytes per cached window, peak heap after GC (the live data) and peak resident memory of the JVM
#      (driver and executors: local mode runs them in one process).
#   bench/multiscript.sh                      # both parts, about 45 minutes on 2 cores
#   PARTS=quality CONFIGS="plain conditioned" bench/multiscript.sh
#   PARTS=scale SCALES="1 5" bench/multiscript.sh
#   PARTS=quality CONFIGS=main-script-balanced ROUNDS=160 bench/multiscript.sh   # two epochs
#   PARTS=quality CONFIGS=main-script-balanced-0.3 ROUNDS=240 EVAL_EVERY=40 bench/multiscript.sh
#   PARTS=quality CONFIGS="conditioned conditioned-nobias" bench/multiscript.sh  # -nobias: model.languageBias=false
#   PARTS=quality CONFIGS=main-script-balanced ROUNDS=160 SAMPLES=1000 bench/multiscript.sh  # purity of 1000 names
#   PARTS=quality CONFIGS=conditioned TAG=eps EXTRA="--set optim.epsilon=1e-10" bench/multiscript.sh  # conditioned-eps
# Results: bench/results/multiscript.json and a markdown summary on stdout (bench/multiscript_report.py).
set -euo pipefail
cd "$(dirname "$0")/.."
table=${TABLE:-../shared/data/multiscript/multiscript-names.csv}
[[ -f $table ]] || { echo "no $table: this benchmark needs ../shared" >&2; exit 1; }
parts=${PARTS:-quality scale}
configs=${CONFIGS:-plain conditioned balanced main-script}
scales=${SCALES:-1 5 20}
rounds=${ROUNDS:-80} steps=${STEPS:-40} batch=${BATCH:-512}
out=bench/out/multiscript
mkdir -p "$out"
mvn -B -q -Dstyle.color=never -DskipTests -Dsparkmore.jobJar.skip=true package
export JAVA_OPTS=${JAVA_OPTS:--Xmx14g}
run() { # name log-file args...: a timed sparkmore run; GNU time appends its report to the log
  local log=$2; shift 2
  /usr/bin/time -v submit/local.sh "$@" > "$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
}

if [[ " $parts " == *" quality "* ]]; then
  for cfg in $configs; do
    extra=()
    base=${cfg%-nobias} # a -nobias suffix: the same configuration without per-language output biases
    [[ $base != "$cfg" ]] && extra=(--set model.languageBias=false)
    case $base in
      plain) extra=(--set model.languageEmbedding=false) ;;
      conditioned) ;;
      balanced) extra+=(--balance-languages) ;;
      main-script) extra+=(--main-script-only) ;;
      main-script-balanced) extra+=(--main-script-only --balance-languages) ;;
      main-script-balanced-0.3) extra+=(--main-script-only --balance-languages 0.3) ;;
      *) echo "unknown config $cfg" >&2; exit 1 ;;
    esac
    # EXTRA: more train arguments, for a run named $cfg-$TAG
    [[ -n ${EXTRA:-} ]] && { extra+=($EXTRA); cfg=$cfg-${TAG:?EXTRA needs a TAG to name the run}; }
    echo "== quality: $cfg"
    run "$cfg" "$out/$cfg.log" train --master 'local[2]' --input "$table" --language-column language \
      --rounds "$rounds" --steps-per-round "$steps" --batch-size "$batch" --samples 0 \
      --set train.evalEvery="${EVAL_EVERY:-10}" \
      --output "$out/model-$cfg" --metrics "$out/$cfg.json" ${extra[@]+"${extra[@]}"}
    grep -E '^(data|vocabulary|windows|time|done):' "$out/$cfg.log"
    run "$cfg" "$out/$cfg-eval.log" evaluate --master 'local[2]' --model "$out/model-$cfg" --samples "${SAMPLES:-200}" \
      --report "$out/$cfg-eval.json"
    grep -E '^(average|dev )' "$out/$cfg-eval.log"
  done
fi

if [[ " $parts " == *" scale "* ]]; then
  train_windows_1x=3282637 # the 1x table's train windows (block 3), for one epoch of rounds x steps x 1024 x 2
  for n in $scales; do
    csv="$out/multiscript-${n}x.csv"
    [[ -f $csv ]] || awk -v n="$n" 'NR == 1 { print; next } { rows[++k] = $0 }
      END { for (i = 0; i < n; i++) for (j = 1; j <= k; j++) print rows[j] }' "$table" > "$csv"
    r=$(( (train_windows_1x * n + 2 * 40 * 1024 - 1) / (2 * 40 * 1024) ))
    echo "== scale: ${n}x ($(( $(wc -l < "$csv") - 1 )) rows), $r rounds"
    # The GC log's heap after each collection bounds the live data, which the 14 GB heap's RSS does not show
    JAVA_OPTS="$JAVA_OPTS -Xlog:gc:file=$out/scale-$n-gc.log" run "scale-$n" "$out/scale-$n.log" train --master 'local[2]' --input "$csv" --language-column language \
      --max-vocab 300 --rounds "$r" --steps-per-round 40 --batch-size 1024 --set train.evalEvery="$r" \
      --samples 0 --output "$out/model-scale-$n" --metrics "$out/scale-$n.json"
    grep -E '^(data|vocabulary|windows|start-up|time|done):|Maximum resident' "$out/scale-$n.log"
  done
fi
python3 bench/multiscript_report.py "$out" | tee "$out/report.md"
