# Cross-compiles blaskit for linux-arm64 (glibc) on an x86-64 Debian machine:
#   apt-get install g++-aarch64-linux-gnu libopenblas-dev:arm64
#   (after `dpkg --add-architecture arm64`; scripts/setup-arm64.sh does both).
# Used by `npm run prebuildify:arm64` (scripts/prebuildify-cmake-js.mjs passes
# it to cmake-js as --CDCMAKE_TOOLCHAIN_FILE).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_STRIP aarch64-linux-gnu-strip)
# Debian multiarch: the arm64 libraries and headers live beside the host's
# in /usr (lib/aarch64-linux-gnu, include/aarch64-linux-gnu), so there is no
# separate sysroot; the architecture name keeps find_library in arm64's dirs.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# pkg-config must describe arm64's OpenBLAS, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
