// Fresh results at large sizes: what the first touch of a result blaskit
// allocates costs, with 4 KiB pages (plain `new Float64Array(n)`) and with the
// transparent huge pages it now asks for (native.adviseHugePages, see
// native/memory/fresh.h), beside the same write into warm memory. Everything
// runs in this one process, variants interleaved in a new order each round, a
// full GC before each timed call (untimed) so that every result is dropped and
// freed as a program that allocates, uses and forgets would. Prints ns per
// element and the ratios; below 32 MiB glibc may hand a result memory it
// recycled (no first touch at all), so calls that got fresh memory are also
// shown on their own.
//
//   npm run build:ts && npm run bench:fresh -- [sizes...]     # default 3e5 1e6 1e7
//   BLASKIT_BINARY=build-fresh/Release/blaskit.node npm run bench:fresh --
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import * as blaskit from 'blaskit';

const require = createRequire(import.meta.url);
const { native } = require('../dist/loader.js');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0) sizes.push(3e5, 1e6, 1e7);

function readFirstLine(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n')[0].trim();
  } catch {
    return 'n/a';
  }
}

function random(n, scale = 4) {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = (Math.random() * 2 - 1) * scale;
  return x;
}

function jsWrite(x, y) {
  for (let i = 0; i < y.length; i++) y[i] = x[i] * 2;
}

function advised(n) {
  const y = new Float64Array(n);
  native.adviseHugePages(y);
  return y;
}

// name -> (x, warm) => result (kept alive until the timer stops)
const variants = {
  'relu kernel into warm memory (floor)': (x, warm) => (native.relu(x, warm), warm),
  'new Float64Array + relu kernel': (x) => {
    const y = new Float64Array(x.length);
    native.relu(x, y);
    return y;
  },
  'new Float64Array + advise + relu kernel': (x) => {
    const y = advised(x.length);
    native.relu(x, y);
    return y;
  },
  'new Float64Array + advise + pre-fault (fill 0) + relu kernel': (x) => {
    const y = advised(x.length);
    y.fill(0);
    native.relu(x, y);
    return y;
  },
  'JS loop y[i]=x[i]*2 into warm memory (floor)': (x, warm) => (jsWrite(x, warm), warm),
  'new Float64Array + JS loop': (x) => {
    const y = new Float64Array(x.length);
    jsWrite(x, y);
    return y;
  },
  'new Float64Array + advise + JS loop': (x) => {
    const y = advised(x.length);
    jsWrite(x, y);
    return y;
  },
  'blaskit.relu(x, { out: warm }) (floor)': (x, warm) => blaskit.relu(x, { out: warm }),
  'before: blaskit.relu(x, { out: new Float64Array(n) })': (x) => blaskit.relu(x, { out: new Float64Array(x.length) }),
  'after: blaskit.relu(x)': (x) => blaskit.relu(x),
  'blaskit.sigmoid(x, { out: warm }) (floor)': (x, warm) => blaskit.sigmoid(x, { out: warm }),
  'before: blaskit.sigmoid(x, { out: new Float64Array(n) })': (x) => blaskit.sigmoid(x, { out: new Float64Array(x.length) }),
  'after: blaskit.sigmoid(x)': (x) => blaskit.sigmoid(x),
};

// Seeded (xorshift32), so that runs are comparable.
let seed = 20261128;
function shuffled(items) {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const j = (seed >>> 0) % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

// A call "got fresh memory" if it took at least this many page faults; with
// fewer, glibc handed back memory it had recycled, already touched.
const FRESH_FAULTS = 32;

const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

function measure(n) {
  const x = random(n);
  const warm = new Float64Array(n);
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  // Warm-up: JIT, and the warm output's own page faults.
  for (const name of names) variants[name](x, warm);
  const repeats = n >= 5e6 ? 15 : 31;
  for (let r = 0; r < repeats; r++) {
    // A new order each round: whether glibc hands out recycled (warm) memory
    // depends on what was freed just before, so no variant may always follow
    // the same one.
    for (const name of shuffled(names)) {
      gc();
      const faults0 = process.resourceUsage().minorPageFault;
      const t0 = process.hrtime.bigint();
      const result = variants[name](x, warm);
      const elapsed = Number(process.hrtime.bigint() - t0);
      const faults = process.resourceUsage().minorPageFault - faults0;
      if (result.length !== n) throw new Error(`${name}: wrong length`);
      samples[name].push({ ns: elapsed / n, faults });
    }
  }
  const stats = {};
  for (const name of names) {
    const all = samples[name];
    const fresh = all.filter((s) => s.faults >= FRESH_FAULTS);
    stats[name] = {
      all: median(all.map((s) => s.ns)),
      fresh: median(fresh.map((s) => s.ns)),
      freshCalls: `${fresh.length}/${all.length}`,
      faults: median(fresh.map((s) => s.faults)),
      best: Math.min(...all.map((s) => s.ns)),
    };
  }
  return stats;
}

const pad = (s, w) => String(s).padEnd(w);
const num = (v) => (Number.isNaN(v) ? '-' : v.toFixed(2)).padStart(6);

console.log(`bench-fresh, ${new Date().toISOString()}`);
console.log(`  CPU: ${os.cpus()[0]?.model} x${os.cpus().length}; Linux ${os.release()}; Node ${process.version}`);
console.log(`  THP enabled: ${readFirstLine('/sys/kernel/mm/transparent_hugepage/enabled')}; defrag: ${readFirstLine('/sys/kernel/mm/transparent_hugepage/defrag')}`);
const reporting = readFirstLine('/sys/module/page_reporting/parameters/page_reporting_order');
if (reporting !== 'n/a') {
  console.log(`  free page reporting (virtio-balloon) is on, order ${reporting}: free 2 MiB blocks go back to the host, and touching them again costs a host fault per 4 KiB`);
}
console.log(`  OpenBLAS: ${native.blasConfig()}; addon: ${process.env.BLASKIT_BINARY ?? 'build/Release (node-gyp-build)'}`);
console.log('  ns per element. all: median of every call; fresh: median of the calls that got fresh memory');
console.log(`  (>= ${FRESH_FAULTS} page faults; the others got memory glibc recycled), with how many did and their faults`);

for (const n of sizes) {
  const stats = measure(n);
  console.log(`\nN = ${n.toExponential(0)} (${((n * 8) / 2 ** 20).toFixed(1)} MiB per result)${' '.repeat(24)}all   fresh  calls  faults   best`);
  for (const [name, s] of Object.entries(stats)) {
    console.log(`  ${pad(name, 62)} ${num(s.all)}  ${num(s.fresh)} ${s.freshCalls.padStart(6)} ${String(Number.isNaN(s.faults) ? '-' : s.faults).padStart(7)} ${num(s.best)}`);
  }
  const ratio = (key, a, b) => (stats[a][key] / stats[b][key]).toFixed(2);
  for (const key of ['fresh', 'all']) {
    console.log(
      `  ratios (${key}): 4K / THP first write: relu kernel ${ratio(key, 'new Float64Array + relu kernel', 'new Float64Array + advise + relu kernel')}x, JS loop ${ratio(key, 'new Float64Array + JS loop', 'new Float64Array + advise + JS loop')}x;` +
        ` pre-faulted / not ${ratio(key, 'new Float64Array + advise + pre-fault (fill 0) + relu kernel', 'new Float64Array + advise + relu kernel')}x;` +
        ` before / after: relu(x) ${ratio(key, 'before: blaskit.relu(x, { out: new Float64Array(n) })', 'after: blaskit.relu(x)')}x, sigmoid(x) ${ratio(key, 'before: blaskit.sigmoid(x, { out: new Float64Array(n) })', 'after: blaskit.sigmoid(x)')}x`,
    );
  }
}
