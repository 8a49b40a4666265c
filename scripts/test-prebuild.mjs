// npm run test:prebuild — the prebuilt binary as a user installs it.
//   1. The binary in prebuilds/<platform>-<arch>/ needs no libopenblas or
//      libgfortran (ldd) and exports only the Node-API entry points (nm).
//   2. `npm pack`, then install the tarball into fresh projects, offline,
//      with and without --ignore-scripts: no compiler runs, the prebuild loads.
//   3. The whole mocha suite runs against the installed copy with
//      PREBUILDS_ONLY=1, and no OpenBLAS shared library is mapped.
// Prints `N passed, N failed` (the suite's count plus these checks).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const binary = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'blaskit.node');
const EXPORTS = ['napi_register_module_v1', 'node_api_module_get_api_version_v1'];
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

if (!existsSync(binary)) {
  console.log(`no prebuild at ${binary}: run \`npm run prebuildify\` first`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), 'blaskit-prebuild-'));
// Tests find numpy's validation data in a `shared/` folder beside the checkout.
symlinkSync(path.join(root, '..', 'shared'), path.join(work, 'shared'), 'dir');

console.log(`prebuild: ${path.relative(root, binary)}`);
check('the binary needs no libopenblas or libgfortran (ldd)', () => {
  const libs = run('ldd', [binary]);
  if (/openblas|gfortran|libblas|liblapack/.test(libs)) throw new Error(`ldd shows:\n${libs}`);
  return libs.split('\n').filter(Boolean).map((l) => l.trim().split(' ')[0]).join(', ');
});
check('the binary exports only the Node-API entry points (nm -D)', () => {
  const symbols = run('nm', ['-D', '--defined-only', binary]).trim().split('\n').map((l) => l.trim().split(/\s+/).pop());
  if (symbols.sort().join() !== [...EXPORTS].sort().join()) throw new Error(`exports: ${symbols.join(', ')}`);
  return symbols.join(', ');
});
check('the binary is stripped', () => {
  const description = run('file', [binary]);
  if (!/, stripped/.test(description)) throw new Error(description);
  return `${(Number(run('stat', ['-c', '%s', binary])) / 1e6).toFixed(1)} MB`;
});

const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root }))[0];
const tarball = path.join(work, packed.filename);
check('the tarball holds the prebuild, the JS, the types and the sources to rebuild', () => {
  const files = packed.files.map((f) => f.path);
  for (const needed of [`prebuilds/${process.platform}-${process.arch}/blaskit.node`, 'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'binding.d.ts', 'CMakeLists.txt', 'native/addon.cc', 'LICENSE']) {
    if (!files.includes(needed)) throw new Error(`missing ${needed}`);
  }
  if (files.some((f) => f.startsWith('build/') || f.startsWith('test/') || f.startsWith('node_modules/'))) throw new Error('build/, test/ or node_modules/ leaked into the tarball');
  return `${packed.entryCount} files, ${(packed.size / 1e6).toFixed(1)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(1)} MB unpacked`;
});

function install(mode) {
  const project = path.join(work, `project-${mode}`);
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: `consumer-${mode}`, private: true }));
  const flags = ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'];
  if (mode === 'ignore-scripts') flags.push('--ignore-scripts');
  run('npm', [...flags, tarball], { cwd: project });
  return project;
}

const smoke =
  "const b = require('blaskit');" +
  "const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');" +
  "if (/openblas|gfortran/.test(maps)) throw new Error('an OpenBLAS shared library is mapped');" +
  "const where = require('node-gyp-build').resolve(require('path').dirname(require.resolve('blaskit/package.json')));" +
  "console.log(b.format(b.softmax([1000, 1000, 0])) + ' ' + b.dot([1, 2], [3, 4]) + ' ' + where);";

const projects = {};
for (const mode of ['scripts', 'ignore-scripts']) {
  check(`npm install --offline${mode === 'ignore-scripts' ? ' --ignore-scripts' : ''} of the tarball loads the prebuild, compiling nothing`, () => {
    const project = install(mode);
    projects[mode] = project;
    const installed = path.join(project, 'node_modules', 'blaskit');
    if (existsSync(path.join(installed, 'build'))) throw new Error(`a build/ folder appeared: something compiled (${readdirSync(path.join(installed, 'build')).join(', ')})`);
    const out = run(process.execPath, ['-e', smoke], { cwd: project, env: { ...process.env, PREBUILDS_ONLY: '1' } }).trim();
    if (!out.startsWith('[0.5 0.5 0. ] 11 ') || !out.includes(`${path.sep}prebuilds${path.sep}`)) throw new Error(`smoke output: ${out}`);
    return out.slice(out.lastIndexOf(' ') + 1);
  });
}

// The whole suite, against the copy installed without scripts.
const project = projects['ignore-scripts'];
let suiteSummary = '';
if (project) {
  cpSync(path.join(root, 'test'), path.join(project, 'test'), { recursive: true });
  cpSync(path.join(root, 'examples'), path.join(project, 'examples'), { recursive: true }); // the server test starts it
  cpSync(path.join(root, '.mocharc.json'), path.join(project, '.mocharc.json'));
  // The tests import ../lib/...: point that at the installed package's build.
  symlinkSync(path.join(project, 'node_modules', 'blaskit', 'dist'), path.join(project, 'lib'), 'dir');
  for (const name of DEV_PACKAGES) {
    if (!existsSync(path.join(project, 'node_modules', name))) symlinkSync(path.join(root, 'node_modules', name), path.join(project, 'node_modules', name), 'dir');
  }
  console.log('\nthe mocha suite against the installed copy, PREBUILDS_ONLY=1:');
  const suite = spawnSync(path.join(root, 'node_modules', '.bin', 'mocha'), [], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, PREBUILDS_ONLY: '1', BLASKIT_PACKAGE_ROOT: path.join(project, 'node_modules', 'blaskit') },
  });
  const output = suite.stdout + suite.stderr;
  const match = output.match(/^(\d+) passed, (\d+) failed/m);
  if (!match || suite.status !== 0) console.log(output.split('\n').filter((l) => !l.includes('✔')).join('\n'));
  if (match) {
    passed += Number(match[1]);
    failed += Number(match[2]);
    suiteSummary = match[0];
  } else {
    failed++;
  }
  if (suite.status !== 0 && match && Number(match[2]) === 0) failed++;
  console.log(`  suite: ${suiteSummary || 'no summary line'} (exit ${suite.status})`);
}

rmSync(work, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
