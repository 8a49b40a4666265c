#!/usr/bin/env bash
# Sets blaskit up on a fresh machine and runs the demo:
#   1. installs the system packages the native build needs, if missing
#      (Debian/Ubuntu via apt-get; elsewhere it says what to install),
#   2. installs the npm dependencies (which compiles the addon),
#   3. builds the addon and the TypeScript,
#   4. runs `npm run demo`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Debian packages the native build needs.
needed=(
  cmake
  g++
  make
  pkg-config
  libopenblas-dev
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
elif ! pkg-config --exists openblas 2>/dev/null || ! command -v cmake >/dev/null; then
  echo "setup: not a Debian/Ubuntu system: install cmake, a C++17 compiler, pkg-config and OpenBLAS" >&2
  echo "  Fedora: sudo dnf install cmake gcc-c++ pkgconf-pkg-config openblas-devel" >&2
  echo "  Alpine: apk add cmake g++ make pkgconf openblas-dev" >&2
  echo "  macOS:  brew install cmake pkg-config openblas" >&2
  exit 1
fi

echo "setup: installing npm dependencies (this compiles the addon)"
npm ci --no-audit --no-fund
echo "setup: building"
npm run build
echo "setup: running the demo"
npm run demo
