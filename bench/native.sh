#!/usr/bin/env bash
# npm run bench:native [-- --quick] [-- --sizes 1e3,1e6 --threads 1,2 --dgemm 256,512]
# Builds native/bench (the kernel library and the benchmark, with plain cmake
# in build-bench/, no Node involved) and runs it: every kernel at 1e3..1e7
# elements against memcpy and y = 2x measured in the same run, matrix products
# against cblas_dgemm called directly, then the speed targets as PASS/MISS.
# Exit status: 1 only if a kernel's output is wrong (speed never fails it), 2 if
# it cannot run (the build fails, bad arguments).
# Arguments go to the program (native/bench/bench_kernels.cc; --help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."

# The build's output is shown only when it fails: the run's own output is the record.
mkdir -p build-bench
log=build-bench/build.log
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >"$log" 2>&1 || { cat "$log"; exit 2; }
cmake --build build-bench --target blaskit_bench -j"$(nproc 2>/dev/null || echo 2)" >>"$log" 2>&1 ||
  { cat "$log"; exit 2; }

# What was measured: the commit, and any uncommitted change to the kernels.
if git rev-parse --git-dir >/dev/null 2>&1; then
  changed=$(git status --porcelain -- native CMakeLists.txt | awk '{print $2}' | paste -sd' ' -)
  echo "source       commit $(git rev-parse --short=12 HEAD)${changed:+, uncommitted changes: $changed}"
fi
exec build-bench/native/bench/blaskit_bench "$@"
