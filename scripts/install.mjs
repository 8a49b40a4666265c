#!/usr/bin/env node
// The package's install hook (package.json "install"), shipped in the tarball.
// With a prebuilt binary that loads here, it prints nothing and exits. With
// none, it says so in one line and compiles from source with cmake-js; when
// the tools for that are missing it names the packages to install, instead of
// a stack trace from node-gyp-build or CMake's first error.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function libc() {
  if (process.platform !== 'linux') return process.platform;
  const glibc = process.report?.getReport()?.header?.glibcVersionRuntime;
  return glibc ? `glibc ${glibc}` : 'musl';
}

const HOW_TO_INSTALL = [
  'blaskit: to compile from source, install cmake, a C++17 compiler, pkg-config and OpenBLAS, then run `npm rebuild blaskit`:',
  '  Debian/Ubuntu: sudo apt-get install -y cmake g++ make pkg-config libopenblas-dev',
  '  Fedora/RHEL:   sudo dnf install cmake gcc-c++ make pkgconf-pkg-config openblas-devel',
  '  Alpine:        apk add cmake g++ make pkgconf openblas-dev',
  '  macOS:         brew install cmake pkg-config openblas',
].join('\n');

try {
  require('node-gyp-build')(root);
  process.exit(0);
} catch {
  // No binary for this platform, or one that does not load: build one.
}

console.error(`blaskit: no prebuilt binary for ${process.platform}-${process.arch} (${libc()}, Node-API ${process.versions.napi}): compiling from source with cmake-js`);

const found = (command, args = ['--version']) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const compiler = [process.env.CXX, 'c++', 'g++', 'clang++'].filter(Boolean).some((cxx) => found(cxx));
const missing = [];
if (!found('cmake')) missing.push('cmake');
if (!compiler) missing.push('a C++ compiler');
if (!found('pkg-config')) missing.push('pkg-config');
else if (!found('pkg-config', ['--exists', 'openblas'])) missing.push('OpenBLAS (pkg-config module openblas)');
if (missing.length > 0) {
  console.error(`blaskit: cannot compile from source: missing ${missing.join(', ')}.\n${HOW_TO_INSTALL}`);
  process.exit(1);
}

const build = spawnSync(process.execPath, [require.resolve('cmake-js/bin/cmake-js'), 'compile'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`blaskit: compiling from source failed (above).\n${HOW_TO_INSTALL}`);
  process.exit(build.status || 1);
}
