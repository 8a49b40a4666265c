/**
 * What blaskit runs on and how it splits work: runtimeInfo(), setNumThreads(),
 * and the environment variables BLASKIT_NUM_THREADS and
 * BLASKIT_DISABLE_TARGETS (read once, at load: those run in fresh processes).
 * The kernels must give the same bits on one thread or many, and on the
 * TypeScript path (small inputs) as on the baseline native target.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MAX_THREADS, array, normalizeRows, runtimeInfo, setNumThreads, sigmoid, sigmoidDerivative, softmax, tanh, tanhDerivative, relu, multiply } from '../lib/index';
import { seededRandom } from './support/random';
import { expectIdentical } from './support/ulp';

// The package under test: this checkout, or the installed copy (test:prebuild sets BLASKIT_PACKAGE_ROOT).
const root = process.env.BLASKIT_PACKAGE_ROOT ?? path.join(__dirname, '..');

/** runtimeInfo() in a fresh process with `env` added. */
function infoWith(env: Record<string, string>): { status: number | null; info: ReturnType<typeof runtimeInfo>; stderr: string } {
  const child = spawnSync(process.execPath, ['-e', `console.log(JSON.stringify(require(${JSON.stringify(path.join(root, 'dist', 'index.js'))}).runtimeInfo()))`], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: child.status, info: child.status === 0 ? JSON.parse(child.stdout) : undefined, stderr: child.stderr };
}

describe('runtime: SIMD targets, threads and runtimeInfo()', () => {
  const info = runtimeInfo();

  it('runtimeInfo() names the SIMD target of every kernel family, the supported targets best first, the threads and OpenBLAS', () => {
    expect(info.simd.supported).to.include('baseline');
    expect(info.simd.supported[info.simd.supported.length - 1]).to.equal('baseline');
    expect(info.simd.supported).to.include(info.simd.target);
    expect(info.simd.families).to.deep.equal({ activations: info.simd.target, rows: info.simd.target, products: info.simd.target });
    expect(info.threads.count).to.be.within(1, MAX_THREADS);
    expect(info.threads.parallelFrom.expKernels).to.be.greaterThan(0);
    expect(info.threads.parallelFrom.streaming).to.be.greaterThan(0);
    expect(info.threads.typescriptBelow.sigmoid).to.be.a('number');
    expect(info.blas.version).to.match(/^\d+\.\d+\.\d+/);
    expect(info.blas.config).to.include(`OpenBLAS ${info.blas.version}`);
    expect(info.blas.core).to.be.a('string').and.not.equal('');
    expect(info.blas.threads).to.be.at.least(1);
  });

  it('BLASKIT_DISABLE_TARGETS forces each lower target, and runtimeInfo() says it was forced; the baseline cannot be disabled, unknown names are ignored', () => {
    const supported = info.simd.supported;
    for (let i = 1; i < supported.length; i++) {
      const disabled = supported.slice(0, i).join(',');
      const run = infoWith({ BLASKIT_DISABLE_TARGETS: disabled });
      expect(run.status, run.stderr).to.equal(0);
      expect(run.info.simd.target, `with BLASKIT_DISABLE_TARGETS=${disabled}`).to.equal(supported[i]);
      expect(run.info.simd.forced).to.equal(true);
      expect(run.info.simd.disabled).to.equal(disabled);
    }
    const all = infoWith({ BLASKIT_DISABLE_TARGETS: ` ${supported.join(' , ')} , sse9 ` });
    expect(all.info.simd.target).to.equal('baseline');
    const none = infoWith({ BLASKIT_DISABLE_TARGETS: 'sse9,' });
    expect(none.info.simd.target).to.equal(supported[0]);
    expect(none.info.simd.forced).to.equal(false);
  });

  it('BLASKIT_NUM_THREADS sets the thread count, OpenBLAS\'s too (clamped to 1..64); anything but a positive integer is ignored', () => {
    const one = infoWith({ BLASKIT_NUM_THREADS: '1' }).info;
    expect(one.threads.count).to.equal(1);
    expect(one.blas.threads).to.equal(1);
    expect(infoWith({ BLASKIT_NUM_THREADS: '3' }).info.threads.count).to.equal(3);
    expect(infoWith({ BLASKIT_NUM_THREADS: '5000' }).info.threads.count).to.equal(MAX_THREADS);
    const cores = infoWith({}).info.threads.count;
    for (const junk of ['0', '-2', 'two', '1.5', '']) {
      expect(infoWith({ BLASKIT_NUM_THREADS: junk }).info.threads.count, `BLASKIT_NUM_THREADS=${JSON.stringify(junk)}`).to.equal(cores);
    }
  });

  it('setNumThreads(n) sets the count for the kernels and OpenBLAS alike, and rejects what is not an integer from 1 to 64', () => {
    const before = runtimeInfo().threads.count;
    try {
      setNumThreads(1);
      expect(runtimeInfo().threads.count).to.equal(1);
      expect(runtimeInfo().blas.threads).to.equal(1);
      setNumThreads(2);
      expect(runtimeInfo().threads.count).to.equal(2);
      expect(runtimeInfo().blas.threads).to.equal(2);
    } finally {
      setNumThreads(before);
    }
    for (const bad of [0, -1, 1.5, 65, NaN, Infinity]) {
      expect(() => setNumThreads(bad), String(bad)).to.throw(RangeError).with.property('code', 'ERR_BLASKIT_OUT_OF_RANGE');
    }
    for (const bad of ['2', null, undefined, 2n]) {
      expect(() => setNumThreads(bad as unknown as number), String(bad)).to.throw(TypeError).with.property('code', 'ERR_BLASKIT_INVALID_TYPE');
    }
    expect(() => setNumThreads(0)).to.throw(/setNumThreads: expected argument 'n' to be an integer from 1 to 64, received 0/);
  });

  it('gives the same bits on 1, 2 and 3 threads, for inputs large enough to split (every kernel family)', () => {
    const random = seededRandom(0x7e_0001);
    const n = 3 * info.threads.parallelFrom.streaming + 5;
    const x = random.array(n, -40, 40);
    const b = random.array(n, -2, 2);
    const matrix = array(x.subarray(0, 999 * 1001), [999, 1001]);
    const run = () => [sigmoid(x), sigmoidDerivative(x), tanh(x), tanhDerivative(x), relu(x), multiply(x, b), softmax(matrix).data, normalizeRows(matrix).data];
    const before = runtimeInfo().threads.count;
    try {
      setNumThreads(1);
      const one = run();
      for (const threads of [2, 3]) {
        setNumThreads(threads);
        const many = run();
        one.forEach((expected, i) => expectIdentical(many[i], expected, `kernel ${i} on ${threads} threads against 1`));
      }
    } finally {
      setNumThreads(before);
    }
  });

  it('multiply by a number (x * s, s * x: one broadcast row, its columns split) and of rows times a row gives the same bits on 1, 2 and 3 threads', () => {
    const random = seededRandom(0x7e_0004);
    const n = 3 * info.threads.parallelFrom.streaming + 5;
    const x = random.array(2 * n, -40, 40);
    const strided = array(x, [n, 2]);
    const row = random.array(2, -2, 2);
    const run = () => [multiply(x.subarray(0, n), 1.5), multiply(-2.5, x.subarray(0, n)), multiply(strided, row).data];
    const before = runtimeInfo().threads.count;
    try {
      setNumThreads(1);
      const one = run();
      expectIdentical(one[0], x.subarray(0, n).map((v) => v * 1.5), 'x * 1.5 against the plain product');
      for (const threads of [2, 3]) {
        setNumThreads(threads);
        const many = run();
        one.forEach((expected, i) => expectIdentical(many[i], expected, `broadcast multiply ${i} on ${threads} threads against 1`));
      }
    } finally {
      setNumThreads(before);
    }
  });

  it('a kernel running while OpenBLAS computes still finishes right (it runs on its caller instead of waiting for the pool)', async () => {
    const { dotAsync } = await import('../lib/index');
    const n = 600;
    const m = array(seededRandom(0x7e_0002).array(n * n, -1, 1), [n, n]);
    const x = seededRandom(0x7e_0003).array(2e6, -10, 10);
    const expected = sigmoid(x);
    const product = dotAsync(m, m);
    for (let i = 0; i < 5; i++) expectIdentical(sigmoid(x), expected, `sigmoid during a dgemm, call ${i}`);
    await product;
  });
});
