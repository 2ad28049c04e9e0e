#!/usr/bin/env bash
# Scheduled retraining: trains a new version of the names model on the current TABLE and keeps the last KEEP.
#   submit/retrain.sh TABLE [MODELS_DIR] [-- MORE TRAIN ARGS...]
#   submit/retrain.sh hdfs:///data/names.csv hdfs:///models/ -- --name-column first_name --language-column lang
# runs
#   train --input TABLE --output MODELS_DIR --versioned --warm-start latest --keep KEEP [MORE TRAIN ARGS]
# which writes MODELS_DIR/<UTC timestamp>/ (model, metrics, config), starting from the LATEST model's parameters;
# LATEST moves to the new version only if it passes the promotion gate (its dev loss is not worse than LATEST's
# by more than the configured margin), and only the KEEP (default 5) newest versions stay, never LATEST.
# MODELS_DIR defaults to models/; relative paths are from the current directory. RUNNER picks how it runs
# (default submit/local.sh, no Spark installation needed), e.g. RUNNER="submit/standalone.sh spark://m:7077" or
# RUNNER="submit/yarn.sh"; KEEP and the runner's own variables (SPARK_HOME, EXECUTOR_MEMORY, ...) pass through.
# Exit code: train's.
# Schedule it with submit/retrain.cron, submit/systemd/ or submit/airflow_retrain_dag.py.
set -euo pipefail
usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit 2
}
# Local paths as the caller wrote them, relative to the caller's directory (the runner works from the repository)
absolute() {
  if [[ $1 == *://* ]]; then echo "$1"; else realpath -m "$1"; fi
}
[[ $# -ge 1 && $1 != -* ]] || usage  # also -h, --help
table=$1
shift
models=models/
if [[ $# -ge 1 && $1 != -- ]]; then
  models=$1
  shift
fi
if [[ $# -ge 1 ]]; then
  [[ $1 == -- ]] || usage
  shift
fi
table=$(absolute "$table")
models=$(absolute "$models")
models=${models%/}/
keep=${KEEP:-5}
[[ $keep =~ ^[1-9][0-9]*$ ]] || { echo "retrain.sh: KEEP must be a positive number, not '$keep'" >&2; exit 2; }
warm=(--warm-start latest)
# The very first run has nothing to start from; a local models dir can be checked here (URIs are left to train)
if [[ $models != *://* && ! -e ${models}LATEST ]]; then
  echo "retrain.sh: no ${models}LATEST yet: the first version trains from scratch" >&2
  warm=()
fi
cd "$(dirname "$0")/.."
# shellcheck disable=SC2206
runner=(${RUNNER:-submit/local.sh})
echo "retrain.sh: $(date -u +%FT%TZ) ${runner[*]} train --input $table --output $models" >&2
exec "${runner[@]}" train --input "$table" --output "$models" --versioned ${warm[@]+"${warm[@]}"} --keep "$keep" "$@"
