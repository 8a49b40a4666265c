#!/usr/bin/env node
// prebuildify drives node-gyp; it has no cmake-js backend. It is pointed here
// with `--node-gyp`, and calls us as it would call node-gyp:
//   rebuild --target=<node version> --devdir=<cache> [--arch=x64] --release|--debug
// We build the same addon with cmake-js (a clean rebuild, so no stale flags
// leak into a release binary); prebuildify then takes build/Release/*.node
// into prebuilds/<platform>-<arch>/.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const cmakeJs = createRequire(import.meta.url).resolve('cmake-js/bin/cmake-js');

const cmakeArgs = ['rebuild'];
const arch = option('arch');
if (arch) cmakeArgs.push('--arch', arch);
if (args.includes('--debug')) cmakeArgs.push('--debug');

console.error(`prebuildify-cmake-js: node-gyp ${args.join(' ')} -> cmake-js ${cmakeArgs.join(' ')}`);
const result = spawnSync(process.execPath, [cmakeJs, ...cmakeArgs], { stdio: 'inherit' });
process.exit(result.status ?? 1);
