#!/usr/bin/env node
// prebuildify drives node-gyp; it has no cmake-js backend. It is pointed here
// with `--node-gyp`, and calls us as it would call node-gyp:
//   rebuild --target=<node version> --devdir=<cache> [--arch=x64] --release|--debug
// We build the same addon with cmake-js (a clean rebuild, so no stale flags
// leak into a release binary); prebuildify then takes build/Release/*.node
// into prebuilds/<platform>-<arch>/.
// `--arch=arm64` on an x86-64 Linux host cross-compiles with the toolchain
// file cmake/aarch64-linux-gnu.cmake (npm run prebuildify:arm64), in its own
// build-arm64/ (so build/'s CMake cache stays the host's), and copies the
// binary to build/Release/ where prebuildify looks for it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const cmakeJs = createRequire(import.meta.url).resolve('cmake-js/bin/cmake-js');

const cmakeArgs = ['rebuild'];
const arch = option('arch');
if (arch) cmakeArgs.push('--arch', arch);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const cross = arch === 'arm64' && os.arch() === 'x64' && process.platform === 'linux';
if (cross) cmakeArgs.push('--out', 'build-arm64', `--CDCMAKE_TOOLCHAIN_FILE=${path.join(root, 'cmake', 'aarch64-linux-gnu.cmake')}`);
// linux-x64 and linux-arm64 (glibc) prebuilds link the OpenBLAS that
// scripts/build-openblas.sh builds from Debian's source (real types and a few
// cores: docs/RELEASING.md); BLASKIT_SYSTEM_OPENBLAS=1 links the system's
// instead (to compare). The other platforms link their system's.
const targetArch = arch ?? os.arch();
const glibc = process.platform === 'linux' && Boolean(process.report?.getReport().header.glibcVersionRuntime);
if (glibc && ['x64', 'arm64'].includes(targetArch) && process.env.BLASKIT_SYSTEM_OPENBLAS !== '1') {
  const built = spawnSync('bash', [path.join(root, 'scripts', 'build-openblas.sh'), targetArch], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  cmakeArgs.push(`--CDBLASKIT_OPENBLAS_PKGCONFIG_DIR=${path.join(root, '.openblas', `linux-${targetArch}`, 'lib', 'pkgconfig')}`);
}
const config = args.includes('--debug') ? 'Debug' : 'Release';
if (config === 'Debug') cmakeArgs.push('--debug');

console.error(`prebuildify-cmake-js: node-gyp ${args.join(' ')} -> cmake-js ${cmakeArgs.join(' ')}`);
const result = spawnSync(process.execPath, [cmakeJs, ...cmakeArgs], { stdio: 'inherit' });
if (result.status === 0 && cross) {
  mkdirSync(path.join(root, 'build', config), { recursive: true });
  copyFileSync(path.join(root, 'build-arm64', config, 'blaskit.node'), path.join(root, 'build', config, 'blaskit.node'));
}
process.exit(result.status ?? 1);
