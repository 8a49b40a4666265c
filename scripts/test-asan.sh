#!/usr/bin/env bash
# npm run test:asan — the addon built with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/, apart from the normal build), and
# the whole mocha suite run against it with the sanitizer runtimes preloaded
# into node. Any report aborts the process that hit it, which fails the run.
# Leak detection is off here: Node itself leaves memory at exit by design;
# leaks are measured by `npm run test:leak` instead.
set -euo pipefail
cd "$(dirname "$0")/.."

npx cmake-js compile --out build-asan --CDBLASKIT_SANITIZE=ON --log-level warn

asan=$(gcc -print-file-name=libasan.so)
ubsan=$(gcc -print-file-name=libubsan.so)
export LD_PRELOAD="$asan:$ubsan"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export BLASKIT_BINARY="$PWD/build-asan/Release/blaskit.node"
export BLASKIT_SANITIZED=1  # timing bounds in the tests allow for the sanitizers' cost

# Before trusting a clean run, prove the setup is live: the binary is
# instrumented and node has the sanitizer runtime mapped.
symbols=$(nm -D "$BLASKIT_BINARY")
grep -q '__asan_init' <<<"$symbols" || { echo "test:asan: $BLASKIT_BINARY is not instrumented"; exit 1; }
grep -q '__ubsan_handle' <<<"$symbols" || { echo "test:asan: $BLASKIT_BINARY has no UBSan checks"; exit 1; }
node -e "if (!/libasan/.test(require('fs').readFileSync('/proc/self/maps', 'utf8'))) process.exit(1)" ||
  { echo "test:asan: the ASan runtime is not loaded into node"; exit 1; }
echo "test:asan: $BLASKIT_BINARY instrumented, sanitizer runtimes preloaded"

# Five times mocha's usual 20 s per test (.mocharc.json): the sanitizers cost
# 3-10x; test/support/emulation.ts timeLimit() stretches explicit limits alike.
npx mocha --timeout 100000
