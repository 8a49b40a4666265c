#!/usr/bin/env bash
# bash scripts/test-float32-kernels.sh [--random=N]
#
# Builds native/kernels/float32_check.cc with the kernels, the pool and the
# OpenBLAS wrappers (the SIMD targets compiled as CMakeLists.txt compiles
# them) in build-float32-check/, and runs it once per SIMD target this
# machine has (BLASKIT_DISABLE_TARGETS, as scripts/test-targets.sh forces
# them), each on the default thread count (the program also switches between
# one and two threads itself). The float32 results of the activations, rows,
# arithmetic and small products must not depend on the target: the digest
# each run prints is compared across them. Ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

out=build-float32-check
mkdir -p "$out"
simd_flags=(-O3 -ffp-contract=off -fno-trapping-math -fno-math-errno -Wall -Wextra -Wno-psabi)
if [ "$(uname -m)" = x86_64 ]; then targets=(avx512:x86-64-v4 avx2:x86-64-v3 baseline:x86-64); else targets=(baseline:); fi
objects=()
for target in "${targets[@]}"; do
  name=${target%%:*} march=${target#*:}
  g++ -std=c++17 -fPIC "${simd_flags[@]}" -Inative ${march:+-march=$march} \
    -c "native/kernels/simd/target_$name.cc" -o "$out/simd_$name.o" || { echo "0 passed, 1 failed"; exit 1; }
  objects+=("$out/simd_$name.o")
done
sources=(native/kernels/float32_check.cc native/kernels/activations.cc native/kernels/rows.cc native/kernels/binary.cc
  native/kernels/products.cc native/kernels/dense.cc native/kernels/dispatch.cc native/parallel/pool.cc
  native/blas/blas.cc native/blas/core_choice.cc)
libdir=$(pkg-config --variable=libdir openblas)
if [ -f "$libdir/libopenblas.a" ]; then blas=("$libdir/libopenblas.a" -lm); else read -r -a blas <<<"$(pkg-config --libs openblas)"; fi
# -ffp-contract=off: the check's own float reference operations round each
# operation, as the kernels do.
g++ -std=c++17 -O2 -ffp-contract=off -fno-math-errno -Wall -Wextra -pthread -Inative \
  $(pkg-config --cflags-only-I openblas) "${sources[@]}" "${objects[@]}" "${blas[@]}" -o "$out/float32_check" ||
  { echo "test-float32-kernels: build failed"; echo "0 passed, 1 failed"; exit 1; }

supported=$(grep -qw avx512f /proc/cpuinfo && grep -qw avx512bw /proc/cpuinfo && echo "avx512 ")
supported+=$(grep -qw avx2 /proc/cpuinfo && echo "avx2 ")
[ "$(uname -m)" = x86_64 ] || supported=""
passed=0
failed=0
digests=""
disable=""
for target in $supported baseline; do
  echo "::: target $target (BLASKIT_DISABLE_TARGETS=$disable)"
  log=$(mktemp)
  BLASKIT_DISABLE_TARGETS=$disable OPENBLAS_NUM_THREADS=1 "$out/float32_check" "$@" 2>&1 | tee "$log"
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
  disable="${disable:+$disable,}$target"
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
