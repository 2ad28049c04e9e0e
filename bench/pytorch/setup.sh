#!/usr/bin/env bash
# Makes Debian's python3 (/usr/bin/python3) with Debian's PyTorch available on OpenBLAS (OpenMP build), for the
# PyTorch reference benchmark (bench/pytorch/train.py). PyPI is not needed: everything comes from apt.
#   bench/pytorch/setup.sh            # installs if needed, writes bench/pytorch/env.sh, prints the command prefix
#   . bench/pytorch/env.sh && "$PYTORCH_PY" bench/pytorch/train.py ...
# Installs (only when missing): python3-torch and libopenblas0-openmp. Idempotent; about 1 s when already set up.
# On failure it prints one line "pytorch reference unavailable: <reason>" on stderr and exits non-zero.
#
# Why LD_LIBRARY_PATH: libtorch links libblas.so.3 / liblapack.so.3 / libopenblas.so.0, which Debian resolves through
# update-alternatives. python3-torch alone can bring the reference BLAS (libblas3, about 3x slower for this model),
# and the alternative may point at it or at the pthread OpenBLAS. Putting Debian's openblas-openmp directory first
# on LD_LIBRARY_PATH makes all three names load the OpenMP OpenBLAS whatever the alternatives say, and leaves the
# system settings alone.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
blasdir=/usr/lib/$arch/openblas-openmp

fail() { echo "pytorch reference unavailable: $*" >&2; exit 1; }

have_torch() { [[ -x $py ]] && LD_LIBRARY_PATH=$blasdir "$py" -c 'import torch' >/dev/null 2>&1; }

if ! have_torch || [[ ! -e $blasdir/libblas.so.3 ]]; then
  command -v apt-get >/dev/null || fail "no apt-get (not a Debian system)"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n); else fail "need root or password-less sudo to apt-get install python3-torch"; fi
  echo "setup: installing python3-torch libopenblas0-openmp with apt-get (a few minutes the first time)" >&2
  log=$(mktemp)
  if ! { "${sudo[@]}" apt-get update -q && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
      python3-torch libopenblas0-openmp; } >"$log" 2>&1; then
    reason=$(grep -E '^(E|W):' "$log" | tail -1)
    fail "apt-get install python3-torch libopenblas0-openmp failed: ${reason:-see $log}"
  fi
  rm -f "$log"
  have_torch || fail "python3-torch installed but '$py -c \"import torch\"' fails"
  [[ -e $blasdir/libblas.so.3 ]] || fail "libopenblas0-openmp installed but $blasdir/libblas.so.3 is missing"
fi

# Check what actually gets loaded: OpenBLAS from the openmp directory, and no reference BLAS.
check=$(LD_LIBRARY_PATH=$blasdir "$py" - <<'PY' 2>&1
import torch
torch.mm(torch.ones(64, 64), torch.ones(64, 64))
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "/" in l and ("blas" in l or "lapack" in l)})
print(torch.__version__, " ".join(libs))
PY
) || fail "torch does not start: $(echo "$check" | tail -1)"
case $check in
  *openblas-openmp/libopenblas*) ;;
  *) fail "torch did not load OpenMP OpenBLAS from $blasdir (loaded: $check)" ;;
esac
cat >"$here/env.sh" <<EOF
# Written by bench/pytorch/setup.sh. Source it, then run "\$PYTORCH_PY" bench/pytorch/train.py ...
export LD_LIBRARY_PATH=$blasdir\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
export PYTORCH_PY=$py
EOF
echo "setup: torch ${check%% *} on $py; BLAS: ${check#* }" >&2
echo "LD_LIBRARY_PATH=$blasdir $py"
