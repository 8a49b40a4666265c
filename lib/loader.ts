/**
 * The one place the native addon is loaded. node-gyp-build looks for a local
 * build (build/Release, build/Debug) first and then for a prebuild in
 * prebuilds/<platform>-<arch>/; when neither loads, the error says what was
 * looked for and how to fix it.
 */
import * as path from 'node:path';
import type { NativeBinding } from '../binding';

// lib/loader.ts (run from source) and dist/loader.js (built) both sit one
// level below the package root.
const packageRoot = path.join(__dirname, '..');

function libcDescription(): string {
  if (process.platform !== 'linux') return 'n/a';
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const glibc = report?.header?.glibcVersionRuntime;
  return glibc ? `glibc ${glibc}` : 'musl (or another non-glibc libc)';
}

function loadError(cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const message = [
    'blaskit: could not load its native addon.',
    `  platform: ${process.platform}, arch: ${process.arch}, libc: ${libcDescription()}, Node ${process.version}, Node-API ${process.versions.napi}`,
    `  looked in: ${path.join(packageRoot, 'build', 'Release')}, ${path.join(packageRoot, 'build', 'Debug')} and ${path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`)}`,
    `  reason: ${reason.split('\n')[0]}`,
    'Possible solutions:',
    '  - Build it from source (needs a C++17 compiler, cmake and OpenBLAS):',
    '      Debian/Ubuntu: sudo apt-get install -y cmake g++ pkg-config libopenblas-dev',
    '      then, in your project: npm rebuild blaskit',
    '  - If npm ran with --ignore-scripts, run: npm rebuild blaskit',
  ].join('\n');
  const error = new Error(message, { cause });
  Object.defineProperty(error, 'code', { value: 'ERR_BLASKIT_LOAD', enumerable: true });
  return error;
}

function load(): NativeBinding {
  try {
    // A specific binary, for test runs of special builds (npm run test:asan).
    const override = process.env.BLASKIT_BINARY;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (override) return require(path.resolve(override)) as NativeBinding;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;
    return nodeGypBuild(packageRoot) as NativeBinding;
  } catch (error) {
    throw loadError(error);
  }
}

/** The raw native module (see binding.d.ts). */
export const native: NativeBinding = load();
