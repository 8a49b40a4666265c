#!/usr/bin/env bash
# npm run fuzz [-- SECONDS] — builds native/fuzz/fuzz_jobs.cc with clang's
# libFuzzer, ASan and UBSan, and fuzzes the C++ argument checking and kernels
# for SECONDS (default 60; CI passes a short bound). Installs clang-14 and its
# fuzzer runtime from Debian when missing. Ends with `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${FUZZ_SECONDS:-60}}

if ! command -v clang++-14 >/dev/null || [ ! -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fuzz: installing clang-14 and libclang-rt-14-dev"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev >/dev/null
fi

openblas_include=$(pkg-config --cflags-only-I openblas)
openblas_archive="$(pkg-config --variable=libdir openblas)/libopenblas.a"
mkdir -p build-fuzz/corpus
flags=(-std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Inative $openblas_include)
# The SIMD kernels, once per target as CMakeLists.txt builds them (the fuzzer
# runs the best one this CPU has; BLASKIT_DISABLE_TARGETS picks another).
simd_flags=(-ffp-contract=off -fno-trapping-math -fno-math-errno -Wno-psabi)
for target in avx512:x86-64-v4 avx2:x86-64-v3 baseline:x86-64; do  # -Wno-psabi: see CMakeLists.txt
  clang++-14 "${flags[@]/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,}" "${simd_flags[@]}" -march="${target#*:}" \
    -c "native/kernels/simd/target_${target%%:*}.cc" -o "build-fuzz/simd_${target%%:*}.o"
done
clang++-14 "${flags[@]}" \
  native/fuzz/fuzz_jobs.cc native/async/job.cc native/kernels/activations.cc native/kernels/rows.cc \
  native/kernels/binary.cc native/kernels/products.cc native/kernels/dense.cc native/kernels/dispatch.cc \
  native/parallel/pool.cc native/blas/blas.cc native/blas/core_choice.cc \
  build-fuzz/simd_*.o "$openblas_archive" -lpthread -lm \
  -o build-fuzz/fuzz_jobs

echo "fuzz: running for ${seconds}s (new inputs in build-fuzz/corpus, seeds in native/fuzz/corpus)"
log=build-fuzz/fuzz.log
status=0
build-fuzz/fuzz_jobs -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build-fuzz/ build-fuzz/corpus native/fuzz/corpus >"$log" 2>&1 || status=$?
grep -E '^(stat::|Done|#[0-9]+ +DONE)' "$log" || true
execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
if [ "$status" -eq 0 ]; then
  echo "fuzz: ${execs:-?} executions in ${seconds}s, no crash"
  echo "1 passed, 0 failed"
else
  tail -n 40 "$log"
  echo "fuzz: a crash; the input is in build-fuzz/ (crash-*)"
  echo "0 passed, 1 failed"
  exit 1
fi
