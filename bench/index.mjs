// `npm run bench`: every public function of blaskit at sizes from 1 to 1e7
// elements (matrix products at n = 16..2048), against the plain-JS loop, numpy,
// onnxruntime-node, tfjs and ml-matrix, each trial in a fresh process, each
// answer checked before it is timed; then the float32 rows (cases-f32.mjs)
// against the float32 peers, and the issue-14 goal check. Prints the tables, writes
// bench/results/<date>.{json,md,svg,png}, and exits non-zero on a wrong
// answer (never on a slow one). See docs/BENCHMARKS.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, IMPLEMENTATIONS, implementationsOf, precisionOf } from './cases.mjs';
import { float32Unsupported } from './cases-f32.mjs';
import { float32GoalLines, float32GoalMarkdown } from './goals-f32.mjs';
import { renderChart } from './chart.mjs';
import { machineInfo, numpyInfo, packageRoot } from './machine.mjs';
import { ensurePeers, peerVersions } from './peers.mjs';
import { Progress } from './progress.mjs';
import { machineLines, markdownReport, summaryLines, textReport } from './report.mjs';
import { TIMING } from './timing.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(benchDir, 'results');
const docsDir = path.join(packageRoot, 'docs');

const USAGE = `usage: npm run bench [-- options]

  --quick           a reduced set (two sizes per function, fewer samples, four float32 cases):
                    under two minutes
  --only a,b        only these functions or cases (e.g. sigmoid,dot; dot selects every dot case,
                    float64 and float32)
  --float32         only the float32 cases (with --only: the float32 cases among those)
  --no-install      do not install bench/peers; peers that are missing are skipped
  --update-docs     also write the chart and tables into docs/BENCHMARKS.md (for a full run)
  --help            this text

cases: ${CASES.map((c) => c.id).join(', ')}`;

function parseArgs(argv) {
  const args = { quick: false, only: undefined, install: true, updateDocs: false, float32: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--no-install') args.install = false;
    else if (a === '--update-docs') args.updateDocs = true;
    else if (a === '--float32') args.float32 = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const list = a === '--only' ? argv[++i] : a.slice('--only='.length);
      if (!list) throw new UsageError('--only needs a list, e.g. --only sigmoid,dot');
      args.only = list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown option ${a}\n\n${USAGE}`);
  }
  return args;
}

/**
 * Cases selected by --only (a case id, or a function name for all of its
 * cases) and --float32; without --only, --quick leaves out the cases marked
 * skipInQuick (float32 cases beyond one per kernel family).
 */
function selectCases({ only, float32, quick }) {
  const pool = float32 ? CASES.filter((c) => precisionOf(c) === 'float32') : CASES;
  if (!only) return quick ? pool.filter((c) => !c.skipInQuick) : pool;
  const unknown = only.filter((name) => !pool.some((c) => c.id === name || c.fn === name));
  if (unknown.length) throw new UsageError(`--only: unknown ${unknown.join(', ')}; known: ${[...new Set(pool.flatMap((c) => [c.fn, c.id]))].join(', ')}`);
  return pool.filter((c) => only.includes(c.id) || only.includes(c.fn));
}

/** Run a child process to completion; collects its output for error reports. */
function runChild(command, args, { timeoutMs, cwd = packageRoot }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const trialTimeoutMs = (quick) => (quick ? 3 : 20) * 60 * 1000;

/** A Node trial: one case, one implementation, every size, in a fresh process. */
async function nodeTrial(c, implId, sizes, quick, tmpDir) {
  const resultFile = path.join(tmpDir, `${c.id}-${implId}.json`);
  const spec = { caseId: c.id, implId, sizes, quick, resultFile };
  return readTrial(
    await runChild(process.execPath, ['--expose-gc', path.join(benchDir, 'trial.mjs'), JSON.stringify(spec)], { timeoutMs: trialTimeoutMs(quick) }),
    resultFile,
  );
}

function readTrial(child, resultFile) {
  let result;
  try {
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch {
    const output = `${child.stderr}${child.stdout}`.trim().split('\n').slice(-12).join('\n');
    return { error: `the trial process ended (${child.signal ?? `exit ${child.code}`}) without a result:\n${output}` };
  }
  fs.rmSync(resultFile, { force: true });
  return result;
}

/**
 * numpy's trial: one python3 process times the case at every size and writes
 * each first answer to a file; then a Node process checks those answers
 * against the twin. Timings of an answer that fails the check are dropped.
 */
async function numpyTrial(c, impl, sizes, quick, tmpDir) {
  const settings = TIMING[quick ? 'quick' : 'full'];
  const points = sizes.map((size) => {
    const shape = c.shape(size);
    return {
      size,
      dims: shape.dims,
      work: shape.flops ?? shape.elements,
      setup: c.numpy.setup,
      expr: c.numpy.expr,
      dtype: impl.precision,
      outFile: path.join(tmpDir, `${impl.id}-${c.id}-${size}.f64`),
    };
  });
  const specFile = path.join(tmpDir, `${impl.id}-${c.id}.json`);
  fs.writeFileSync(specFile, JSON.stringify({ settings, points }));
  const child = await runChild('python3', [path.join(benchDir, 'numpy_trial.py'), 'run', specFile], { timeoutMs: trialTimeoutMs(quick) });
  let timed;
  try {
    timed = JSON.parse(child.stdout.trim().split('\n').pop());
  } catch {
    return { error: `python3 ended (${child.signal ?? `exit ${child.code}`}) without a result:\n${child.stderr.trim().split('\n').slice(-12).join('\n')}` };
  }
  const written = points.filter((p, i) => !timed.points[i].error && !timed.points[i].skipped);
  const resultFile = path.join(tmpDir, `${c.id}-${impl.id}-verify.json`);
  const spec = { caseId: c.id, implId: impl.id, quick, resultFile, verifyFiles: written.map((p) => ({ size: p.size, file: p.outFile })) };
  const checked = readTrial(
    await runChild(process.execPath, [path.join(benchDir, 'trial.mjs'), JSON.stringify(spec)], { timeoutMs: trialTimeoutMs(quick) }),
    resultFile,
  );
  for (const p of points) fs.rmSync(p.outFile, { force: true });
  if (checked.error) return checked;
  return {
    points: timed.points.map((t) => {
      const v = checked.points.find((p) => p.size === t.size);
      return { ...t, verify: v?.verify, error: t.error ?? v?.error, timing: v?.verify?.ok ? t.timing : undefined };
    }),
  };
}

/** Record a trial's points in the run; return how it went, for the progress line. */
function record(run, caseResult, implId, sizes, trial) {
  const failures = [];
  if (trial.error) {
    for (const p of caseResult.points.filter((x) => sizes.includes(x.size))) p.results[implId] = { error: trial.error };
    failures.push({ caseId: caseResult.id, implId, reason: trial.error });
  } else {
    for (const tp of trial.points) {
      const p = caseResult.points.find((x) => x.size === tp.size);
      p.results[implId] = { timing: tp.timing, verify: tp.verify, skipped: tp.skipped, error: tp.error };
      if (tp.error) failures.push({ caseId: caseResult.id, implId, label: p.label, reason: tp.error });
      else if (tp.verify && !tp.verify.ok) {
        const v = tp.verify;
        failures.push({
          caseId: caseResult.id,
          implId,
          label: p.label,
          reason: `wrong result (${v.method} check): error ${typeof v.maxError === 'number' ? v.maxError.toExponential(2) : 'NaN or infinite'} > tolerance ${v.tolerance}, ${v.detail ?? ''}`,
        });
      }
    }
  }
  run.failures.push(...failures);
  const timed = caseResult.points.filter((p) => p.results[implId]?.timing).length;
  const notRun = caseResult.points.filter((p) => p.results[implId]?.skipped).length;
  return failures.length
    ? `FAILED: ${failures.length} size(s) wrong or broken`
    : `${timed} size(s) checked and timed${notRun ? `, ${notRun} not run (too slow)` : ''}`;
}

/** Replace the generated part of docs/BENCHMARKS.md (between its markers) and copy the chart beside it. */
function updateDocs(run, chart) {
  fs.mkdirSync(docsDir, { recursive: true });
  if (chart) {
    fs.writeFileSync(path.join(docsDir, 'benchmarks.svg'), chart.svg);
    fs.writeFileSync(path.join(docsDir, 'benchmarks.png'), chart.png);
  }
  const file = path.join(docsDir, 'BENCHMARKS.md');
  const start = '<!-- bench:results:start (written by npm run bench -- --update-docs) -->';
  const end = '<!-- bench:results:end -->';
  const generated = `${start}\n${markdownReport(run, { chart: chart ? 'benchmarks.png' : undefined, heading: 2, goals: goalsOf(run) })}\n${end}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Benchmarks\n\n${start}\n${end}\n`;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/BENCHMARKS.md has no ${start} ... ${end} markers`);
  fs.writeFileSync(file, `${current.slice(0, from)}${generated}${current.slice(to + end.length)}`);
  return file;
}

const hasFloat32 = (run) => run.cases.some((c) => c.precision === 'float32');

/** The float32 goal check for the markdown report, when the run has float32 cases. */
const goalsOf = (run) => (hasFloat32(run) ? float32GoalMarkdown(run) : undefined);

const localDate = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date();
  const log = (line) => process.stderr.write(`${line}\n`);
  let blaskit;
  try {
    blaskit = await import('blaskit');
  } catch (error) {
    log(`blaskit could not be loaded: build it first (bash scripts/setup.sh, or npm run build).\n${error.message}`);
    process.exit(2);
  }
  const cases = selectCases(args);

  const install = args.install ? ensurePeers(log) : { installed: false, seconds: 0 };
  if (install.error) log(`warning: ${install.error}`);
  const peers = peerVersions();
  const numpy = numpyInfo();

  // Peers that cannot run are skipped with a reason, never silently.
  const skippedImplementations = {};
  for (const impl of IMPLEMENTATIONS) {
    if (impl.peer && !peers[impl.peer]) {
      skippedImplementations[impl.id] =
        `${impl.peer} is not installed in bench/peers${install.error ? ': its install failed' : args.install ? '' : ' (--no-install); run npm run bench once to install peers'}`;
    }
    if (impl.runtime === 'python' && !numpy.available) skippedImplementations[impl.id] = numpy.reason;
  }
  const noFloat32 = float32Unsupported(blaskit);
  if (noFloat32) for (const impl of IMPLEMENTATIONS.filter((i) => i.blaskitFloat32)) skippedImplementations[impl.id] = noFloat32;
  for (const [id, reason] of Object.entries(skippedImplementations)) log(`${id}: skipped (${reason})`);

  const run = {
    schema: 1,
    date: localDate(started),
    startedAt: started.toISOString(),
    mode: args.quick ? 'quick' : 'full',
    only: args.only,
    float32Only: args.float32 || undefined,
    machine: await machineInfo({ numpy, peers }),
    implementations: IMPLEMENTATIONS.filter((i) => !skippedImplementations[i.id]).map((i) => ({
      ...i,
      version: i.peer ? peers[i.peer] : i.runtime === 'python' ? numpy.info.numpy : undefined,
    })),
    skippedImplementations,
    peerInstall: install,
    cases: [],
    failures: [],
  };

  const trials = [];
  for (const c of cases) {
    const sizes = c.sizes[run.mode];
    const impls = implementationsOf(c).filter((i) => !skippedImplementations[i.id]);
    const caseResult = {
      id: c.id,
      fn: c.fn,
      title: c.title,
      precision: precisionOf(c),
      unit: c.unit,
      kind: c.kind,
      numpy: c.numpy,
      implementations: impls.map((i) => i.id),
      points: sizes.map((size) => {
        const { label, elements, flops } = c.shape(size);
        return { size, label, elements, flops, results: {} };
      }),
    };
    run.cases.push(caseResult);
    for (const impl of impls) {
      // The float32 cases compare each implementation only where a goal needs it (cases-f32.mjs, runsAt).
      const implSizes = c.runsAt ? sizes.filter((size) => c.runsAt(impl.id, size)) : sizes;
      if (implSizes.length) trials.push({ c, impl, sizes: implSizes, caseResult });
    }
  }

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blaskit-bench-'));
  const progress = new Progress(trials.length);
  let loadMax = os.loadavg()[0];
  const ticker = progress.tty ? setInterval(() => progress.draw(), 1000) : undefined;
  try {
    for (const { c, impl, sizes, caseResult } of trials) {
      const label = `${c.id} / ${impl.label}`;
      progress.start(label);
      // Others may share the machine: keep the worst load seen, for the report.
      loadMax = Math.max(loadMax, os.loadavg()[0]);
      const trial = impl.runtime === 'python' ? await numpyTrial(c, impl, sizes, args.quick, tmpDir) : await nodeTrial(c, impl.id, sizes, args.quick, tmpDir);
      const summary = record(run, caseResult, impl.id, sizes, trial);
      if (summary.startsWith('FAILED')) progress.note(`${label}: ${summary}`);
      progress.finish(label, summary);
    }
  } finally {
    if (ticker) clearInterval(ticker);
    progress.end();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  run.machine.loadAverage.end = os.loadavg().map((x) => Number(x.toFixed(2)));
  run.machine.loadAverage.max1min = Number(Math.max(loadMax, os.loadavg()[0]).toFixed(2));
  run.wallSeconds = (Date.now() - started.getTime()) / 1000;

  // Outputs: the tables on stdout, then the files.
  console.log(`blaskit benchmark\n${machineLines(run).join('\n')}`);
  for (const [id, reason] of Object.entries(skippedImplementations)) console.log(`${id}: skipped (${reason})`);
  console.log(`\n${textReport(run)}`);
  console.log('Geometric mean of peer time / blaskit time (> 1: blaskit is faster):');
  console.log(
    summaryLines(run)
      .map((l) => `  ${l}`)
      .join('\n'),
  );
  if (hasFloat32(run)) console.log(`\n${float32GoalLines(run).join('\n')}`);

  fs.mkdirSync(resultsDir, { recursive: true });
  // A full run of only the float32 cases is kept beside the full runs, under its own name.
  const name = `${run.date}${args.quick ? '-quick' : args.only ? '-partial' : args.float32 ? '-float32' : ''}`;
  const base = path.join(resultsDir, name);
  let chart;
  try {
    chart = await renderChart(run);
    fs.writeFileSync(`${base}.svg`, chart.svg);
    fs.writeFileSync(`${base}.png`, chart.png);
  } catch (error) {
    console.log(`chart: skipped (${error.message.split('\n')[0]}; vega, vega-lite and @resvg/resvg-js come with bench/peers)`);
  }
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(run, null, 1)}\n`);
  fs.writeFileSync(`${base}.md`, markdownReport(run, { chart: chart ? `${name}.png` : undefined, goals: goalsOf(run) }));
  const written = [`${base}.json`, `${base}.md`, ...(chart ? [`${base}.svg`, `${base}.png`] : [])];
  if (args.updateDocs) {
    if (args.quick || args.only || args.float32) log('warning: --update-docs with a quick or partial run; docs/BENCHMARKS.md should hold a full run');
    written.push(updateDocs(run, chart));
  }
  console.log(`\nwrote ${written.map((f) => path.relative(packageRoot, f)).join(', ')} in ${Math.round(run.wallSeconds)} s`);

  if (run.failures.length) {
    console.log(`\n${run.failures.length} wrong or failed result(s): a benchmark of a wrong answer is void.`);
    for (const f of run.failures) console.log(`  ${f.caseId} / ${f.implId}${f.label ? ` / ${f.label}` : ''}: ${f.reason.split('\n').slice(0, 3).join(' | ')}`);
    process.exitCode = 1;
  }
}

/** A mistake in the command line: its message is all the user needs. */
class UsageError extends Error {}

main().catch((error) => {
  console.error(error instanceof UsageError ? error.message : (error?.stack ?? error));
  process.exitCode = 2;
});
