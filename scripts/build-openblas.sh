#!/usr/bin/env bash
# Builds the OpenBLAS that blaskit's prebuilt binaries link statically, from
# Debian 13's source package (pinned below by version and SHA-256), for one
# platform:
#   bash scripts/build-openblas.sh x64     # .openblas/linux-x64
#   bash scripts/build-openblas.sh arm64   # .openblas/linux-arm64 (cross: g++-aarch64-linux-gnu)
# `npm run prebuildify` and `npm run prebuildify:arm64` run it (a no-op when
# the same recipe was built before) and point CMake's pkg-config at the
# result; `npm run build` and source installs keep the system's OpenBLAS.
#
# Why not Debian 12's libopenblas.a: it is 0.3.21 with every core's kernels
# for single, double and both complex types, which its DYNAMIC_ARCH tables
# reference, so the linker keeps them all (x64 prebuild 25.5 MB, arm64 12.1
# MB). blaskit calls only CBLAS's sdot, ddot, sgemv, dgemv, sgemm and dgemm,
# so this recipe builds:
#   - real single and double precision only, CBLAS only, no LAPACK, no Fortran;
#   - the cores a current server or laptop needs, each with its own tuned
#     kernels; the others fall back inside OpenBLAS to the nearest one built
#     (x64: Cooper Lake and Sapphire Rapids to SkylakeX, Zen to Haswell;
#     arm64: Neoverse V2 to V1, the unlisted cores to the generic ARMV8);
#   - OpenBLAS 0.3.29, which knows Sapphire Rapids and falls back by
#     instruction set on a CPU it does not know (0.3.21 fell back to Prescott:
#     scripts/check-openblas-pick.sh; blaskit's own core choice,
#     native/blas/core_choice.h, covers builds that link such an OpenBLAS);
#   - Debian's upstream thread-safety patch for the pthreads server (#5170).
# The threading model is Debian's libopenblas0-pthread's: pthreads, at most 64
# threads (blaskit's MAX_THREADS), no CPU affinity.
set -euo pipefail

arch=${1:-}
case "$arch" in
  x64)
    make_target=(TARGET=GENERIC DYNAMIC_LIST="SANDYBRIDGE HASWELL SKYLAKEX")
    ;;
  arm64)
    make_target=(TARGET=ARMV8 DYNAMIC_LIST="CORTEXA57 NEOVERSEN1 NEOVERSEV1 NEOVERSEN2")
    if [ "$(uname -m)" != aarch64 ]; then
      command -v aarch64-linux-gnu-gcc >/dev/null || {
        echo "build-openblas: aarch64-linux-gnu-gcc missing: run \`bash scripts/setup-arm64.sh\`" >&2
        exit 1
      }
      make_target+=(CC=aarch64-linux-gnu-gcc HOSTCC=gcc AR=aarch64-linux-gnu-ar RANLIB=aarch64-linux-gnu-ranlib)
    fi
    ;;
  *)
    echo "usage: bash scripts/build-openblas.sh x64|arm64" >&2
    exit 2
    ;;
esac

debian_version=0.3.29+ds-3
upstream_version=0.3.29
orig_sha256=eb691e2cff83799400da22aa6ab93ebaa346ad317fea578b7ae119e226ce1b01
debian_sha256=2f5d0b3a5c06209a737d1f0064d94583989504bc4a07019f78f46337b09e2e79
# Plain http, as apt uses here: the SHA-256 pins below check what arrives, and a
# fresh machine may have no CA certificates.
pool=http://deb.debian.org/debian/pool/main/o/openblas
patches=(39eb43d4410d0745ca2c78d1162d973abf3aa35b.patch)

make_options=(
  DYNAMIC_ARCH=1 "${make_target[@]}"
  BUILD_SINGLE=1 BUILD_DOUBLE=1 ONLY_CBLAS=1 NO_LAPACK=1 NO_LAPACKE=1 NOFORTRAN=1
  NO_SHARED=1 USE_OPENMP=0 USE_THREAD=1 NUM_THREADS=64 NO_AFFINITY=1 NO_WARMUP=1
)

# The tools the recipe needs; on Debian/Ubuntu the missing ones are installed.
tools=(curl:curl xz:xz-utils patch:patch make:make gcc:gcc sha256sum:coreutils)
missing=()
for t in "${tools[@]}"; do command -v "${t%%:*}" >/dev/null || missing+=("${t#*:}"); done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "build-openblas: install ${missing[*]} first" >&2
    exit 1
  fi
  echo "build-openblas: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/.openblas
prefix=$cache/linux-$arch
recipe="openblas $debian_version patches ${patches[*]} make ${make_options[*]}"
if [ -f "$prefix/recipe" ] && [ "$(cat "$prefix/recipe")" = "$recipe" ] && [ -f "$prefix/lib/libopenblas.a" ]; then
  echo "build-openblas: $prefix is up to date (OpenBLAS $debian_version)"
  exit 0
fi

mkdir -p "$cache/downloads"
fetch() { # file sha256
  local file=$cache/downloads/$1
  if [ ! -f "$file" ] || ! echo "$2  $file" | sha256sum -c --quiet - 2>/dev/null; then
    echo "build-openblas: downloading $pool/$1"
    curl -fsSL --retry 3 -o "$file.part" "$pool/$1" || {
      echo "build-openblas: cannot download $pool/$1: if Debian has replaced $debian_version in its pool, pin the new version and its SHA-256 sums (from its .dsc) here" >&2
      exit 1
    }
    mv "$file.part" "$file"
  fi
  echo "$2  $file" | sha256sum -c --quiet - || {
    echo "build-openblas: $1 does not match its pinned SHA-256" >&2
    exit 1
  }
}
fetch "openblas_${upstream_version}+ds.orig.tar.xz" "$orig_sha256"
fetch "openblas_${debian_version}.debian.tar.xz" "$debian_sha256"

src=$cache/src-linux-$arch
rm -rf "$src" "$prefix"
mkdir -p "$src"
tar -xJf "$cache/downloads/openblas_${upstream_version}+ds.orig.tar.xz" -C "$src" --strip-components=1
tar -xJf "$cache/downloads/openblas_${debian_version}.debian.tar.xz" -C "$src"
for p in "${patches[@]}"; do
  (cd "$src" && patch -p1 --quiet < "debian/patches/$p")
done

jobs=$(nproc 2>/dev/null || echo 2)
log=$cache/build-linux-$arch.log
echo "build-openblas: building OpenBLAS $debian_version for linux-$arch ($jobs jobs, log: ${log#"$root"/})"
start=$SECONDS
if ! (cd "$src" && make -j"$jobs" "${make_options[@]}" libs && make "${make_options[@]}" PREFIX="$prefix" install) >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "build-openblas: the build failed (whole log: $log)" >&2
  exit 1
fi
echo "$recipe" >"$prefix/recipe"
rm -rf "$src"
echo "build-openblas: $prefix/lib/libopenblas.a, $(du -L -m "$prefix/lib/libopenblas.a" | cut -f1) MB, in $((SECONDS - start)) s"
