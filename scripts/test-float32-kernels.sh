#!/usr/bin/env bash
# bash scripts/test-float32-kernels.sh [--random=N] [--arm64]
#
# Builds native/kernels/float32_check.cc with the kernels, the pool and the
# OpenBLAS wrappers (the SIMD targets compiled as CMakeLists.txt compiles
# them) in build-float32-check/, and runs it once per SIMD target this
# machine has (BLASKIT_DISABLE_TARGETS, as scripts/test-targets.sh forces
# them), each on the default thread count (the program also switches between
# one and two threads itself). The float32 results of the activations, rows,
# arithmetic and small products must not depend on the target: the digest
# each run prints is compared across them.
#   --random=N  random float bit patterns per activation (default 2e7)
#   --arm64     also cross-builds for linux-arm64 (static, NEON baseline) and
#               runs it under qemu-aarch64 (scripts/setup-arm64.sh installs both)
# Ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

arm64=0
args=()
for arg in "$@"; do
  if [ "$arg" = --arm64 ]; then arm64=1; else args+=("$arg"); fi
done

out=build-float32-check
mkdir -p "$out"
simd_flags=(-O3 -ffp-contract=off -fno-trapping-math -fno-math-errno -Wall -Wextra -Wno-psabi)
sources=(native/kernels/float32_check.cc native/kernels/activations.cc native/kernels/rows.cc native/kernels/binary.cc
  native/kernels/products.cc native/kernels/dense.cc native/kernels/dispatch.cc native/parallel/pool.cc
  native/blas/blas.cc native/blas/core_choice.cc)
# -ffp-contract=off: the check's own float reference operations round each
# operation, as the kernels do.
check_flags=(-std=c++17 -O2 -ffp-contract=off -fno-math-errno -Wall -Wextra -pthread -Inative)

# build CXX OUTPUT_DIR PKG_CONFIG_DIR TARGET:MARCH... [-- extra link flags]
build() {
  local cxx=$1 dir=$2 pcdir=$3
  shift 3
  local objects=() extra=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    local name=${1%%:*} march=${1#*:}
    "$cxx" -std=c++17 -fPIC "${simd_flags[@]}" -Inative ${march:+-march=$march} \
      -c "native/kernels/simd/target_$name.cc" -o "$dir/simd_$name.o" || return 1
    objects+=("$dir/simd_$name.o")
    shift
  done
  [ $# -gt 0 ] && shift && extra=("$@")
  # The static archive, as CMakeLists.txt prefers; else what pkg-config links.
  local blas=() include
  include=$(openblas_pkg "$pcdir" --cflags-only-I)
  if [ -f "$(openblas_pkg "$pcdir" --variable=libdir)/libopenblas.a" ]; then
    blas=("$(openblas_pkg "$pcdir" --variable=libdir)/libopenblas.a" -lm)
  else
    read -r -a blas <<<"$(openblas_pkg "$pcdir" --libs)"
  fi
  # shellcheck disable=SC2086
  "$cxx" "${check_flags[@]}" $include "${sources[@]}" "${objects[@]}" "${blas[@]}" "${extra[@]}" \
    -o "$dir/float32_check"
}

# pkg-config for openblas, from PKG_CONFIG_DIR ("" for this machine's own).
openblas_pkg() {
  if [ -n "$1" ]; then PKG_CONFIG_LIBDIR=$1 PKG_CONFIG_PATH="" pkg-config "${@:2}" openblas; else pkg-config "${@:2}" openblas; fi
}

if [ "$(uname -m)" = x86_64 ]; then
  build g++ "$out" "" avx512:x86-64-v4 avx2:x86-64-v3 baseline:x86-64
else
  build g++ "$out" "" baseline:
fi || { echo "test-float32-kernels: build failed"; echo "0 passed, 1 failed"; exit 1; }
if [ $arm64 -eq 1 ]; then
  mkdir -p "$out/arm64"
  build aarch64-linux-gnu-g++ "$out/arm64" /usr/lib/aarch64-linux-gnu/pkgconfig baseline: -- -static ||
    { echo "test-float32-kernels: arm64 build failed (bash scripts/setup-arm64.sh)"; echo "0 passed, 1 failed"; exit 1; }
fi

# The runs: "target program [BLASKIT_DISABLE_TARGETS]".
runs=()
disable=""
if [ "$(uname -m)" = x86_64 ]; then
  grep -qw avx512bw /proc/cpuinfo && grep -qw avx512vl /proc/cpuinfo && runs+=("avx512 $out/float32_check -") && disable=avx512
  grep -qw avx2 /proc/cpuinfo && runs+=("avx2 $out/float32_check ${disable:--}") && disable=${disable:+$disable,}avx2
fi
runs+=("baseline $out/float32_check ${disable:--}")
[ $arm64 -eq 1 ] && runs+=("baseline $(command -v qemu-aarch64-static || echo qemu-aarch64) $out/arm64/float32_check -")

passed=0
failed=0
digests=""
for run in "${runs[@]}"; do
  read -r -a words <<<"$run"
  target=${words[0]}
  disabled=${words[-1]}
  [ "$disabled" = - ] && disabled=""
  program=("${words[@]:1:${#words[@]}-2}")
  echo "::: target $target: ${program[*]} (BLASKIT_DISABLE_TARGETS=$disabled)"
  log=$(mktemp)
  BLASKIT_DISABLE_TARGETS=$disabled OPENBLAS_NUM_THREADS=1 "${program[@]}" "${args[@]}" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  ran=$(sed -n 's/^target \([a-z0-9]*\),.*/\1/p' "$log")
  if [ -n "$summary" ]; then
    passed=$((passed + ${summary%% *}))
    failed=$((failed + $(echo "$summary" | cut -d' ' -f3)))
  fi
  if [ "$code" -ne 0 ] && { [ -z "$summary" ] || [ "$(echo "$summary" | cut -d' ' -f3)" -eq 0 ]; }; then
    echo "test-float32-kernels: exit code $code"
    failed=$((failed + 1))
  fi
  if [ "$ran" != "$target" ]; then
    echo "FAIL the kernels ran on '$ran', not $target"
    failed=$((failed + 1))
  fi
  digests+="$(sed -n 's/^digest //p' "$log") "
  rm -f "$log"
done
if [ "$(echo "$digests" | tr ' ' '\n' | grep -v '^$' | sort -u | wc -l)" -eq 1 ]; then
  echo "ok   the same float32 results on every target (digest ${digests%% *})"
  passed=$((passed + 1))
else
  echo "FAIL float32 results differ between targets: digests $digests"
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
