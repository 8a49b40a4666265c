// Two builds of blaskit that differ in the OpenBLAS they link, side by side:
// dot of n×n matrices (dgemm, sgemm) and matrix·vector (dgemv) above blaskit's
// small-product gate, GFLOP/s with `out`, and the candidate ÷ baseline ratio.
// Each binary runs in its own child process (BLASKIT_BINARY), the two taking
// turns for `rounds` rounds; each case is timed by bench/timing.mjs and keeps
// its best median over the rounds, so a burst of load on the machine hits
// both sides alike. OPENBLAS_CORETYPE
// is passed through as set: the table's header names each side's core.
//
//   BLASKIT_SYSTEM_OPENBLAS=1 npm run prebuildify && cp prebuilds/linux-x64/blaskit.node /tmp/system.node
//   npm run prebuildify
//   npm run bench:openblas -- /tmp/system.node prebuilds/linux-x64/blaskit.node [--quick]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TIMING, measure } from './timing.mjs';

const CASES = [
  { name: 'dgemm', dtype: 'float64', n: 256 },
  { name: 'dgemm', dtype: 'float64', n: 512 },
  { name: 'dgemm', dtype: 'float64', n: 1024 },
  { name: 'dgemm', dtype: 'float64', n: 2048 },
  { name: 'sgemm', dtype: 'float32', n: 512 },
  { name: 'sgemm', dtype: 'float32', n: 2048 },
  { name: 'dgemv', dtype: 'float64', n: 2048, vector: true },
];

/** In the child: time every case on the binary BLASKIT_BINARY names; print JSON. */
async function child(quick) {
  const blaskit = await import('blaskit');
  const settings = quick ? TIMING.quick : TIMING.full;
  const results = [];
  for (const c of CASES) {
    const Array_ = c.dtype === 'float32' ? Float32Array : Float64Array;
    const fill = (len) => Array_.from({ length: len }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
    const a = blaskit.array(fill(c.n * c.n), [c.n, c.n]);
    const b = c.vector ? blaskit.array(fill(c.n), [c.n]) : blaskit.array(fill(c.n * c.n), [c.n, c.n]);
    const out = c.vector ? blaskit.array(new Array_(c.n), [c.n]) : blaskit.array(new Array_(c.n * c.n), [c.n, c.n]);
    const flops = c.vector ? 2 * c.n * c.n : 2 * c.n ** 3;
    const run = () => blaskit.dot(a, b, { out });
    const t0 = process.hrtime.bigint();
    run();
    const { median } = await measure(run, false, settings, Number(process.hrtime.bigint() - t0));
    results.push(flops / median);
  }
  const { blas } = blaskit.runtimeInfo();
  process.stdout.write(JSON.stringify({ blas, results }));
}

function parent(baseline, candidate, quick) {
  const rounds = quick ? 1 : 3;
  const here = fileURLToPath(import.meta.url);
  const run = (binary) => {
    const r = spawnSync(process.execPath, [here, '--child', ...(quick ? ['--quick'] : [])], {
      env: { ...process.env, BLASKIT_BINARY: path.resolve(binary) },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`bench:openblas: ${binary} failed:\n${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  let best = null;
  for (let round = 0; round < rounds; round++) {
    const pair = [run(baseline), run(candidate)];
    best ??= pair;
    pair.forEach((side, s) => side.results.forEach((g, i) => (best[s].results[i] = Math.max(best[s].results[i], g))));
  }
  const [base, cand] = best;
  const describe = (side) => `OpenBLAS ${side.blas.version}, core ${side.blas.core}, ${side.blas.threads} threads`;
  console.log(`baseline:  ${baseline} (${describe(base)})`);
  console.log(`candidate: ${candidate} (${describe(cand)})`);
  console.log(`OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}; best of ${rounds} round(s), GFLOP/s with out\n`);
  console.log('| case | baseline | candidate | candidate ÷ baseline |');
  console.log('| --- | ---: | ---: | ---: |');
  CASES.forEach((c, i) => {
    const label = c.vector ? `${c.name} ${c.n}×${c.n}·${c.n}` : `${c.name} ${c.n}²`;
    console.log(`| ${label} | ${base.results[i].toFixed(1)} | ${cand.results[i].toFixed(1)} | ${(cand.results[i] / base.results[i]).toFixed(2)}× |`);
  });
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
if (args.includes('--child')) await child(quick);
else {
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 2) {
    console.error('usage: npm run bench:openblas -- <baseline blaskit.node> <candidate blaskit.node> [--quick]');
    process.exit(2);
  }
  parent(files[0], files[1], quick);
}
