/**
 * Fresh results at large sizes: results of 2 MiB and more are advised to use
 * transparent huge pages before the kernel writes them
 * (native/memory/fresh.h). They must stay ordinary V8-owned Float64Arrays:
 * right values, transferable (detaching the sender's copy) and readable in a
 * worker, cloneable, sliceable, freed by the GC like any other, and the raw
 * binding must refuse anything but a Float64Array.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { types } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import * as blaskit from '../lib/index';
import { HUGE_PAGE_ELEMENTS } from '../lib/buffers';
import { native } from '../lib/loader';
import * as reference from '../lib/reference/activations';
import { seededRandom } from './support/random';
import { EMULATED, timeLimit } from './support/emulation';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const random = seededRandom(20261205);
const HUGE_PAGE_BYTES = 2 * 1024 * 1024;

function thrown(f: () => unknown): Error & { code?: string } {
  try {
    f();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function referenceRelu(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  reference.relu(x, y);
  return y;
}

/** Sum of i * y[i], in a fixed order: the same number on both sides of a postMessage. */
const checksumSource = 'function checksum(y) { let s = 0; for (let i = 0; i < y.length; i++) s += y[i] * ((i % 97) + 1); return s; }';
const checksum = vm.runInThisContext(`(${checksumSource.replace('function checksum', 'function')})`) as (y: Float64Array) => number;

/** The library's entry as this run resolves it: lib/index.ts here, the installed package's build under test:prebuild. */
const libraryEntry = require.resolve('../lib/index');

/** A worker from inline CommonJS source that can require the library (libraryEntry) as `blaskit`. */
function inlineWorker(source: string): Worker {
  const stub = [
    `require(${JSON.stringify(require.resolve('tsx/cjs'))});`,
    `const blaskit = require(${JSON.stringify(libraryEntry)});`,
    "const { parentPort } = require('node:worker_threads');",
    checksumSource,
    source,
  ].join('\n');
  return new Worker(stub, { eval: true });
}

function nextMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function thpMode(): string | undefined {
  try {
    return fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').match(/\[(\w+)\]/)?.[1];
  } catch {
    return undefined;
  }
}

describe('fresh results at large sizes', function () {
  this.timeout(timeLimit(120000));

  describe('values', () => {
    for (const n of [HUGE_PAGE_ELEMENTS - 1, HUGE_PAGE_ELEMENTS, 3e5 + 7, 1e6 + 3, 5 * HUGE_PAGE_ELEMENTS + 1]) {
      it(`relu(x) and sigmoid(x) at n = ${n}: every element written, the same bits as into a warm 'out'`, () => {
        const x = random.array(n, -6, 6);
        const y = blaskit.relu(x);
        expect(sameBits(y, referenceRelu(x))).to.equal(true);
        const warm = new Float64Array(n);
        blaskit.sigmoid(x, { out: warm });
        expect(sameBits(blaskit.sigmoid(x), warm)).to.equal(true);
      });
    }

    it('an advised fresh array reads as zeros everywhere, and keeps what is written to it', () => {
      const n = 3 * HUGE_PAGE_ELEMENTS + 5;
      const y = new Float64Array(n);
      native.adviseHugePages(y);
      expect(y.every((v) => v === 0)).to.equal(true);
      for (let i = 0; i < n; i++) y[i] = i * 0.5;
      for (let i = 0; i < n; i += 4093) expect(y[i]).to.equal(i * 0.5);
      expect(y[n - 1]).to.equal((n - 1) * 0.5);
    });

    it('advice never changes memory that was already written (an `out` array, a recycled block)', () => {
      const y = random.array(3 * HUGE_PAGE_ELEMENTS);
      const copy = y.slice();
      native.adviseHugePages(y);
      expect(sameBits(y, copy)).to.equal(true);
    });

    it('async results at large sizes are right too (the job writes the advised array from the pool)', async () => {
      const x = random.array(1e6 + 1, -6, 6);
      expect(sameBits(await blaskit.reluAsync(x), referenceRelu(x))).to.equal(true);
    });

    it('a result too large to allocate is still ERR_BLASKIT_TOO_LARGE, thrown before anything is written', () => {
      const v = new Float64Array(1e6);
      const error = thrown(() => blaskit.outer(v, v));
      expect(error).to.be.instanceOf(RangeError);
      expect(error.code).to.equal('ERR_BLASKIT_TOO_LARGE');
      expect(error.message).to.match(/^outer: the result of shape \(1000000,1000000\) holds 1000000000000 elements/);
    });
  });

  describe('an ordinary Float64Array', () => {
    const n = 1e6 + 3;
    const x = random.array(n, -6, 6);

    it('a real Float64Array at byteOffset 0 over its own ArrayBuffer', () => {
      const y = blaskit.relu(x);
      expect(y).to.be.instanceOf(Float64Array);
      expect(types.isFloat64Array(y)).to.equal(true);
      expect(y.length).to.equal(n);
      expect(y.byteOffset).to.equal(0);
      expect(y.buffer).to.be.instanceOf(ArrayBuffer);
      expect(y.buffer.byteLength).to.equal(n * 8);
    });

    it('structuredClone copies it: equal bits, its own memory', () => {
      const y = blaskit.relu(x);
      const clone = structuredClone(y);
      expect(clone.buffer).to.not.equal(y.buffer);
      expect(sameBits(clone, y)).to.equal(true);
      clone[0] = -1;
      expect(y[0]).to.not.equal(-1);
    });

    it('slice copies, subarray and Buffer.from(y.buffer) share its memory', () => {
      const y = blaskit.relu(x);
      const slice = y.slice(HUGE_PAGE_ELEMENTS - 3, HUGE_PAGE_ELEMENTS * 2 + 5);
      expect(sameBits(slice, y.subarray(HUGE_PAGE_ELEMENTS - 3, HUGE_PAGE_ELEMENTS * 2 + 5))).to.equal(true);
      const bytes = Buffer.from(y.buffer);
      expect(bytes.length).to.equal(n * 8);
      bytes.writeDoubleLE(42.5, 8 * HUGE_PAGE_ELEMENTS);
      expect(y[HUGE_PAGE_ELEMENTS]).to.equal(42.5);
      expect(slice[3]).to.not.equal(42.5);
    });

    it('structuredClone with transfer detaches it and moves the memory', () => {
      const y = blaskit.relu(x);
      const expected = checksum(y);
      const moved = structuredClone(y, { transfer: [y.buffer as ArrayBuffer] });
      expect(y.length).to.equal(0);
      expect(y.buffer.byteLength).to.equal(0);
      expect(checksum(moved)).to.equal(expected);
    });
  });

  describe('worker_threads', () => {
    it('transferred to a worker: the sender is detached, the worker reads every value after the sender collected its side', async () => {
      const worker = inlineWorker("parentPort.on('message', (y) => { if (y === 'stop') return process.exit(0); setTimeout(() => parentPort.postMessage({ length: y.length, sum: checksum(y) }), 50); });");
      try {
        const y = blaskit.sigmoid(random.array(1e6 + 3, -6, 6));
        const expected = checksum(y);
        const reply = nextMessage<{ length: number; sum: number }>(worker);
        worker.postMessage(y, [y.buffer as ArrayBuffer]);
        expect(y.length, 'the sender is detached (an untransferable buffer would have been copied)').to.equal(0);
        gc();
        expect(await reply).to.deep.equal({ length: 1e6 + 3, sum: expected });
      } finally {
        await worker.terminate();
      }
    });

    it('computed in a worker and transferred back, the worker then exiting: the memory stays the receiver\'s', async () => {
      const worker = inlineWorker("const y = blaskit.relu(new Float64Array(1e6 + 3).map((_, i) => Math.sin(i))); parentPort.postMessage({ y, sum: checksum(y) }, [y.buffer]); parentPort.postMessage({ detached: y.length === 0 });");
      const messages: unknown[] = [];
      worker.on('message', (message) => messages.push(message));
      await new Promise<void>((resolve, reject) => {
        worker.once('exit', () => resolve());
        worker.once('error', reject);
      });
      expect(messages).to.have.length(2);
      const { y, sum } = messages[0] as { y: Float64Array; sum: number };
      expect(messages[1]).to.deep.equal({ detached: true });
      gc();
      // Reading and writing every element after the worker's isolate is gone:
      // the memory moved with the buffer and was not freed with the worker.
      expect(y.length).to.equal(1e6 + 3);
      expect(checksum(y)).to.equal(sum);
      y.fill(1);
      expect(checksum(y)).to.be.greaterThan(0);
    });
  });

  describe('memory', () => {
    it('200 results of 80 MB, each dropped at once, without a forced GC: RSS stays bounded', () => {
      const x = random.array(1e7, -6, 6);
      gc();
      const before = process.memoryUsage().rss;
      let peak = before;
      let sum = 0;
      for (let i = 0; i < 200; i++) {
        const y = blaskit.relu(x);
        sum += y[i];
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      expect(Number.isFinite(sum)).to.equal(true);
      // 200 x 80 MB kept would be 16 GB. V8 counts ArrayBuffer memory toward
      // its GC heuristics, so only a few results are alive at any time.
      expect((peak - before) / 2 ** 20).to.be.lessThan(1536);
      gc();
    });
  });

  describe('the raw binding: adviseHugePages(array)', () => {
    for (const [label, value] of [
      ['-1', -1],
      ['1.5', 1.5],
      ['NaN', NaN],
      ["'3'", '3'],
      ['2**53', 2 ** 53],
      ['undefined', undefined],
      ['an Int32Array', new Int32Array(4)],
      ['an object', {}],
      ['an ArrayBuffer', new ArrayBuffer(16)],
    ] as [string, unknown][]) {
      it(`refuses ${label}: TypeError ERR_BLASKIT_NATIVE_ARGUMENT`, () => {
        const error = thrown(() => native.adviseHugePages(value as Float64Array));
        expect(error).to.be.instanceOf(TypeError);
        expect(error.code).to.equal('ERR_BLASKIT_NATIVE_ARGUMENT');
        expect(error.message).to.equal("blaskit native adviseHugePages: argument 'array' must be a Float64Array or a Float32Array");
      });
    }

    it('advises nothing when no whole aligned 2 MiB page fits: small, empty and detached arrays', () => {
      expect(native.adviseHugePages(new Float64Array(0))).to.equal(0);
      expect(native.adviseHugePages(new Float64Array(HUGE_PAGE_ELEMENTS - 1))).to.equal(0);
      const detached = new Float64Array(4 * HUGE_PAGE_ELEMENTS);
      structuredClone(detached.buffer, { transfer: [detached.buffer] });
      expect(native.adviseHugePages(detached)).to.equal(0);
    });

    const linux = process.platform === 'linux';
    (linux ? it : it.skip)('advises only whole 2 MiB pages inside the view itself (Linux)', () => {
      const buffer = new Float64Array(8 * HUGE_PAGE_ELEMENTS);
      const whole = native.adviseHugePages(buffer);
      expect(whole % HUGE_PAGE_BYTES).to.equal(0);
      expect(whole).to.be.within(6 * HUGE_PAGE_BYTES, 8 * HUGE_PAGE_BYTES);
      const view = buffer.subarray(HUGE_PAGE_ELEMENTS / 2, HUGE_PAGE_ELEMENTS * 4);
      const advised = native.adviseHugePages(view);
      expect(advised % HUGE_PAGE_BYTES).to.equal(0);
      expect(advised).to.be.within(2 * HUGE_PAGE_BYTES, view.byteLength);
    });
  });

  const mode = thpMode();
  // Under AddressSanitizer (npm run test:asan sets BLASKIT_SANITIZED) every
  // write also touches ASan's shadow memory, one byte per eight, in 4 KiB
  // pages: the fault counts below measure the sanitizer, not blaskit. Under
  // qemu-user (npm run test:arm64 sets BLASKIT_EMULATED) the guest's madvise
  // is not passed to the kernel (qemu 7.2 answers it with success and does
  // nothing): the counts measure the emulator (measured: 19647 faults for
  // 19531 small pages), so these skip there too.
  const withHugePages =
    process.platform === 'linux' && (mode === 'madvise' || mode === 'always') && process.env.BLASKIT_SANITIZED !== '1' && !EMULATED ? it : it.skip;
  describe(`huge pages (Linux, THP mode: ${mode ?? 'n/a'})`, () => {
    withHugePages('the first touch of a large fresh result faults 2 MiB at a time', () => {
      const n = 1e7;
      const x = random.array(n, -6, 6);
      blaskit.relu(x); // JIT and the plan, so that the measured call allocates only the result
      gc();
      const faultsBefore = process.resourceUsage().minorPageFault;
      const y = blaskit.relu(x);
      const faults = process.resourceUsage().minorPageFault - faultsBefore;
      const smallPages = (n * 8) / 4096;
      expect(y.length).to.equal(n);
      // 19532 faults with 4 KiB pages; with huge pages about 40 plus the
      // unaligned head and tail (up to 2 x 512) that glibc's mapping leaves.
      expect(faults, `${faults} page faults for ${smallPages} small pages`).to.be.lessThan(smallPages / 4);
    });

    withHugePages('BLASKIT_MADVISE_HUGEPAGE=0 turns the advice off (a child process): 4 KiB faults again', () => {
      const code = [
        `const module = await import(${JSON.stringify(libraryEntry)});`,
        'const blaskit = module.relu ? module : module.default;',
        'const x = new Float64Array(1e7).fill(0.5);',
        'const faultsBefore = process.resourceUsage().minorPageFault;',
        'const y = blaskit.relu(x);',
        'console.log(JSON.stringify({ faults: process.resourceUsage().minorPageFault - faultsBefore, length: y.length }));',
      ].join('\n');
      const child = spawnSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', code], {
        encoding: 'utf8',
        timeout: timeLimit(60000),
        env: { ...process.env, BLASKIT_MADVISE_HUGEPAGE: '0' },
      });
      expect(child.status, child.stderr).to.equal(0);
      const { faults, length } = JSON.parse(child.stdout.trim().split('\n').pop()!) as { faults: number; length: number };
      expect(length).to.equal(1e7);
      expect(faults).to.be.greaterThan(((1e7 * 8) / 4096) * 0.9);
    });
  });
});
