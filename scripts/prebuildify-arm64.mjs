#!/usr/bin/env node
// npm run prebuildify:arm64 — prebuilds/linux-arm64/blaskit.node, cross-
// compiled on this x86-64 machine (g++-aarch64-linux-gnu, OpenBLAS cross-
// built from Debian's source by scripts/build-openblas.sh,
// cmake/aarch64-linux-gnu.cmake), stripped with the arm64 strip. The host's
// own build (build/Release/blaskit.node), which prebuildify would carry off,
// is put back afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const missing = [];
try {
  execFileSync('aarch64-linux-gnu-g++', ['--version'], { stdio: 'ignore' });
} catch {
  missing.push('g++-aarch64-linux-gnu');
}
// The prebuild links OpenBLAS built from source (scripts/build-openblas.sh);
// Debian's arm64 OpenBLAS only with BLASKIT_SYSTEM_OPENBLAS=1.
if (process.env.BLASKIT_SYSTEM_OPENBLAS === '1' && !existsSync('/usr/lib/aarch64-linux-gnu/pkgconfig/openblas.pc')) missing.push('libopenblas-dev:arm64');
if (missing.length > 0) {
  console.error(`prebuildify:arm64: ${missing.join(' and ')} missing: run \`bash scripts/setup-arm64.sh\` (installs them)`);
  process.exit(1);
}

const hostBuild = path.join(root, 'build', 'Release', 'blaskit.node');
const stash = `${hostBuild}.host`;
if (existsSync(hostBuild)) renameSync(hostBuild, stash);
let status;
try {
  const prebuildify = path.join(root, 'node_modules', '.bin', 'prebuildify');
  const args = ['--napi', '--strip', '--arch', 'arm64', '--node-gyp', path.join(root, 'scripts', 'prebuildify-cmake-js.mjs')];
  status = spawnSync(prebuildify, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PREBUILD_STRIP_BIN: 'aarch64-linux-gnu-strip' } }).status;
} finally {
  if (existsSync(stash)) renameSync(stash, hostBuild);
}
const binary = path.join(root, 'prebuilds', 'linux-arm64', 'blaskit.node');
if (status !== 0 || !existsSync(binary)) {
  console.error('prebuildify:arm64: the build failed');
  process.exit(1);
}
console.log(`${path.relative(root, binary)}: ${(statSync(binary).size / 1e6).toFixed(1)} MB, ${execFileSync('file', ['-b', binary], { encoding: 'utf8' }).trim()}`);
