#!/usr/bin/env bash
# bash scripts/test-pool.sh [--bench]
#
# Builds native/parallel/pool_test.cc with the pool (native/parallel/pool.cc)
# and the OpenBLAS wrappers (native/blas/blas.cc) in build-pool-test/, and
# runs it:
#   - under ThreadSanitizer, with the default thread count, then with
#     BLASKIT_NUM_THREADS=1 (the whole suite again), then briefly with other
#     values of BLASKIT_NUM_THREADS; any TSan report fails the run;
#   - under AddressSanitizer and UBSan, whole suite including the fork()
#     checks, which TSan cannot run (it does not support threads started in
#     the child of a multi-threaded fork: "dup thread with used id").
# Ends with one line `N passed, N failed`.
#
# --bench instead builds the same program with -O2 and no sanitizer, static
# OpenBLAS as the addon links it, and prints what a region costs (what
# min_parallel thresholds should be chosen from).
set -uo pipefail
cd "$(dirname "$0")/.."

out=build-pool-test
mkdir -p "$out"
# blas.cc runs small products in blaskit's own kernels (kernels/products.h),
# dispatched to the SIMD targets: those are compiled once, unsanitised (they
# touch only the caller's buffers, on the caller's thread), with their flags.
mkdir -p "$out"
simd_objects=()
if [ "$(uname -m)" = x86_64 ]; then targets=(avx512:x86-64-v4 avx2:x86-64-v3 baseline:x86-64); else targets=(baseline:); fi
for target in "${targets[@]}"; do
  name=${target%%:*} march=${target#*:}
  g++ -std=c++17 -O2 -fPIC -ffp-contract=off -fno-trapping-math -fno-math-errno -Wno-psabi -Inative ${march:+-march=$march} \
    -c "native/kernels/simd/target_$name.cc" -o "$out/simd_$name.o" || { echo "test-pool: build failed"; echo "0 passed, 1 failed"; exit 1; }
  simd_objects+=("$out/simd_$name.o")
done
sources=(native/parallel/pool_test.cc native/parallel/pool.cc native/blas/blas.cc native/blas/core_choice.cc native/kernels/products.cc
  native/kernels/dispatch.cc "${simd_objects[@]}")
common=(-std=c++17 -Wall -Wextra -pthread -Inative $(pkg-config --cflags-only-I openblas))
libdir=$(pkg-config --variable=libdir openblas)
# The static archive, as CMakeLists.txt prefers (it needs only pthread and
# libm); else whatever pkg-config links.
archive="$libdir/libopenblas.a"
if [ -f "$archive" ]; then
  static_blas=("$archive" -lm)
else
  read -r -a static_blas <<<"$(pkg-config --libs openblas)"
fi
# TSan gets the shared library, so that its suppressions can name it: OpenBLAS
# is not instrumented, so TSan sees its threads' memset of an output but not
# the spin-waits that order it before the caller's reads, and reports a race
# that is not one.
dynamic_blas=(-L"$libdir" -lopenblas -Wl,-rpath,"$libdir")

if [ "${1:-}" = "--bench" ]; then
  g++ "${common[@]}" -O2 "${sources[@]}" "${static_blas[@]}" -o "$out/pool_bench" || exit 1
  exec "$out/pool_bench" --bench
fi

# GCC's TSan runtime is Debian's libtsan2 (gcc-12 pulls it in only as a
# recommendation, which --no-install-recommends setups lack). gcc prints the
# bare name when it has no such file.
if [[ "$(gcc -print-file-name=libtsan.so)" != /* ]]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
    echo "test-pool: installing libtsan2"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libtsan2 >/dev/null
  else
    echo "test-pool: ThreadSanitizer's runtime is missing: install libtsan2 (Debian/Ubuntu) or your gcc's libtsan" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

if ! g++ "${common[@]}" -O1 -g -fsanitize=thread -fno-omit-frame-pointer "${sources[@]}" "${dynamic_blas[@]}" \
  -o "$out/pool_test_tsan" ||
  ! g++ "${common[@]}" -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
    "${sources[@]}" "${static_blas[@]}" -o "$out/pool_test_asan"; then
  echo "test-pool: build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

cat >"$out/tsan.supp" <<'SUPP'
# Races with an OpenBLAS frame in either stack: OpenBLAS is not instrumented
# (see scripts/test-pool.sh). Races in blaskit's own code are still reported.
race:libopenblas.so
SUPP
# halt_on_error + exitcode: a race fails the run (exit code 66).
export TSAN_OPTIONS="halt_on_error=1:exitcode=66:suppressions=$out/tsan.supp"
export ASAN_OPTIONS="abort_on_error=1:halt_on_error=1:detect_leaks=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
cpus=$(nproc)
[ "$cpus" -le 64 ] || cpus=64

passed=0
failed=0
# Runs the program once, echoing its output and adding its closing line.
run() {
  local log code summary
  log=$(mktemp)
  echo "::: $*"
  "$@" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  if [ -n "$summary" ]; then
    passed=$((passed + ${summary%% *}))
    failed=$((failed + $(echo "$summary" | cut -d' ' -f3)))
  fi
  if [ "$code" -ne 0 ] && { [ -z "$summary" ] || [ "$(echo "$summary" | cut -d' ' -f3)" -eq 0 ]; }; then
    echo "test-pool: exit code $code (66: a ThreadSanitizer report; 134: ASan/UBSan)"
    failed=$((failed + 1))
  fi
  rm -f "$log"
}

tsan="$out/pool_test_tsan"
run env -u BLASKIT_NUM_THREADS "$tsan" --no-fork --expect-threads="$cpus"
run env BLASKIT_NUM_THREADS=1 "$tsan" --no-fork --expect-threads=1
run env BLASKIT_NUM_THREADS=3 "$tsan" --env-only --expect-threads=3
run env BLASKIT_NUM_THREADS=1000 "$tsan" --env-only --expect-threads=64
run env BLASKIT_NUM_THREADS=0 "$tsan" --env-only --expect-threads="$cpus"
run env BLASKIT_NUM_THREADS=two "$tsan" --env-only --expect-threads="$cpus"
run env -u BLASKIT_NUM_THREADS "$out/pool_test_asan" --expect-threads="$cpus"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
