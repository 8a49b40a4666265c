/**
 * The result pool (lib/buffers.ts): results of 1 to POOL_MAX_ELEMENTS
 * elements are views into a zero-filled slab shared with other results of
 * the same thread. What users rely on: every result holds only its own
 * values and starts zero-filled or fully written; writing, transferring or
 * detaching one never changes another; `byteOffset`, `buffer.byteLength` and
 * `slice()` behave as the README says; threads and the caller's own arrays
 * never share a slab; BLASKIT_RESULT_POOL=0 gives every result its own buffer.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { types } from 'node:util';
import { MessageChannel, Worker } from 'node:worker_threads';
import * as blaskit from '../lib/index';
import { POOL_MAX_ELEMENTS, POOL_SLAB_BYTES, allocateResult, isDetached, isPooled } from '../lib/buffers';
import { seededRandom } from './support/random';
import { timeLimit } from './support/emulation';

const random = seededRandom(20261204);
const libraryEntry = require.resolve('../lib/index');

/** Every allocating fast-path function of one array, as a user calls it. */
const unary = ['sigmoid', 'sigmoidDerivative', 'tanh', 'tanhDerivative', 'relu', 'reluDerivative', 'softmax', 'normalizeRows'] as const;

function own(y: Float64Array): boolean {
  return y.byteOffset === 0 && y.buffer.byteLength === y.byteLength;
}

describe('result pool', () => {
  it('results of 1..POOL_MAX_ELEMENTS are disjoint 64-byte-aligned views of a slab; larger ones own their buffer', () => {
    for (const n of [1, 2, 7, 8, 9, 63, 64, 65, 255, 1000, POOL_MAX_ELEMENTS]) {
      const a = blaskit.relu(random.array(n, -1, 1));
      const b = blaskit.relu(random.array(n, -1, 1));
      for (const y of [a, b]) {
        expect(y.length).to.equal(n);
        expect(y.buffer.byteLength, `n = ${n}`).to.equal(POOL_SLAB_BYTES);
        expect(y.byteOffset % 64, `n = ${n}`).to.equal(0);
        expect(types.isSharedArrayBuffer(y.buffer)).to.equal(false);
      }
      if (a.buffer === b.buffer) {
        expect(a.byteOffset + a.byteLength <= b.byteOffset || b.byteOffset + b.byteLength <= a.byteOffset, `n = ${n}: overlapping results`).to.equal(true);
      }
    }
    for (const n of [POOL_MAX_ELEMENTS + 1, 4096, 100003]) {
      expect(own(blaskit.relu(new Float64Array(n).fill(1))), `n = ${n}`).to.equal(true);
    }
  });

  it('a result starts zero-filled and holds only its own values: writing one never changes another', () => {
    const results: Float64Array[] = [];
    for (let i = 0; i < 3000; i++) {
      const n = 1 + (i % 97);
      // allocateResult is what every function calls; it must hand out zeros.
      const y = allocateResult('test', n);
      expect(y.every((v) => v === 0), `result ${i} of ${n} elements is not zero-filled`).to.equal(true);
      y.fill(i + 1);
      results.push(y);
    }
    results.forEach((y, i) => expect(y.every((v) => v === i + 1), `result ${i} was changed by another`).to.equal(true));
  });

  for (const name of unary) {
    it(`${name}(x) allocates in the pool and gives the same values as ${name}(x, { out }) at every length 1..99 and at ${POOL_MAX_ELEMENTS}`, () => {
      const f = blaskit[name] as (x: Float64Array, options?: { out: Float64Array }) => Float64Array;
      for (const n of [...Array.from({ length: 99 }, (_, i) => i + 1), POOL_MAX_ELEMENTS]) {
        const x = random.array(n, -5, 5);
        const expected = f(x, { out: new Float64Array(n) });
        const y = f(x);
        expect(y.buffer.byteLength).to.equal(POOL_SLAB_BYTES);
        expect(Array.from(y), `${name}, n = ${n}`).to.deep.equal(Array.from(expected));
      }
    });
  }

  it('slice() copies a pooled result into a buffer of its own; subarray() stays a view of the slab', () => {
    const y = blaskit.sigmoid(random.array(10, -2, 2));
    const copy = y.slice();
    expect(own(copy)).to.equal(true);
    expect(Array.from(copy)).to.deep.equal(Array.from(y));
    copy[0] = 42;
    expect(y[0]).to.not.equal(42);
    const view = y.subarray(2, 5);
    expect(view.buffer).to.equal(y.buffer);
    expect(view.byteOffset).to.equal(y.byteOffset + 16);
  });

  it("never hands out the caller's memory: a result's buffer is never an input's, even when the input is a view of its own slab", () => {
    const whole = random.array(64, -1, 1);
    const x = whole.subarray(3, 13);
    const y = blaskit.tanh(x);
    expect(y.buffer).to.not.equal(whole.buffer);
    // A pooled result used as input gets a disjoint result from the slab.
    const z = blaskit.tanh(y);
    expect(z.buffer === y.buffer ? z.byteOffset >= y.byteOffset + y.byteLength || z.byteOffset + z.byteLength <= y.byteOffset : true).to.equal(true);
    expect(Array.from(z)).to.deep.equal(Array.from(y).map((v) => blaskit.tanh(v)));
  });

  describe('transferring or detaching a pooled result never detaches or changes another', () => {
    const transfers: Array<[string, (buffer: ArrayBuffer) => ArrayBuffer | undefined]> = [
      ['structuredClone with transfer', (buffer) => structuredClone(buffer, { transfer: [buffer] })],
      [
        'postMessage with transfer',
        (buffer) => {
          const { port1 } = new MessageChannel();
          port1.postMessage(buffer, [buffer]);
          port1.close();
          return undefined;
        },
      ],
    ];
    for (const [label, transfer] of transfers) {
      it(`${label}: the slab is copied (Node 20) or refused with DataCloneError (Node 21+), and every result stays attached and intact`, () => {
        const neighbour = blaskit.relu(Float64Array.from({ length: 20 }, (_, i) => i));
        const y = blaskit.relu(Float64Array.from({ length: 20 }, (_, i) => 100 + i));
        expect(y.buffer).to.equal(neighbour.buffer);
        let copied: ArrayBuffer | undefined;
        try {
          copied = transfer(y.buffer as ArrayBuffer);
        } catch (error) {
          expect((error as Error).name).to.equal('DataCloneError');
        }
        expect(isDetached(y)).to.equal(false);
        expect(isDetached(neighbour)).to.equal(false);
        expect(Array.from(y)).to.deep.equal(Array.from({ length: 20 }, (_, i) => 100 + i));
        expect(Array.from(neighbour)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
        if (copied !== undefined) {
          // A copy of the whole slab: writing it changes nothing here.
          new Float64Array(copied).fill(-1);
          expect(y[0]).to.equal(100);
        }
      });
    }

    it('a pooled result posted to a worker arrives as a copy; the sender keeps its values', async () => {
      const worker = new Worker(
        `require(${JSON.stringify(require.resolve('tsx/cjs'))});
         const blaskit = require(${JSON.stringify(libraryEntry)});
         const { parentPort } = require('node:worker_threads');
         parentPort.on('message', (y) => {
           const own = blaskit.relu(new Float64Array([-1, 2, -3]));
           y.fill(-7);
           parentPort.postMessage({ sum: y.reduce((s, v) => s + v, 0), ownShared: own.buffer === y.buffer });
         });`,
        { eval: true },
      );
      try {
        const y = blaskit.relu(Float64Array.from({ length: 30 }, (_, i) => i));
        const reply = new Promise<{ sum: number; ownShared: boolean }>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        try {
          worker.postMessage(y, [y.buffer as ArrayBuffer]);
        } catch (error) {
          expect((error as Error).name).to.equal('DataCloneError');
          worker.postMessage(y.slice(), []);
        }
        const { sum, ownShared } = await reply;
        expect(sum).to.equal(-7 * 30);
        expect(ownShared, "the worker's results are in its own slab").to.equal(false);
        expect(isDetached(y)).to.equal(false);
        expect(Array.from(y)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i));
      } finally {
        await worker.terminate();
      }
    });
  });

  it('async results come from the pool too, and transferring a neighbour mid-job changes nothing', async () => {
    const x = random.array(500, -3, 3);
    const expected = blaskit.sigmoid(x, { out: new Float64Array(500) });
    const pending = blaskit.sigmoidAsync(x);
    const neighbour = blaskit.relu(new Float64Array(16).fill(1));
    try {
      structuredClone(neighbour.buffer, { transfer: [neighbour.buffer as ArrayBuffer] });
    } catch (error) {
      expect((error as Error).name).to.equal('DataCloneError');
    }
    const y = (await pending) as Float64Array;
    expect(Array.from(y)).to.deep.equal(Array.from(expected));
    expect(isDetached(neighbour)).to.equal(false);
  });

  it("an async result's slab detached mid-job (a byte stream's enqueue detaches even untransferable buffers) rejects with ERR_BLASKIT_DETACHED: the job never wrote into it", async () => {
    const x = random.array(600, -3, 3);
    const expected = blaskit.tanh(x, { out: new Float64Array(600) });
    for (let round = 0; round < 50; round++) {
      const pending = blaskit.tanhAsync(x) as Promise<Float64Array>;
      const neighbour = blaskit.relu(new Float64Array(16).fill(1));
      // The async result was allocated just before: 600 doubles, a whole number of cache lines.
      const resultOffset = neighbour.byteOffset - 600 * 8;
      let controller!: ReadableByteStreamController;
      const stream = new ReadableStream({ type: 'bytes', start: (c) => void (controller = c) });
      try {
        controller.enqueue(new Uint8Array(neighbour.buffer, neighbour.byteOffset, neighbour.byteLength));
      } catch {
        // A runtime that refuses to detach it: then nothing was detached.
      }
      const detached = isDetached(neighbour);
      const outcome = await pending.then(
        (y) => ({ y, code: undefined as string | undefined }),
        (error: { code?: string }) => ({ y: undefined, code: error.code }),
      );
      if (detached) {
        expect(outcome.code, `round ${round}`).to.equal('ERR_BLASKIT_DETACHED');
        // The slab's memory now belongs to the stream's chunk: the job must not have written it.
        const { value } = await stream.getReader().read();
        if (resultOffset >= 0) {
          const region = new Float64Array(value!.buffer, resultOffset, 600);
          expect(region.every((v) => v === 0), `round ${round}: the job wrote into memory the stream now owns`).to.equal(true);
        }
      } else {
        expect(Array.from(outcome.y!), `round ${round}`).to.deep.equal(Array.from(expected));
      }
    }
  });

  it('a slab detached by a byte stream is left behind: the next results come from a new slab, whole and right', () => {
    const y = blaskit.relu(Float64Array.from({ length: 10 }, (_, i) => i - 5));
    let controller!: ReadableByteStreamController;
    new ReadableStream({ type: 'bytes', start: (c) => void (controller = c) });
    try {
      controller.enqueue(new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
    } catch {
      return; // this runtime does not detach it: nothing to recover from
    }
    expect(isDetached(y)).to.equal(true);
    const next = blaskit.relu(Float64Array.from({ length: 10 }, (_, i) => i - 5));
    expect(next.buffer).to.not.equal(y.buffer);
    expect(Array.from(next)).to.deep.equal([0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
  });

  it('isPooled tells pooled results (and views of them) from the caller arrays and from results that own their buffer', () => {
    const y = blaskit.sigmoid(random.array(20));
    expect(isPooled(y)).to.equal(true);
    expect(isPooled(y.subarray(3))).to.equal(true);
    expect(isPooled(y.slice())).to.equal(false);
    expect(isPooled(random.array(20))).to.equal(false);
    expect(isPooled(blaskit.sigmoid(random.array(POOL_MAX_ELEMENTS + 1)))).to.equal(false);
  });

  it('BLASKIT_RESULT_POOL=0 (a child process): every result owns a buffer of exactly its size, transferable', () => {
    const code = [
      `const module = await import(${JSON.stringify(libraryEntry)});`,
      'const blaskit = module.relu ? module : module.default;',
      'const sizes = [1, 8, 10, 64, 1000];',
      'const own = sizes.map((n) => { const y = blaskit.relu(new Float64Array(n).fill(2)); return y.byteOffset === 0 && y.buffer.byteLength === 8 * n; });',
      'const y = blaskit.sigmoid(new Float64Array(10));',
      'structuredClone(y.buffer, { transfer: [y.buffer] });',
      'console.log(JSON.stringify({ own, detached: y.length === 0 }));',
    ].join('\n');
    const child = spawnSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', code], {
      encoding: 'utf8',
      timeout: timeLimit(60000),
      env: { ...process.env, BLASKIT_RESULT_POOL: '0' },
    });
    expect(child.status, child.stderr).to.equal(0);
    const { own: owned, detached } = JSON.parse(child.stdout.trim().split('\n').pop()!) as { own: boolean[]; detached: boolean };
    expect(owned).to.deep.equal([true, true, true, true, true]);
    expect(detached, 'an own buffer transfers (the sender is detached)').to.equal(true);
  });
});
