/**
 * The package as a user gets it: `require('blaskit')` from CommonJS, named
 * imports from an ES module and TypeScript types, from a scratch project that
 * depends on this checkout; and the loader's error when no binary is there.
 * Runs against the built files (dist/, build/Release), which `npm test`
 * rebuilds first.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { timeLimit } from './support/emulation';

// The package under test: this checkout, or an installed copy
// (npm run test:prebuild sets BLASKIT_PACKAGE_ROOT).
const root = process.env.BLASKIT_PACKAGE_ROOT ?? path.join(__dirname, '..');

function scratchProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'blaskit-consumer-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(root, path.join(dir, 'node_modules', 'blaskit'), 'dir');
  return dir;
}

function runNode(dir: string, file: string): string {
  return execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }).trim();
}

describe('the package from a scratch project', function () {
  this.timeout(timeLimit(60000));
  let dir: string;

  before(() => {
    expect(existsSync(path.join(root, 'dist', 'index.js')), 'dist/ is built (npm run build)').to.equal(true);
    dir = scratchProject();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("require('blaskit') works from plain CommonJS", () => {
    writeFileSync(
      path.join(dir, 'use.cjs'),
      "const b = require('blaskit');\n" +
        "console.log(b.format(b.sigmoid([2, 3, 4])), b.dot([1, 2], [3, 4]), typeof b.NDArray);\n",
    );
    expect(runNode(dir, 'use.cjs')).to.equal('[0.88079708 0.95257413 0.98201379] 11 function');
  });

  it("named imports (import { sigmoid, dot } from 'blaskit') work from an ES module, as does the default import", () => {
    writeFileSync(
      path.join(dir, 'use.mjs'),
      "import { sigmoid, dot, NDArray, format } from 'blaskit';\n" +
        "import blaskit from 'blaskit';\n" +
        "console.log(format(sigmoid([2, 3, 4])), dot([1, 2], [3, 4]), sigmoid([1]) instanceof NDArray, blaskit.sigmoid === sigmoid);\n",
    );
    expect(runNode(dir, 'use.mjs')).to.equal('[0.88079708 0.95257413 0.98201379] 11 true true');
  });

  it('the ES module exports every name the CommonJS module exports', () => {
    writeFileSync(
      path.join(dir, 'names.mjs'),
      "import * as esm from 'blaskit';\nimport { createRequire } from 'node:module';\n" +
        "const cjs = createRequire(import.meta.url)('blaskit');\n" +
        "const missing = Object.keys(cjs).filter((k) => k !== '__esModule' && esm[k] !== cjs[k]);\n" +
        'console.log(JSON.stringify(missing));\n',
    );
    expect(runNode(dir, 'names.mjs')).to.equal('[]');
  });

  it('TypeScript consumers get the types through the package exports (module nodenext)', () => {
    writeFileSync(
      path.join(dir, 'use.mts'),
      "import { sigmoid, type NDArray } from 'blaskit';\nconst y: NDArray = sigmoid([1, 2]);\nconst z: number = sigmoid(1);\nexport { y, z };\n",
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: [] }, files: ['use.mts'] }),
    );
    const tsc = require.resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).to.equal('');
    expect(result.status).to.equal(0);
  });
});

describe('the native addon (Linux)', () => {
  // What the process really mapped, from /proc/self/maps.
  const mappedFiles = (): string[] => readFileSync('/proc/self/maps', 'utf8').split('\n').map((line) => line.split(/\s+/)[5] ?? '').filter(Boolean);

  it('carries OpenBLAS inside: no OpenBLAS or gfortran shared library is mapped into the process', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the addon here, inside the test that inspects the mapped files
    require('../lib/loader');
    expect(mappedFiles().filter((file) => /openblas|gfortran|libblas|liblapack/.test(file))).to.deep.equal([]);
  });

  it('is the binary node-gyp-build picks: with PREBUILDS_ONLY=1, the one in prebuilds/', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the addon here, inside the test that inspects the mapped files
    require('../lib/loader');
    // (npm run test:asan names its sanitizer build in BLASKIT_BINARY instead.)
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- node-gyp-build ships no ES module or types
    const where: string = process.env.BLASKIT_BINARY ?? require('node-gyp-build').resolve(root);
    expect(mappedFiles()).to.include(realpathSync(where));
    if (process.env.PREBUILDS_ONLY) {
      expect(where).to.contain(`${path.sep}prebuilds${path.sep}${process.platform}-${process.arch}${path.sep}blaskit.node`);
    }
  });
});

describe('the loader when no binary is there', function () {
  this.timeout(timeLimit(30000));

  it('throws ERR_BLASKIT_LOAD naming the platform, where it looked and the fix', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blaskit-nobinary-'));
    try {
      // The package's JS without build/ or prebuilds/.
      cpSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
      cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
      // node-gyp-build, from wherever the package under test finds it.
      const modules = path.dirname(path.dirname(require.resolve('node-gyp-build/package.json', { paths: [root] })));
      symlinkSync(modules, path.join(dir, 'node_modules'), 'dir');
      const script = "try { require('./dist/index.js') } catch (e) { console.log(e.code + '\\n' + e.message) }";
      const env = { ...process.env };
      delete env.BLASKIT_BINARY;
      const output = execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env });
      expect(output).to.match(/^ERR_BLASKIT_LOAD\nblaskit: could not load its native addon\./);
      expect(output).to.contain(`platform: ${process.platform}, arch: ${process.arch}, libc: glibc`);
      expect(output).to.contain(`Node ${process.version}, Node-API ${process.versions.napi}`);
      expect(output).to.contain(`looked in: ${path.join(dir, 'build', 'Release')}`);
      expect(output).to.contain(path.join(dir, 'prebuilds', `${process.platform}-${process.arch}`));
      expect(output).to.contain('sudo apt-get install -y cmake g++ pkg-config libopenblas-dev');
      expect(output).to.contain('npm rebuild blaskit');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
