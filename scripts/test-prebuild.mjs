// npm run test:prebuild — the prebuilt binaries as a user installs them.
//   1. Each binary the package ships (prebuilds/linux-x64, prebuilds/linux-arm64)
//      is for its machine, needs no libopenblas or libgfortran, exports only the
//      Node-API entry points, is stripped, and needs glibc <= GLIBC_FLOOR
//      (readelf, which reads either architecture); the two together are at
//      most SIZE_GOAL_MB, and each runs the OpenBLAS build-openblas.sh pins.
//   2. `npm pack` (its prepack builds dist/), then install the tarball into fresh
//      projects, offline, with and without --ignore-scripts: no compiler runs,
//      the install prints nothing alarming, the prebuild loads. On x64 natively;
//      on arm64 with Debian's arm64 Node under qemu (scripts/setup-arm64.sh),
//      npm itself running on the emulated Node.
//   3. With no prebuild that fits and no compiler, the install ends with one
//      line saying it compiles from source and the packages to install.
//   4. The whole mocha suite runs against the x64 installed copy with
//      PREBUILDS_ONLY=1, and no OpenBLAS shared library is mapped; under
//      emulation, the package tests (test/50.package) against the arm64 copy.
// Prints `N passed, N failed` (the suite's count plus these checks).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXPORTS = ['napi_register_module_v1', 'node_api_module_get_api_version_v1'];
// Debian 12, Ubuntu 22.04, RHEL 9: the oldest glibc the prebuilds may need
// (OpenBLAS's thread pool uses pthread_create@GLIBC_2.34).
const GLIBC_FLOOR = '2.34';
// The prebuilds the package ships, each with the machine readelf must report.
const SHIPPED = [
  { dir: 'linux-x64', machine: 'Advanced Micro Devices X86-64', arch: 'x64' },
  { dir: 'linux-arm64', machine: 'AArch64', arch: 'arm64' },
];
// Debian's arm64 Node (scripts/setup-arm64.sh), run through binfmt_misc.
const arm64Root = path.join(root, '.arm64');
const arm64Env = {
  ...process.env,
  PATH: `${path.join(arm64Root, 'bin')}${path.delimiter}${process.env.PATH}`,
  QEMU_LD_PREFIX: path.join(arm64Root, 'sysroot'),
  // The tests stretch their time limits under emulation (test/support/emulation.ts).
  BLASKIT_EMULATED: 'qemu-aarch64',
};
const arm64Node = path.join(arm64Root, 'bin', 'node');
const npmCli = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
// What the test files import besides blaskit: the package's devDependencies
// (a scoped name brings its whole scope folder).
const DEV_PACKAGES = [...new Set(Object.keys(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies).map((name) => name.split('/')[0]))];

let passed = 0;
let failed = 0;
function check(name, f) {
  try {
    const detail = f();
    passed++;
    console.log(`  ✔ ${name}${detail ? ` (${detail})` : ''}`);
  } catch (error) {
    failed++;
    console.log(`  ✖ ${name}\n      ${String(error.message).split('\n').join('\n      ')}`);
  }
}
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
/** Compares dotted versions part by part: 2.3.4 < 2.17 < 2.34. */
function compareVersions(a, b) {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

const missing = SHIPPED.filter((p) => !existsSync(path.join(root, 'prebuilds', p.dir, 'blaskit.node')));
if (missing.length > 0) {
  console.log(`missing ${missing.map((p) => `prebuilds/${p.dir}/blaskit.node`).join(' and ')}: run \`npm run prebuildify && npm run prebuildify:arm64\` first`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const emulation = existsSync(arm64Node) && existsSync('/proc/sys/fs/binfmt_misc/qemu-aarch64');

for (const { dir, machine } of SHIPPED) {
  const binary = path.join(root, 'prebuilds', dir, 'blaskit.node');
  console.log(`prebuild: prebuilds/${dir}/blaskit.node`);
  check(`it is a shared object for ${machine}`, () => {
    const header = run('readelf', ['-h', binary]);
    if (!header.includes(`Machine:                           ${machine}`) || !/Type:\s+DYN/.test(header)) throw new Error(header);
  });
  check('it needs no libopenblas or libgfortran: only libstdc++, libm, libgcc_s, libc (readelf -d)', () => {
    const needed = [...run('readelf', ['-d', binary]).matchAll(/\(NEEDED\)\s+Shared library: \[(.+)\]/g)].map((m) => m[1]);
    const unexpected = needed.filter((lib) => !/^(libstdc\+\+\.so\.6|libm\.so\.6|libgcc_s\.so\.1|libc\.so\.6|ld-linux-[\w-]+\.so\.\d)$/.test(lib));
    if (unexpected.length > 0) throw new Error(`needs ${unexpected.join(', ')}`);
    return needed.join(', ');
  });
  check('it exports only the Node-API entry points (readelf --dyn-syms)', () => {
    const defined = run('readelf', ['--dyn-syms', '-W', binary])
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f.length >= 8 && /^\d+:$/.test(f[0]) && f[6] !== 'UND' && f[3] !== 'SECTION')
      .map((f) => f[7]);
    if (defined.sort().join() !== [...EXPORTS].sort().join()) throw new Error(`exports: ${defined.join(', ')}`);
    return defined.join(', ');
  });
  check('it is stripped', () => {
    const description = run('file', [binary]);
    if (!/, stripped/.test(description)) throw new Error(description);
    return `${(statSync(binary).size / 1e6).toFixed(1)} MB`;
  });
  check(`it needs glibc ${GLIBC_FLOOR} or older (readelf -V)`, () => {
    const versions = run('readelf', ['-V', '-W', binary]);
    const newest = (prefix) => [...versions.matchAll(new RegExp(`Name: ${prefix}_([\\d.]+)`, 'g'))].map((m) => m[1]).sort(compareVersions).pop();
    const glibc = newest('GLIBC');
    if (compareVersions(glibc, GLIBC_FLOOR) > 0) throw new Error(`needs GLIBC_${glibc}`);
    return `GLIBC_${glibc}, GLIBCXX_${newest('GLIBCXX')}, CXXABI_${newest('CXXABI')}`;
  });
}

// Issue 11's goal: both prebuilds together no larger than the linux-x64 one
// alone was with Debian 12's libopenblas.a (25.5 MB; the issue's 24 MB).
const SIZE_GOAL_MB = 24;
check(`both prebuilds together are at most ${SIZE_GOAL_MB} MB (OpenBLAS from scripts/build-openblas.sh: real types, CBLAS, a few cores)`, () => {
  const sizes = SHIPPED.map((p) => statSync(path.join(root, 'prebuilds', p.dir, 'blaskit.node')).size / 1e6);
  const total = sizes.reduce((a, b) => a + b, 0);
  const detail = `${SHIPPED.map((p, i) => `${p.dir} ${sizes[i].toFixed(1)} MB`).join(' + ')} = ${total.toFixed(1)} MB`;
  if (total > SIZE_GOAL_MB) throw new Error(detail);
  return detail;
});
// The OpenBLAS version the prebuilds must report: the one build-openblas.sh pins.
const PINNED_OPENBLAS = readFileSync(path.join(root, 'scripts', 'build-openblas.sh'), 'utf8').match(/^upstream_version=(\S+)$/m)[1];

const work = mkdtempSync(path.join(tmpdir(), 'blaskit-prebuild-'));
// npm pack runs prepack (dist/ built from lib/), whose output precedes the JSON.
const packOutput = run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root });
const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[/m)))[0];
const tarball = path.join(work, packed.filename);
console.log('the tarball:');
check('it holds both prebuilds, the JS, the types, the install hook and the sources to rebuild', () => {
  const files = packed.files.map((f) => f.path);
  const needed = [...SHIPPED.map((p) => `prebuilds/${p.dir}/blaskit.node`), 'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'binding.d.ts', 'scripts/install.mjs', 'CMakeLists.txt', 'native/addon.cc', 'LICENSE'];
  for (const file of needed) if (!files.includes(file)) throw new Error(`missing ${file}`);
  if (files.some((f) => f.startsWith('build') || f.startsWith('test/') || f.startsWith('node_modules/') || f.startsWith('.arm64/'))) throw new Error('build/, test/, .arm64/ or node_modules/ leaked into the tarball');
  return `${packed.entryCount} files, ${(packed.size / 1e6).toFixed(1)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(1)} MB unpacked`;
});

/** A fresh project with the tarball installed; returns the project and npm's output. */
function install(label, { ignoreScripts = false, arm64 = false, env = process.env, file = tarball, prime = false } = {}) {
  const project = path.join(work, `project-${label}`);
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: `consumer-${label}`, private: true }));
  // --foreground-scripts: the install hook's output is shown, as a user with
  // a verbose npm (or npm 6) would see it.
  const flags = ['install', prime ? '--prefer-offline' : '--offline', '--no-audit', '--no-fund', '--foreground-scripts'];
  if (ignoreScripts) flags.push('--ignore-scripts');
  const [cmd, args] = arm64 ? [arm64Node, [npmCli, ...flags, file]] : ['npm', [...flags, file]];
  const result = spawnSync(cmd, args, { cwd: project, encoding: 'utf8', env: arm64 ? arm64Env : env });
  return { project, status: result.status, output: `${result.stdout}${result.stderr}` };
}

const smoke =
  "const b = require('blaskit');" +
  "const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');" +
  "if (/openblas|gfortran/.test(maps)) throw new Error('an OpenBLAS shared library is mapped');" +
  "const where = require('node-gyp-build').resolve(require('path').dirname(require.resolve('blaskit/package.json')));" +
  "console.log(b.format(b.softmax([1000, 1000, 0])) + ' ' + b.dot([1, 2], [3, 4]) + ' ' + process.arch + ' openblas-' + b.runtimeInfo().blas.version + ' ' + where);";
// Nothing alarming: no stack trace, no node-gyp-build error, no build.
const ALARMING = /No native build was found|^\s+at |Error|compiling from source/m;

// `npm ci` caches the dependencies' tarballs but not their registry metadata,
// which an install of the tarball resolves its version ranges from: one
// install that may use the network fills the cache, so that every install
// below runs --offline (nothing fetched: no binary, no headers, no package).
check("npm's cache holds the dependencies (one install that may use the network; the installs below are --offline)", () => {
  const { status, output } = install('prime', { ignoreScripts: true, prime: true });
  if (status !== 0) throw new Error(`npm install --prefer-offline failed:\n${output}`);
});

const projects = {};
for (const arm64 of emulation ? [false, true] : [false]) {
  const arch = arm64 ? 'arm64' : 'x64';
  for (const ignoreScripts of [false, true]) {
    const label = `${arch}${ignoreScripts ? '-ignore-scripts' : ''}`;
    const how = arm64 ? ' under qemu (Debian arm64 Node and npm)' : '';
    check(`linux-${arch}${how}: npm install --offline${ignoreScripts ? ' --ignore-scripts' : ''} of the tarball is quiet and loads the prebuild (OpenBLAS ${PINNED_OPENBLAS} inside), compiling nothing`, () => {
      const { project, status, output } = install(label, { ignoreScripts, arm64 });
      if (status !== 0) throw new Error(`npm install failed:\n${output}`);
      const hook = output.split('\n').filter((l) => !/^(added|up to date|\s*$)/.test(l));
      if (ALARMING.test(output)) throw new Error(`the install printed:\n${hook.join('\n')}`);
      projects[label] = project;
      const installed = path.join(project, 'node_modules', 'blaskit');
      if (existsSync(path.join(installed, 'build'))) throw new Error(`a build/ folder appeared: something compiled (${readdirSync(path.join(installed, 'build')).join(', ')})`);
      const out = run(arm64 ? arm64Node : process.execPath, ['-e', smoke], { cwd: project, env: { ...(arm64 ? arm64Env : process.env), PREBUILDS_ONLY: '1' } }).trim();
      if (!out.startsWith(`[0.5 0.5 0. ] 11 ${arch} openblas-${PINNED_OPENBLAS} `) || !out.includes(`${path.sep}prebuilds${path.sep}linux-${arch}${path.sep}`)) throw new Error(`smoke output: ${out}`);
      return path.relative(project, out.slice(out.lastIndexOf(' ') + 1));
    });
  }
}
if (!emulation) {
  failed++;
  console.log('  ✖ linux-arm64 under qemu: no arm64 Node here: run `bash scripts/setup-arm64.sh` (the arm64 installs are part of this test)');
}

check('with no prebuild that fits and no compiler, the install says so in one line and ends naming the packages to install', () => {
  // The same package without prebuilds/, and a PATH with node, npm and sh
  // (which npm runs scripts with) only.
  const unpacked = path.join(work, 'unpacked');
  mkdirSync(unpacked);
  run('tar', ['-xzf', tarball, '-C', unpacked]);
  rmSync(path.join(unpacked, 'package', 'prebuilds'), { recursive: true });
  const bare = path.join(work, 'no-prebuild.tgz');
  run('tar', ['-czf', bare, '-C', unpacked, 'package']);
  const bin = path.join(work, 'bin-node-only');
  mkdirSync(bin);
  symlinkSync(process.execPath, path.join(bin, 'node'));
  symlinkSync(path.join(path.dirname(npmCli), 'npm-cli.js'), path.join(bin, 'npm'));
  symlinkSync('/bin/sh', path.join(bin, 'sh'));
  const env = { ...process.env, PATH: bin };
  delete env.CXX;
  const { status, output } = install('no-compiler', { env, file: bare });
  if (status === 0) throw new Error(`the install succeeded:\n${output}`);
  const lines = output.split('\n');
  const announce = lines.filter((l) => l.startsWith('blaskit: no prebuilt binary for'));
  if (announce.length !== 1 || !announce[0].includes(`${process.platform}-${process.arch}`) || !announce[0].endsWith('compiling from source with cmake-js')) throw new Error(`no one-line announcement:\n${output}`);
  for (const expected of ['blaskit: cannot compile from source: missing cmake, a C++ compiler, pkg-config.', 'sudo apt-get install -y cmake g++ make pkg-config libopenblas-dev']) {
    if (!output.includes(expected)) throw new Error(`missing "${expected}" in:\n${output}`);
  }
  if (/No native build was found|^\s+at /m.test(output)) throw new Error(`a stack trace:\n${output}`);
  return announce[0];
});

// The whole suite, against the x64 copy installed without scripts; the
// package tests against the arm64 copy, under emulation.
function linkTestTree(project) {
  cpSync(path.join(root, 'test'), path.join(project, 'test'), { recursive: true });
  cpSync(path.join(root, 'examples'), path.join(project, 'examples'), { recursive: true }); // the server test starts it
  cpSync(path.join(root, '.mocharc.json'), path.join(project, '.mocharc.json'));
  // The tests import ../lib/...: point that at the installed package's build.
  symlinkSync(path.join(project, 'node_modules', 'blaskit', 'dist'), path.join(project, 'lib'), 'dir');
  for (const name of DEV_PACKAGES) {
    if (!existsSync(path.join(project, 'node_modules', name))) symlinkSync(path.join(root, 'node_modules', name), path.join(project, 'node_modules', name), 'dir');
  }
}
function suite(project, title, { arm64 = false, files = [] } = {}) {
  console.log(`\n${title}:`);
  linkTestTree(project);
  const env = { ...(arm64 ? arm64Env : process.env), PREBUILDS_ONLY: '1', BLASKIT_PACKAGE_ROOT: path.join(project, 'node_modules', 'blaskit') };
  const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
  // Under emulation, node runs mocha with tsx directly (no re-spawned child).
  const [cmd, args] = arm64 ? [arm64Node, ['--import=tsx', path.join(root, 'node_modules', 'mocha', 'lib', 'cli', 'cli.js'), '--no-config', '--reporter=test/support/summary-reporter.js', '--timeout=120000', ...files]] : [process.execPath, [mocha, ...files]];
  const result = spawnSync(cmd, args, { cwd: project, encoding: 'utf8', env });
  const output = result.stdout + result.stderr;
  const match = output.match(/^(\d+) passed, (\d+) failed/m);
  if (!match || result.status !== 0) console.log(output.split('\n').filter((l) => !l.includes('✔')).join('\n'));
  if (match) {
    passed += Number(match[1]);
    failed += Number(match[2]);
  } else {
    failed++;
  }
  if (result.status !== 0 && match && Number(match[2]) === 0) failed++;
  console.log(`  suite: ${match ? match[0] : 'no summary line'} (exit ${result.status})`);
}
if (projects['x64-ignore-scripts']) suite(projects['x64-ignore-scripts'], 'the mocha suite against the installed linux-x64 copy, PREBUILDS_ONLY=1');
if (projects['arm64-ignore-scripts']) {
  suite(projects['arm64-ignore-scripts'], 'the package tests against the installed linux-arm64 copy under qemu, PREBUILDS_ONLY=1', { arm64: true, files: ['test/50.package.test.ts'] });
}

rmSync(work, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
