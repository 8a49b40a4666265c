#!/usr/bin/env bash
# Which core OpenBLAS picks by itself on an x86-64 CPU it does not know, seen
# without such a CPU: native/blas/core_pick_check.cc, linked once with the
# system's OpenBLAS (Debian 12: 0.3.21) and once with the prebuilds'
# (scripts/build-openblas.sh: 0.3.29), run under qemu-x86_64 with emulated CPUs:
#   Haswell            family 6 model 60, which both versions know;
#   Haswell,model=207  the same instruction sets (AVX2, FMA) with the model
#                      number of issue 11's Xeon, which neither knows.
# (qemu's TCG has no AVX-512, so the Xeon's AVX-512 cannot be emulated.) Each
# run also checks that the picked core's dgemm gives the right product there.
#
# A measurement, not a CI test: OpenBLAS's own pick is only visible with
# OPENBLAS_CORETYPE unset, and CI never changes it. This script unsets it
# for its own children only. Needs qemu-user-static (scripts/setup-arm64.sh
# installs it).
#   bash scripts/check-openblas-pick.sh
set -euo pipefail
cd "$(dirname "$0")/.."
qemu=$(command -v qemu-x86_64-static || command -v qemu-x86_64 || true)
if [ -z "$qemu" ]; then
  echo "check-openblas-pick: qemu-x86_64 missing: run \`bash scripts/setup-arm64.sh\` (installs qemu-user-static)" >&2
  exit 1
fi
bash scripts/build-openblas.sh x64 >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

declare -A libraries=(
  [system]="$(pkg-config --variable=libdir openblas)/libopenblas.a"
  [prebuilds]="$PWD/.openblas/linux-x64/lib/libopenblas.a"
)
declare -A includes=(
  [system]="$(pkg-config --variable=includedir openblas)"
  [prebuilds]="$PWD/.openblas/linux-x64/include"
)
printf '| emulated CPU | %s | %s |\n| --- | --- | --- |\n' \
  "system OpenBLAS $(pkg-config --modversion openblas)" "prebuilds' OpenBLAS $(PKG_CONFIG_LIBDIR=.openblas/linux-x64/lib/pkgconfig pkg-config --modversion openblas)"
for which in system prebuilds; do
  ${CXX:-g++} -std=c++17 -O1 -I"${includes[$which]}" native/blas/core_pick_check.cc "${libraries[$which]}" -lpthread -lm \
    -o "$out/pick-$which"
done
for cpu in Haswell Haswell,model=207; do
  row="| \`-cpu $cpu\` |"
  for which in system prebuilds; do
    row+=" $(env -u OPENBLAS_CORETYPE "$qemu" -cpu "$cpu" "$out/pick-$which" 2>/dev/null || echo failed) |"
  done
  echo "$row"
done
