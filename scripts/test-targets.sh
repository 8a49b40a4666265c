#!/usr/bin/env bash
# npm run test:targets — the accuracy, special-value and kernel suites (float64
# and float32: test/20, 30 and 70 hold both) under
# every SIMD target this machine has below the best one (`npm test` covers
# that), forced with BLASKIT_DISABLE_TARGETS. BLASKIT_EXPECT_TARGET makes each
# run fail unless the kernels really ran on the target it names.
# Ends with `N passed, N failed` summed over the targets.
set -uo pipefail
cd "$(dirname "$0")/.."

# .mocharc.json with only these suites (its own spec list would add the rest).
config=$(mktemp --suffix=.json)
trap 'rm -f "$config"' EXIT
cat >"$config" <<'JSON'
{
  "node-option": ["import=tsx"],
  "spec": ["test/10.tutorial.test.ts", "test/20.activations.test.ts", "test/30.rows.test.ts", "test/40.products.test.ts", "test/70.properties.test.ts"],
  "reporter": "test/support/summary-reporter.js",
  "timeout": 60000
}
JSON
supported=$(node -e "console.log(require('./dist/index.js').runtimeInfo().simd.supported.join(' '))")
echo "test:targets: this machine supports: $supported"

passed=0
failed=0
best=""
disable=""
for target in $supported; do
  if [ -z "$best" ]; then
    best=$target
    disable=$target
    continue
  fi
  echo "::: target $target (BLASKIT_DISABLE_TARGETS=$disable)"
  log=$(mktemp)
  BLASKIT_DISABLE_TARGETS=$disable BLASKIT_EXPECT_TARGET=$target npx mocha --config "$config" 2>&1 | tee "$log"
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -n "$summary" ]; then
    passed=$((passed + $(echo "$summary" | cut -d' ' -f1)))
    failed=$((failed + $(echo "$summary" | cut -d' ' -f3)))
  else
    failed=$((failed + 1))
  fi
  rm -f "$log"
  disable="$disable,$target"
done
[ -n "$best" ] && [ "$best" != "baseline" ] || echo "test:targets: only the baseline target here; npm test covered it"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
