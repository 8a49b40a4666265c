#!/usr/bin/env bash
# npm run test:arm64 [-- --quick] — blaskit's linux-arm64 prebuild, tested on
# this x86-64 machine with Debian's arm64 Node under qemu-user-static
# (bash scripts/setup-arm64.sh sets that up; npm run prebuildify:arm64 builds
# the binary, and runs here if it is missing):
#   1. the mocha suite with PREBUILDS_ONLY=1 (so prebuilds/linux-arm64 loads),
#      every file, each in its own process with a time limit; --quick: the
#      tutorial, the FMA relation and the BLAS core only (CI: the package
#      tests run on arm64 in npm run test:prebuild);
#   2. the tutorial demo;
#   3. the accuracy report's sweep in quick mode (exits non-zero if a
#      documented ULP bound is exceeded on arm64);
#   4. the kernels' object code is NEON (scripts/check-arm64-neon.sh).
# Ends with `N passed, N failed` (and the skipped count).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ ! -x .arm64/bin/node ] || [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  echo "test:arm64: no arm64 Node under qemu here: run \`bash scripts/setup-arm64.sh\` first"
  echo "0 passed, 1 failed"
  exit 1
fi
[ -f prebuilds/linux-arm64/blaskit.node ] || npm run prebuildify:arm64 || { echo "0 passed, 1 failed"; exit 1; }
npm run build:ts >/dev/null || { echo "0 passed, 1 failed"; exit 1; }

export PATH="$root/.arm64/bin:$PATH" QEMU_LD_PREFIX="$root/.arm64/sysroot" PREBUILDS_ONLY=1
# Tests whose verdict depends on wall-clock time skip when this is set, and
# say so; nothing else skips.
export BLASKIT_EMULATED=qemu-aarch64
[ "$(node -p process.arch)" = arm64 ] || { echo "test:arm64: node is not the arm64 one"; echo "0 passed, 1 failed"; exit 1; }

quick=0
[ "${1:-}" = "--quick" ] && quick=1
files=(test/*.test.ts)
[ $quick -eq 1 ] && files=(test/10.tutorial.test.ts test/68.fma.test.ts test/67.blas-core.test.ts)
# Per file, generous: emulation runs 5-30x slower than the host.
file_limit=${BLASKIT_ARM64_FILE_LIMIT:-600}

passed=0 failed=0 skipped=0
started=$(date +%s)
count() { # the `N passed, N failed[, N skipped]` line of a log
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi
  passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
  failed=$((failed + $(echo "$line" | cut -d' ' -f3 | tr -d ,)))
  local s
  s=$(echo "$line" | sed -n 's/.*, \([0-9]*\) skipped.*/\1/p')
  skipped=$((skipped + ${s:-0}))
}
log=$(mktemp)
for file in "${files[@]}"; do
  t0=$(date +%s)
  timeout -k 5 "$file_limit" node --import=tsx node_modules/mocha/lib/cli/cli.js --no-config \
    --reporter=test/support/summary-reporter.js --timeout=120000 "$file" >"$log" 2>&1 </dev/null
  code=$?
  grep -vE '^\s+✔' "$log" | grep -vE '^\s*$' | sed 's/^/    /' | tail -n 60
  count "$log"
  if [ $code -eq 124 ] || [ $code -eq 137 ]; then echo "  $file: killed after ${file_limit}s"; failed=$((failed + 1)); fi
  echo "  $file: exit $code, $(($(date +%s) - t0)) s"
done
echo "::: the tutorial demo (arm64)"
if node scripts/demo.mjs >"$log" 2>&1; then passed=$((passed + 1)); tail -n 3 "$log"; else failed=$((failed + 1)); cat "$log"; fi
echo "::: npm run test:accuracy -- --quick (arm64)"
if node node_modules/tsx/dist/cli.mjs scripts/accuracy-report.ts --quick >"$log" 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
cat "$log"
echo "::: the kernels' object code is NEON"
bash scripts/check-arm64-neon.sh >"$log" 2>&1
cat "$log"
count "$log"
rm -f "$log"
echo "test:arm64: $(($(date +%s) - started)) s under qemu"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
