#!/usr/bin/env bash
# On arm64 the SIMD kernels are the plain source compiled for ARMv8-A (target
# "baseline": NEON and FMA are part of it), vectorised by GCC. This checks in
# the cross-built object code (build-arm64/, npm run prebuildify:arm64) that
# every kernel's code is NEON, for double and for float elements: each SIMD
# kernel function holds vector instructions on 128-bit registers (`.2d` for
# double; `.4s` or `.2d` for float, whose exp-based kernels work in double),
# and the code fuses multiply-adds in vectors (fmla/fmls .2d: simd/math.h's
# Fma, in the shared exp helpers).
# Kernels are told apart by their demangled first parameter, so the double and
# float overloads of one name are checked separately; the small products are
# checked in their templates (MatMulSmallOf<T>), which hold their loops.
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
  /^[0-9a-f]+ <.*>:$/ {
    header = $0
    sub(/^[0-9a-f]+ </, "", header)
    gsub(/\(anonymous namespace\)::/, "", header)
    gsub(/<[a-z]+>\(/, "(", header)
    name = header; sub(/\(.*/, "", name); sub(/.*::/, "", name)
    type = header; sub(/^[^(]*\(/, "", type); sub(/[ ,)*].*/, "", type)
    key = name "(" type ")"
  }
  /v[0-9]+\.2d/ { wide[key]++ }
  /v[0-9]+\.4s/ { narrow[key]++ }
  /[ \t]fml[as][ \t]+v[0-9]+\.2d/ { fused++ }
  END {
    split("Sigmoid SigmoidDerivative Tanh TanhDerivative Relu ReluDerivative SoftmaxRows NormalizeRows Add Subtract Multiply Divide MultiplyScalar ScalarDivide MatMulSmallOf MatVecSmallOf", kernels, " ")
    split("double float", types, " ")
    passed = 0; failed = 0
    for (i = 1; i in kernels; i++) {
      for (t = 1; t <= 2; t++) {
        key = kernels[i] "(" types[t] ")"
        count = types[t] == "double" ? wide[key] + 0 : wide[key] + narrow[key]
        ok = count > 0
        printf "  %s %s: %d NEON %s instructions\n", ok ? "✔" : "✖", key, count, types[t] == "double" ? ".2d" : ".4s/.2d"
        if (ok) passed++; else failed++
      }
    }
    ok = fused > 0
    printf "  %s fused multiply-adds on vectors (fmla/fmls .2d) in the object: %d\n", ok ? "✔" : "✖", fused
    if (ok) passed++; else failed++
    printf "\n%d passed, %d failed\n", passed, failed
    exit failed > 0
  }'
