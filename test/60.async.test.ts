/**
 * The Promise API: the same results as the sync functions (bitwise), the same
 * errors as rejections (never a synchronous throw), and safety against the
 * caller: buffers transferred or detached mid-job never crash the process or
 * corrupt anything.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import * as blaskit from '../lib/index';
import { NDArray, array } from '../lib/index';
import { seededRandom } from './support/random';

type Fn = (...args: unknown[]) => unknown;
type AsyncFn = (...args: unknown[]) => Promise<unknown>;

const random = seededRandom(20261128);
const randomArray = (n: number, scale = 8): Float64Array => random.array(n, -scale, scale);
function bits(value: unknown): string {
  if (typeof value === 'number') return String(Object.is(value, -0) ? '-0' : value);
  const data = value instanceof NDArray ? value.data : (value as Float64Array);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
}

/** Each async function beside its sync twin, with arguments of a given size. */
const pairs: [string, (n: number) => unknown[]][] = [
  ['sigmoid', (n) => [randomArray(n)]],
  ['sigmoidDerivative', (n) => [randomArray(n)]],
  ['tanh', (n) => [randomArray(n)]],
  ['tanhDerivative', (n) => [randomArray(n)]],
  ['relu', (n) => [randomArray(n)]],
  ['reluDerivative', (n) => [randomArray(n)]],
  ['softmax', (n) => [array(randomArray(n * 3), [3, n])]],
  ['normalizeRows', (n) => [array(randomArray(n * 3), [n, 3])]],
  ['add', (n) => [array(randomArray(n * 4), [n, 4]), randomArray(4)]],
  ['subtract', (n) => [randomArray(4), array(randomArray(n * 4), [n, 4])]],
  ['multiply', (n) => [array(randomArray(n * 4), [n, 4]), randomArray(4)]],
  ['divide', (n) => [array(randomArray(n * 4), [n, 4]), array(randomArray(n), [n, 1])]],
  ['outer', (n) => [randomArray(n), randomArray(7)]],
  ['dot', (n) => [array(randomArray(n * 5), [n, 5]), array(randomArray(5 * 6), [5, 6])]],
  ['image2vector', (n) => [array(randomArray(n * 6), [n, 3, 2])]],
  ['dense', (n) => [array(randomArray(n * 5), [n, 5]), array(randomArray(5 * 6), [5, 6]), randomArray(6), { activation: 'softmax' }]],
  ['dense', (n) => [randomArray(n), array(randomArray(n * 3), [n, 3]), null, { activation: 'sigmoid' }]],
];

const api = blaskit as unknown as Record<string, Fn>;
const asyncApi = blaskit as unknown as Record<string, AsyncFn>;

describe('async API', () => {
  describe('results equal the sync results, bit for bit', () => {
    for (const [name, makeArgs] of pairs) {
      it(`${name}Async equals ${name} at sizes 0, 1, 7, 100 and 5000`, async () => {
        for (const n of [0, 1, 7, 100, 5000]) {
          const args = makeArgs(n);
          const expected = api[name](...args);
          const actual = await asyncApi[`${name}Async`](...args);
          expect(actual?.constructor).to.equal(expected?.constructor);
          if (actual instanceof NDArray) expect(actual.shape).to.deep.equal((expected as NDArray).shape);
          expect(bits(actual)).to.equal(bits(expected), `${name}Async at n = ${n}`);
        }
      });
    }

    it('dotAsync of two vectors resolves to a number; of matrices and vectors, to arrays of the right kind', async () => {
      const v = randomArray(1000);
      expect(await blaskit.dotAsync(v, v)).to.equal(blaskit.dot(v, v));
      const m = array(randomArray(300 * 200), [300, 200]);
      const mv = await blaskit.dotAsync(m, randomArray(200));
      expect(mv).to.be.instanceOf(NDArray);
      expect((mv as NDArray).shape).to.deep.equal([300]);
      expect(await blaskit.sigmoidAsync(0)).to.equal(0.5);
      expect(await blaskit.sigmoidAsync(new Float64Array([0]))).to.be.instanceOf(Float64Array);
    });

    it('a large matrix product computed concurrently with sync and async products gives the same bits as one run alone', async () => {
      const a = array(randomArray(256 * 256), [256, 256]);
      const b = array(randomArray(256 * 256), [256, 256]);
      const alone = bits(blaskit.dot(a, b));
      const jobs = Array.from({ length: 12 }, () => blaskit.dotAsync(a, b));
      const syncMeanwhile = [blaskit.dot(a, b), blaskit.dot(a, b)];
      const results = await Promise.all(jobs);
      for (const r of [...results, ...syncMeanwhile]) expect(bits(r)).to.equal(alone);
    });
  });

  it('the thread count stays bounded: 500 concurrent jobs start no more threads than a first handful', async () => {
    const threads = (): number => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
    const a = array(randomArray(200 * 200), [200, 200]);
    const burst = (count: number) => Promise.all(Array.from({ length: count }, (_, i) => (i % 2 ? blaskit.dotAsync(a, a) : blaskit.sigmoidAsync(a))));
    await burst(16); // starts libuv's pool and OpenBLAS's threads
    const warmed = threads();
    const during: number[] = [];
    const jobs = burst(500);
    for (let i = 0; i < 5; i++) {
      during.push(threads());
      await new Promise((resolve) => setImmediate(resolve));
    }
    await jobs;
    expect(Math.max(...during)).to.be.at.most(warmed);
  });

  describe('out', () => {
    it('resolves to the very out object, filled', async () => {
      const out = new Float64Array(3);
      expect(await blaskit.sigmoidAsync([0, 0, 0], { out })).to.equal(out);
      expect(Array.from(out)).to.deep.equal([0.5, 0.5, 0.5]);
      const nd = array(new Float64Array(4), [2, 2]);
      expect(await blaskit.dotAsync([[1, 0], [0, 1]], [[1, 2], [3, 4]], { out: nd })).to.equal(nd);
      expect(Array.from(nd.data)).to.deep.equal([1, 2, 3, 4]);
    });

    it('in place: out may be the input', async () => {
      const x = new Float64Array([-1, 2, -3]);
      await blaskit.reluAsync(x, { out: x });
      expect(Array.from(x)).to.deep.equal([0, 2, 0]);
    });

    it('the input may be changed right after the call: the job works on a snapshot', async () => {
      const x = new Float64Array(10000).fill(0);
      const job = blaskit.sigmoidAsync(x);
      x.fill(1000);
      const y = await job;
      expect(y.every((v) => v === 0.5)).to.equal(true);
    });
  });

  describe('bad input rejects, never throws synchronously', () => {
    const badCalls: [string, () => Promise<unknown>, string, string | RegExp][] = [
      ['a string', () => blaskit.sigmoidAsync('3' as never), 'ERR_BLASKIT_INVALID_TYPE', `sigmoidAsync: expected argument 'x' to be a number, Float64Array, Float32Array, NDArray or nested array of numbers, received a string "3"`],
      ['null', () => blaskit.softmaxAsync(null as never), 'ERR_BLASKIT_INVALID_TYPE', /^softmaxAsync: expected argument 'x' to be .*, received null$/],
      ['an Int32Array', () => blaskit.tanhAsync(new Int32Array(2) as never), 'ERR_BLASKIT_INVALID_TYPE', /received an Int32Array of length 2$/],
      ['ragged rows', () => blaskit.normalizeRowsAsync([[1, 2], [3]]), 'ERR_BLASKIT_RAGGED', /^normalizeRowsAsync: argument 'x' is a ragged nested array/],
      ['unaligned shapes', () => blaskit.dotAsync([[1, 2, 3]], [[1, 2]]), 'ERR_BLASKIT_SHAPE', 'dotAsync: shapes (1,3) and (1,2) not aligned: 3 (dim 1) != 1 (dim 0)'],
      ['unbroadcastable shapes', () => blaskit.multiplyAsync([[1, 2, 3]], [1, 2]), 'ERR_BLASKIT_SHAPE', 'multiplyAsync: operands could not be broadcast together with shapes (1,3) (2,)'],
      ['an out of the wrong size', () => blaskit.outerAsync([1, 2], [3], { out: new Float64Array(3) }), 'ERR_BLASKIT_OUT_SIZE', /^outerAsync: expected option 'out' to hold 2 elements/],
      ['an unknown option', () => blaskit.reluAsync([1], { outt: 1 } as never), 'ERR_BLASKIT_INVALID_OPTION', "reluAsync: unknown option 'outt' (the only option is 'out')"],
      ['a 2-D image', () => blaskit.image2vectorAsync([[1]]), 'ERR_BLASKIT_RANK', /^image2vectorAsync: expected argument 'image' to be a 3-D array/],
      ['a result too large to allocate', () => blaskit.outerAsync(new Float64Array(1e6), new Float64Array(1e6)), 'ERR_BLASKIT_TOO_LARGE', /^outerAsync: the result of shape \(1000000,1000000\)/],
    ];
    for (const [what, call, code, message] of badCalls) {
      it(`${what}: the call returns a Promise that rejects with code ${code}`, async () => {
        let promise: Promise<unknown> | undefined;
        expect(() => {
          promise = call();
        }).not.to.throw();
        expect(promise).to.be.instanceOf(Promise);
        const error = await promise!.then(
          () => expect.fail('expected a rejection'),
          (e: Error & { code?: string }) => e,
        );
        expect((error as { code?: string }).code).to.equal(code);
        if (typeof message === 'string') expect((error as Error).message).to.equal(message);
        else expect((error as Error).message).to.match(message);
      });
    }

    it("a rejection raised when the job ends carries the caller's stack", async () => {
      const out = new Float64Array(1e6);
      const job = blaskit.sigmoidAsync(new Float64Array(1e6), { out });
      structuredClone(out.buffer, { transfer: [out.buffer] });
      const error = (await job.catch((e: unknown) => e)) as Error & { code: string };
      expect(error).to.be.instanceOf(TypeError);
      expect(error.code).to.equal('ERR_BLASKIT_DETACHED');
      expect(error.message).to.equal("sigmoidAsync: option 'out' was detached, transferred or resized while the job ran; the result was not written");
      expect(error.stack).to.contain('60.async.test.ts');
    });
  });

  describe('the caller may transfer or detach buffers while jobs run', () => {
    const channel = new MessageChannel();
    after(() => channel.port1.close());
    const detachers: [string, (buffer: ArrayBuffer) => void][] = [
      ['structuredClone with transfer', (buffer) => void structuredClone(buffer, { transfer: [buffer] })],
      ['postMessage with transfer', (buffer) => channel.port1.postMessage(buffer, [buffer])],
    ];
    const transfer = (ArrayBuffer.prototype as { transfer?: () => ArrayBuffer }).transfer;
    if (typeof transfer === 'function') detachers.push(['ArrayBuffer.prototype.transfer', (buffer) => void transfer.call(buffer)]);

    for (const [how, detach] of detachers) {
      it(`inputs detached by ${how} mid-job, 300 times: every job resolves with the values of the input as it was`, async () => {
        const jobs: Promise<void>[] = [];
        for (let i = 0; i < 300; i++) {
          const n = 1000 + (i % 7) * 5000;
          const x = new Float64Array(n).fill(i % 5);
          const expected = blaskit.tanh(i % 5);
          const job = (i % 2 === 0 ? blaskit.tanhAsync(x) : blaskit.multiplyAsync(x, x)).then((y) => {
            const first = (y as Float64Array)[n - 1];
            expect(first).to.equal(i % 2 === 0 ? expected : (i % 5) * (i % 5));
          });
          detach(x.buffer as ArrayBuffer);
          expect(x.length).to.equal(0); // really detached
          jobs.push(job);
        }
        await Promise.all(jobs);
      });

      it(`outs detached by ${how} mid-job, 300 times: each job rejects with ERR_BLASKIT_DETACHED, nothing else is written`, async () => {
        const jobs: Promise<void>[] = [];
        for (let i = 0; i < 300; i++) {
          const out = new Float64Array(2000);
          const job = blaskit.sigmoidAsync(new Float64Array(2000), { out }).then(
            () => expect.fail('expected a rejection'),
            (e: { code?: string }) => {
              expect(e.code).to.equal('ERR_BLASKIT_DETACHED');
            },
          );
          detach(out.buffer as ArrayBuffer);
          jobs.push(job);
        }
        await Promise.all(jobs);
      });
    }
  });
});
