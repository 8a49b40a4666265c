// npm run test:leak — every public function called a million times, sync and
// async, on small inputs, then allocating calls of every size class of the
// result allocator (lib/buffers.ts: pooled views of a slab, results that own
// their buffer, results advised to use huge pages), some kept alive for a
// while as programs keep results; after forced garbage collection, RSS and
// external memory must have grown by less than 5 MB over a warmed-up baseline.
// Run with --expose-gc (the npm script does). `-- --calls N` for a shorter run.
// Ends with `N passed, N failed` (one check per function and mode, plus the totals).
import * as blaskit from 'blaskit';

const callsArg = process.argv.indexOf('--calls');
const CALLS = callsArg > 0 ? Number(process.argv[callsArg + 1]) : 1e6;
const LIMIT_MB = 5;
const gc = globalThis.gc;
if (!gc) throw new Error('run with node --expose-gc');

const x = Float64Array.from({ length: 16 }, (_, i) => i - 8);
const m = blaskit.array(Float64Array.from({ length: 16 }, (_, i) => i / 16), [4, 4]);
const image = blaskit.array(new Float64Array(12), [2, 3, 2]);
const out = new Float64Array(16);
const calls = {
  sigmoid: (f) => f(x, { out }),
  sigmoidDerivative: (f) => f(x),
  tanh: (f) => f(x),
  tanhDerivative: (f) => f(x, { out }),
  relu: (f) => f(x),
  reluDerivative: (f) => f(x),
  softmax: (f) => f(m),
  normalizeRows: (f) => f(m, { out }),
  image2vector: (f) => f(image),
  dot: (f) => f(m, m),
  outer: (f) => f(x, x.subarray(0, 4)),
  multiply: (f) => f(m, x.subarray(0, 4)),
};

/**
 * Memory after garbage collection: the lowest of a few readings taken between
 * forced collections, so that a transient allocator high-water mark (malloc
 * arenas not yet trimmed) is not mistaken for growth.
 */
async function settledUsage() {
  let best;
  // (V8 frees ArrayBuffer backing stores on a background sweeper after a
  // collection: readings taken too soon count memory already released.)
  for (let i = 0; i < 8; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { rss, external } = process.memoryUsage();
    const reading = { rss: rss / 1e6, external: external / 1e6 };
    if (!best || reading.rss < best.rss) best = { rss: reading.rss, external: Math.min(best?.external ?? Infinity, reading.external) };
  }
  return best;
}

/**
 * Allocating calls per size class of the allocator: count, and the result's
 * elements. The largest class runs fewer calls: each one is 2 MiB of fresh
 * memory (about a millisecond), and a leak of it shows within a few hundred.
 */
const SIZE_CLASSES = [
  { label: 'pooled, 1 element', n: 1, count: 1e6 },
  { label: 'pooled, 100 elements', n: 100, count: 1e6 },
  { label: 'pooled, 1024 (the largest)', n: 1024, count: 1e6 },
  { label: 'own buffer, 1025 elements', n: 1025, count: 1e6 },
  { label: 'own buffer, 1e4 elements', n: 1e4, count: 2e5 },
  { label: 'huge pages, 2 MiB', n: 262144, count: 3000 },
];
const inputs = new Map(SIZE_CLASSES.map(({ n }) => [n, Float64Array.from({ length: n }, (_, i) => (i % 7) - 3)]));
/** Every 1000th result stays alive until 100 later ones are kept (a pooled one pins its slab meanwhile); all are dropped after each run. */
const kept = [];
let callCount = 0;
for (const { label, n } of SIZE_CLASSES) {
  calls[label] = (f) => {
    const y = f(inputs.get(n));
    if (++callCount % 1000 === 0 && kept.push(y) > 100) kept.shift();
    return y;
  };
}
const functionOf = (name) => (name in blaskit ? name : 'relu');

async function run(name, mode, count) {
  const f = blaskit[mode === 'sync' ? functionOf(name) : `${functionOf(name)}Async`];
  if (mode === 'sync') {
    for (let i = 0; i < count; i++) calls[name](f);
    kept.length = 0;
    return;
  }
  const batch = 512;
  for (let i = 0; i < count; i += batch) {
    const jobs = [];
    for (let j = 0; j < batch && i + j < count; j++) jobs.push(calls[name](f));
    await Promise.all(jobs);
  }
  kept.length = 0;
}

let passed = 0;
let failed = 0;
// Warm up every path first: JIT, libuv's pool, OpenBLAS's buffers, allocator
// arenas, and malloc's high-water mark: results are small ArrayBuffers that
// V8 frees only at its next collection, so glibc's heap grows to hold the
// ones allocated between collections (measured: +13-16 MB, reached within
// 100,000 calls of a fast allocating function, then flat) and keeps that
// memory. A leak grows past it; the high-water mark does not.
const countOf = (name, mode, full) => {
  const sizeClass = SIZE_CLASSES.find((c) => c.label === name);
  const count = sizeClass ? Math.min(full, sizeClass.count) : full;
  return mode === 'async' ? Math.ceil(count / 10) : count;
};
// The size classes first: their large results (2 MiB each) take V8 a few
// collections to release, which would inflate a baseline taken right after them.
const warmUpOrder = [...Object.keys(calls).filter((name) => !(name in blaskit)), ...Object.keys(blaskit).filter((name) => name in calls)];
for (const name of warmUpOrder) for (const mode of ['sync', 'async']) await run(name, mode, Math.ceil(countOf(name, mode, 200000) / (name in blaskit ? 1 : 10)));
const baseline = await settledUsage();
console.log(`baseline after warm-up: rss ${baseline.rss.toFixed(1)} MB, external ${baseline.external.toFixed(1)} MB; ${CALLS} calls per function and mode`);
for (const name of Object.keys(calls)) {
  for (const mode of ['sync', 'async']) {
    const started = performance.now();
    await run(name, mode, name in blaskit ? CALLS : countOf(name, mode, CALLS));
    let now = await settledUsage();
    let growth = { rss: now.rss - baseline.rss, external: now.external - baseline.external };
    let ok = growth.rss < LIMIT_MB && growth.external < LIMIT_MB;
    // Over the limit: give V8 up to two more seconds of collections (seen:
    // outer's 300,000 small results counted as external for a second after
    // the first collections, then released). Memory that is really leaked stays.
    for (let retry = 0; !ok && retry < 4; retry++) {
      now = await settledUsage();
      growth = { rss: now.rss - baseline.rss, external: now.external - baseline.external };
      ok = growth.rss < LIMIT_MB && growth.external < LIMIT_MB;
    }
    if (ok) passed++;
    else failed++;
    console.log(`  ${ok ? '✔' : '✖'} ${`${functionOf(name)}${mode === 'async' ? 'Async' : ''}${name in blaskit ? '' : `, ${name}`}`.padEnd(42)} ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s   rss ${growth.rss >= 0 ? '+' : ''}${growth.rss.toFixed(2)} MB   external ${growth.external >= 0 ? '+' : ''}${growth.external.toFixed(2)} MB`);
  }
}
const end = await settledUsage();
console.log(`after all: rss ${(end.rss - baseline.rss).toFixed(2)} MB, external ${(end.external - baseline.external).toFixed(2)} MB over the baseline (limit ${LIMIT_MB} MB)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
