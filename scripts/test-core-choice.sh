#!/usr/bin/env bash
# The BLAS core choice (native/blas/core_choice.h) on the CPU descriptions in
# test/fixtures/cpuinfo: a plain C++ test, no OpenBLAS and no Node, so that
# OPENBLAS_CORETYPE (set on the development machines) is never touched.
# Ends with `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
${CXX:-g++} -std=c++17 -O1 -Wall -Wextra -Werror -Inative native/blas/core_choice.cc native/blas/core_choice_test.cc -o "$out/core_choice_test"
"$out/core_choice_test" test/fixtures/cpuinfo
