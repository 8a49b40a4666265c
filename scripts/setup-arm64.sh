#!/usr/bin/env bash
# Sets this x86-64 Debian machine up to build blaskit for linux-arm64 and to
# run it under emulation (npm run prebuildify:arm64, npm run test:arm64):
#   1. the cross toolchain and Debian's arm64 OpenBLAS (multiarch), and
#      qemu-user-static;
#   2. an arm64 Node (Debian 13's nodejs 20.19 and the libraries it needs),
#      fetched with `apt-get download` through a private sources list and state
#      dir (the system's apt is untouched) and unpacked into .arm64/sysroot,
#      the folder QEMU_LD_PREFIX points at. The official arm64 Node binaries
#      hang under Debian 12's qemu 7.2; Debian's build runs;
#   3. qemu-aarch64 registered with binfmt_misc (flag F), so that arm64
#      executables run directly: mocha and the tests spawn process.execPath;
#   4. esbuild's arm64 binary beside the x64 one (tsx runs the accuracy
#      report and the examples).
# Idempotent: each step is skipped when already done. Needs root (or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
here=.arm64
sysroot=$here/sysroot
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# --- 1. system packages -------------------------------------------------------
needed=(g++-aarch64-linux-gnu libopenblas-dev:arm64 qemu-user-static file binutils pkg-config)
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "setup-arm64: adding the arm64 architecture to dpkg"
  $sudo dpkg --add-architecture arm64
  updated=0
fi
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-arm64: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. an arm64 Node in .arm64/sysroot -----------------------------------------
# Debian 13 (trixie) builds Node against shared system libraries and JS
# modules: these are all the packages its `node` needs to start and run npm
# scripts' JS (mocha, tsx).
node_packages=(nodejs libnode115 libc6 libgcc-s1 libstdc++6 libicu76 libssl3t64 libuv1t64 libcares2
  libbrotli1 zlib1g libzstd1 libnghttp2-14 node-acorn node-cjs-module-lexer node-undici node-minimatch)
if [ ! -x "$sysroot/usr/bin/node" ]; then
  echo "setup-arm64: fetching Debian 13's arm64 nodejs into $sysroot"
  apt_dir=$root/$here/apt
  rm -rf "$apt_dir" "$sysroot"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/debs" "$apt_dir/etc/preferences.d" "$sysroot"
  cat > "$apt_dir/etc/sources.list" <<SOURCES
deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security trixie-security main
SOURCES
  touch "$apt_dir/status"
  apt_private=(-o "Dir::Etc::SourceList=$apt_dir/etc/sources.list" -o "Dir::Etc::SourceParts=-"
    -o "Dir::Etc::Preferences=$apt_dir/etc/preferences" -o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d"
    -o "Dir::State=$apt_dir" -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::status=$apt_dir/status"
    -o "Dir::Cache=$apt_dir" -o "Dir::Cache::archives=$apt_dir/archives"
    -o "APT::Architecture=arm64" -o "APT::Architectures=arm64" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
  apt-get "${apt_private[@]}" update -qq
  (cd "$apt_dir/debs" && apt-get "${apt_private[@]}" download "${node_packages[@]/%/:arm64}" -qq)
  for deb in "$apt_dir"/debs/*.deb; do dpkg -x "$deb" "$sysroot"; done
  # merged /usr: the ELF interpreter is /lib/ld-linux-aarch64.so.1.
  [ -e "$sysroot/lib" ] || ln -s usr/lib "$sysroot/lib"
  rm -rf "$apt_dir/archives" "$apt_dir/lists"
fi
# `node` on PATH for the emulated runs (npm's scripts, tests' children).
mkdir -p "$here/bin" && ln -sfn ../sysroot/usr/bin/node "$here/bin/node"

# --- 3. binfmt_misc -------------------------------------------------------------
binfmt=/proc/sys/fs/binfmt_misc
if [ ! -e "$binfmt/register" ]; then
  $sudo mount -t binfmt_misc binfmt_misc "$binfmt"
fi
if [ ! -e "$binfmt/qemu-aarch64" ]; then
  echo "setup-arm64: registering qemu-aarch64 with binfmt_misc (flag F)"
  # The aarch64 ELF header (magic, class, data, version; e_machine 0xb7).
  printf '%s' ':qemu-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-aarch64-static:F' \
    | $sudo tee "$binfmt/register" >/dev/null
fi

# --- 4. esbuild for arm64 (tsx) ---------------------------------------------------
esbuild_version=$(node -p "require('./node_modules/esbuild/package.json').version")
esbuild_arm64=node_modules/@esbuild/linux-arm64
if [ "$(node -p "try { require('./$esbuild_arm64/package.json').version } catch { '' }")" != "$esbuild_version" ]; then
  echo "setup-arm64: adding @esbuild/linux-arm64@$esbuild_version beside the x64 one"
  mkdir -p "$here/npm" && rm -rf "$esbuild_arm64"
  tarball=$(cd "$here/npm" && npm pack --silent "@esbuild/linux-arm64@$esbuild_version")
  mkdir -p "$esbuild_arm64" && tar -xzf "$here/npm/$tarball" -C "$esbuild_arm64" --strip-components=1
fi

QEMU_LD_PREFIX=$root/$sysroot "$sysroot/usr/bin/node" -e 'console.log(`setup-arm64: arm64 Node ${process.version} runs (${process.arch}, under qemu)`)'
