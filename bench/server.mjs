// Load test of examples/server.ts: requests per second and the server's
// event-loop delay for the three /predict variants (plain JS, blaskit sync,
// blaskit async), each measured alone and while a background loop keeps a
// 2048×2048 `dot` running on the same server.
//
//   npm run bench:server                  # 8 measurements of 4 s, about 45 s in all
//   BENCH_SECONDS=2 npm run bench:server  # shorter windows
//
// The server runs as a child process, so that its event loop is not shared
// with autocannon's; it is killed at the end, whatever happens. autocannon
// only ever talks to 127.0.0.1. Before any timing the three variants must
// return the same probabilities (within 1e-12) on the benchmark's input:
// a benchmark of a wrong answer is void.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
if (!(SECONDS > 0 && SECONDS <= 60)) throw new Error(`BENCH_SECONDS must be a number of seconds in (0, 60], got ${process.env.BENCH_SECONDS}`);
const CONNECTIONS = 8;
const BATCH_ROWS = 16; // per request: 16 rows × (64·128 + 128·10) ≈ 150,000 multiply-adds
const INPUTS = 64;
const TOLERANCE = 1e-12;

// Each variant alone, then beside a background loop of large products. The js
// and sync variants get the sync product (a server that runs everything on
// the event loop), the async variant gets dotAsync (an all-async server).
// Two more rows pair js and sync with dotAsync: they separate what dotAsync
// buys (a free event loop) from what it cannot (OpenBLAS calls are serialised
// process-wide, so any other `dot` waits for the large one to finish).
const RUNS = [
  { variant: 'js', background: null },
  { variant: 'sync', background: null },
  { variant: 'async', background: null },
  { variant: 'js', background: 'sync' },
  { variant: 'sync', background: 'sync' },
  { variant: 'async', background: 'async' },
  { variant: 'js', background: 'async' },
  { variant: 'sync', background: 'async' },
];

// ---------------------------------------------------------------------------
// The server as a child process

/** Starts examples/server.ts with tsx and resolves with its URL, read from its first line of output. */
function startServerProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('examples', 'server.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the server printed no URL within 30 s\n${stderr}`)), 30000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}, signal ${signal}) before printing its URL\n${stderr}`));
    });
  });
  return { child, url };
}

/** SIGTERM, then SIGKILL if the child has not exited after 5 s (a sync background product delays its signal handler). */
async function stopServerProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------
// Requests

/** A fixed batch (a seeded LCG), so that every run posts the same bytes. */
function fixedInputs(rows, seed = 12345) {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 4 - 2;
  };
  return Array.from({ length: rows }, () => Array.from({ length: INPUTS }, next));
}

async function postJson(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = await response.json();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function getStats(url) {
  const response = await fetch(`${url}/stats`);
  return response.json();
}

/** The three variants agree within TOLERANCE and every row is a probability distribution; throws otherwise. */
async function verify(url, body, rows) {
  const answers = {};
  for (const variant of ['js', 'sync', 'async']) {
    answers[variant] = (await postJson(`${url}/predict/${variant}`, body)).probabilities;
    const p = answers[variant];
    if (!Array.isArray(p) || p.length !== rows) throw new Error(`/predict/${variant}: expected ${rows} rows, got ${JSON.stringify(p).slice(0, 80)}`);
    p.forEach((row, i) => {
      const sum = row.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > TOLERANCE) throw new Error(`/predict/${variant}: row ${i} sums to ${sum}, not 1`);
    });
  }
  let worst = 0;
  for (const other of ['sync', 'async']) {
    answers.js.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - answers[other][i][j])))));
  }
  if (!(worst <= TOLERANCE)) throw new Error(`the variants disagree: max |difference| ${worst} > ${TOLERANCE}`);
  return worst;
}

/**
 * POSTs /background/<kind> back to back on one connection until stopped, so
 * that one large product is always running or queued on the server.
 */
function startBackgroundLoop(url, kind) {
  let running = true;
  let firstDone;
  const first = new Promise((resolve) => (firstDone = resolve));
  const loop = (async () => {
    while (running) {
      await postJson(`${url}/background/${kind}`, '');
      firstDone();
    }
  })();
  return {
    // The first product also builds the 96 MB operands: wait for it before measuring.
    ready: Promise.race([first, loop]),
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

// ---------------------------------------------------------------------------
// One measurement

async function measure(url, body, { variant, background }) {
  const target = { url: `${url}/predict/${variant}`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: CONNECTIONS };
  await autocannon({ ...target, amount: 200 }); // warm-up: JIT, sockets, the pool's threads
  const loop = background ? startBackgroundLoop(url, background) : null;
  try {
    if (loop) {
      await loop.ready;
      await sleep(500);
    }
    await getStats(url); // opens the measurement window
    const result = await autocannon({ ...target, duration: SECONDS });
    const stats = await getStats(url);
    if (result.errors > 0 || result.non2xx > 0) throw new Error(`/predict/${variant}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
    const backgroundDone = background ? stats.requests[`POST /background/${background}`] ?? 0 : 0;
    return {
      variant,
      background: background ? `${background} dot` : 'none',
      // autocannon's own duration: the server's window also spans the two /stats
      // calls, which a sync background product can hold up for its whole length.
      reqPerSec: result.requests.total / result.duration,
      latencyP50: result.latency.p50,
      latencyP99: result.latency.p99,
      delay: stats.eventLoopDelay,
      backgroundPerSec: backgroundDone / (stats.windowMs / 1000),
    };
  } finally {
    await loop?.stop();
  }
}

// ---------------------------------------------------------------------------
// Report

function printTable(rows) {
  const header = ['variant', 'background', 'req/s', 'latency p50 ms', 'latency p99 ms', 'loop delay p50 ms', 'loop delay p99 ms', 'loop delay max ms', 'background dots/s'];
  const cells = rows.map((r) => [
    r.variant,
    r.background,
    r.reqPerSec.toFixed(0),
    r.latencyP50.toFixed(1),
    r.latencyP99.toFixed(1),
    r.delay.p50Ms.toFixed(2),
    r.delay.p99Ms.toFixed(2),
    r.delay.maxMs.toFixed(1),
    r.background === 'none' ? '-' : r.backgroundPerSec.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const c of cells) console.log(line(c));
}

async function main() {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(`blaskit server benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpu}, ${os.availableParallelism()} cores, Node ${process.version}`);
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per measurement, ${BATCH_ROWS} rows of ${INPUTS} inputs per request, 64→128→10 network`);
  const { child, url: urlPromise } = startServerProcess();
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
  try {
    const url = await urlPromise;
    const body = JSON.stringify({ inputs: fixedInputs(BATCH_ROWS) });
    const worst = await verify(url, body, BATCH_ROWS);
    console.log(`server ${url} (child pid ${child.pid}); js, sync and async agree: max |difference| ${worst.toExponential(1)}\n`);
    const rows = [];
    for (const run of RUNS) {
      process.stderr.write(`  measuring ${run.variant}, background ${run.background ?? 'none'}...\n`);
      rows.push(await measure(url, body, run));
    }
    printTable(rows);
    console.log('\nloop delay: how late the server ran a 1 ms timer (monitorEventLoopDelay, reset per window);');
    console.log('background: POST /background/sync (dot) or /background/async (dotAsync) of 2048×2048 matrices, back to back on one connection');
  } finally {
    await stopServerProcess(child);
    process.off('exit', killOnExit);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
