#!/usr/bin/env bash
# On arm64 the SIMD kernels are the plain source compiled for ARMv8-A (target
# "baseline": NEON and FMA are part of it), vectorised by GCC. This checks in
# the cross-built object code (build-arm64/, npm run prebuildify:arm64) that
# every kernel's code is NEON: each SIMD kernel function holds two-double
# vector instructions (`.2d`), and the code fuses multiply-adds in vectors
# (fmla/fmls .2d: simd/math.h's Fma, in the shared exp helpers).
# Prints one line per kernel and `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
object=build-arm64/CMakeFiles/blaskit_simd_baseline.dir/native/kernels/simd/target_baseline.cc.o
if [ ! -f "$object" ]; then
  echo "no $object: run \`npm run prebuildify:arm64\` first"
  echo "0 passed, 1 failed"
  exit 1
fi
aarch64-linux-gnu-objdump -d --no-show-raw-insn -C "$object" | awk '
  /^[0-9a-f]+ <.*>:$/ { name = $0; sub(/^[0-9a-f]+ </, "", name); sub(/\(.*/, "", name); sub(/.*::/, "", name) }
  /v[0-9]+\.2d/ { vector[name]++ }
  /[ \t]fml[as][ \t]+v[0-9]+\.2d/ { fused++ }
  END {
    split("Sigmoid SigmoidDerivative Tanh TanhDerivative Relu ReluDerivative SoftmaxRows NormalizeRows Multiply MultiplyByScalar", kernels, " ")
    passed = 0; failed = 0
    for (i = 1; i <= 10; i++) {
      k = kernels[i]
      ok = vector[k] > 0
      printf "  %s %s: %d NEON .2d instructions\n", ok ? "✔" : "✖", k, vector[k]
      if (ok) passed++; else failed++
    }
    ok = fused > 0
    printf "  %s fused multiply-adds on vectors (fmla/fmls .2d) in the object: %d\n", ok ? "✔" : "✖", fused
    if (ok) passed++; else failed++
    printf "\n%d passed, %d failed\n", passed, failed
    exit failed > 0
  }'
