/**
 * blaskit behind a plain node:http server: a small two-layer network
 * (x·W + b then relu, x·W + b then softmax: `dense` twice) evaluated per
 * request on a JSON batch,
 * written three ways so that they can be compared under load:
 *
 *   POST /predict/js      hand-written loops, what you would write without blaskit
 *   POST /predict/sync    blaskit's sync functions, on the event loop
 *   POST /predict/async   blaskit's Promise functions, on the libuv pool
 *        body {"inputs": [[64 numbers], ...]}  ->  {"probabilities": [[10 numbers], ...]}
 *
 *   POST /background/sync   one 2048×2048 by 2048×2048 `dot` on the event loop (~140 ms)
 *   POST /background/async  the same product with `dotAsync`, on the libuv pool
 *   GET  /stats             event-loop delay and requests served since the last /stats
 *
 * Run: `npm run example:server` (PORT=8080 to choose the port; 0 or unset picks a free one).
 * Listens on 127.0.0.1 only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { NDArray, dense, denseAsync, dot, dotAsync, type NestedArray } from '../lib/index';

// ---------------------------------------------------------------------------
// The model: fixed, seeded weights, so every run and every variant computes
// the same function. 64 → 128 → 10 is about 9,500 multiply-adds per row.

export const INPUTS = 64;
export const HIDDEN = 128;
export const CLASSES = 10;

/** A seeded uniform generator in [-1, 1) (xorshift32): reproducible weights without a dependency. */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 31 - 1;
  };
}

/** A (rows, cols) matrix of uniform values scaled by `scale`. */
function randomMatrix(next: () => number, rows: number, cols: number, scale: number): NDArray {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = next() * scale;
  return new NDArray(data, [rows, cols]);
}

interface Layer {
  /** (inputs, outputs), row-major: `dot(x, weights)` maps a batch of rows to a batch of rows. */
  readonly weights: NDArray;
  readonly bias: Float64Array;
}

function randomLayer(next: () => number, inputs: number, outputs: number): Layer {
  // Scaled by 1/√inputs so that the logits stay of order 1 and softmax is not saturated.
  const weights = randomMatrix(next, inputs, outputs, 1 / Math.sqrt(inputs));
  return { weights, bias: randomMatrix(next, 1, outputs, 0.1).data };
}

const nextWeight = seededUniform(20261128);
const hiddenLayer = randomLayer(nextWeight, INPUTS, HIDDEN);
const outputLayer = randomLayer(nextWeight, HIDDEN, CLASSES);

// ---------------------------------------------------------------------------
// Request errors: every failure is a JSON body {"error": {"code", "message"}}.

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function isBlaskitError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_BLASKIT_');
}

/** Status and body for a failure. The weights are fixed and valid, so a blaskit error can only come from the request's inputs: a 400. */
function describeFailure(error: unknown): { status: number; body: { error: { code: string; message: string } } } {
  if (error instanceof HttpError) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  if (isBlaskitError(error)) return { status: 400, body: { error: { code: error.code, message: error.message } } };
  console.error(error);
  return { status: 500, body: { error: { code: 'ERR_INTERNAL', message: 'internal error' } } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'ERR_INVALID_JSON', `the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The batch in `{"inputs": [[...], ...]}`. Only the outer level is checked
 * here (a non-empty array of rows, so that a result is always a batch); the
 * numbers, ragged rows and the width are left to each variant: blaskit checks
 * them itself and its errors carry a `code`.
 */
function readBatch(body: unknown): unknown[][] {
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every(Array.isArray)) {
    throw new HttpError(400, 'ERR_INVALID_BODY', `expected a body {"inputs": [[${INPUTS} numbers], ...]} holding at least one row`);
  }
  return inputs as unknown[][];
}

// ---------------------------------------------------------------------------
// Variant 1: plain JavaScript, the loops a user writes without blaskit (on
// flat Float64Array weights, the fast way to write them in JS).

/** Checks what blaskit would otherwise check: every row holds INPUTS numbers. */
function checkRows(rows: unknown[][]): number[][] {
  rows.forEach((row, i) => {
    if (row.length !== INPUTS) throw new HttpError(400, 'ERR_INPUT_SHAPE', `row ${i} holds ${row.length} values, expected ${INPUTS}`);
    if (!row.every((v) => typeof v === 'number')) throw new HttpError(400, 'ERR_INPUT_TYPE', `row ${i} holds a value that is not a number`);
  });
  return rows as number[][];
}

/** x·W + b for one row, summing in the same order as a matrix product then adding the bias. */
function denseRow(x: ArrayLike<number>, layer: Layer): Float64Array {
  const [inputs, outputs] = layer.weights.shape;
  const w = layer.weights.data;
  const z = new Float64Array(outputs);
  for (let j = 0; j < outputs; j++) {
    let sum = 0;
    for (let i = 0; i < inputs; i++) sum += x[i] * w[i * outputs + j];
    z[j] = sum + layer.bias[j];
  }
  return z;
}

/** Stable softmax of one row: e^(z−max) / Σ e^(z−max). */
function softmaxRow(z: Float64Array): number[] {
  const max = Math.max(...z);
  const e = Array.from(z, (v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function predictJs(rows: number[][]): number[][] {
  return rows.map((row) => {
    const hidden = denseRow(row, hiddenLayer);
    for (let j = 0; j < hidden.length; j++) if (hidden[j] < 0) hidden[j] = 0; // relu
    return softmaxRow(denseRow(hidden, outputLayer));
  });
}

// ---------------------------------------------------------------------------
// Variants 2 and 3: blaskit. The nested arrays from JSON go to `dense` as they
// are: blaskit reads and checks them (numbers only, not ragged, width 64).
// Each layer is one call: x·W + b and its activation, fused.

/** The rows as blaskit's input type: blaskit checks the values themselves at run time. */
function asNested(rows: unknown[][]): NestedArray {
  return rows as unknown as NestedArray;
}

function predictSync(inputs: NestedArray): number[][] {
  const hidden = dense(inputs, hiddenLayer.weights, hiddenLayer.bias, { activation: 'relu' });
  return dense(hidden, outputLayer.weights, outputLayer.bias, { activation: 'softmax' }).toArray() as number[][];
}

/** Each layer is a job on the libuv pool; the event loop only reads the JSON rows and serialises. */
async function predictAsync(inputs: NestedArray): Promise<number[][]> {
  const hidden = await denseAsync(inputs, hiddenLayer.weights, hiddenLayer.bias, { activation: 'relu' });
  return (await denseAsync(hidden, outputLayer.weights, outputLayer.bias, { activation: 'softmax' })).toArray() as number[][];
}

// ---------------------------------------------------------------------------
// Background work: a large product, the kind of request that freezes a
// server when it runs on the event loop.

export const BACKGROUND_SIZE = 2048;

interface BackgroundOperands {
  readonly a: NDArray;
  readonly b: NDArray;
  /** Reused by every call, so that the measurements show the product and not the collection of a 32 MB result per call. */
  readonly out: NDArray;
}

let backgroundOperands: BackgroundOperands | undefined;

/** Built on first use (96 MB), so that a server that never runs background work never pays for it. */
function background(): BackgroundOperands {
  if (backgroundOperands === undefined) {
    const next = seededUniform(7);
    backgroundOperands = {
      a: randomMatrix(next, BACKGROUND_SIZE, BACKGROUND_SIZE, 1),
      b: randomMatrix(next, BACKGROUND_SIZE, BACKGROUND_SIZE, 1),
      out: new NDArray(new Float64Array(BACKGROUND_SIZE * BACKGROUND_SIZE), [BACKGROUND_SIZE, BACKGROUND_SIZE]),
    };
  }
  return backgroundOperands;
}

function backgroundSync(): { milliseconds: number } {
  const { a, b, out } = background();
  const start = performance.now();
  dot(a, b, { out });
  return { milliseconds: performance.now() - start };
}

async function backgroundAsync(): Promise<{ milliseconds: number }> {
  const { a, b, out } = background();
  const start = performance.now();
  await dotAsync(a, b, { out });
  return { milliseconds: performance.now() - start };
}

// ---------------------------------------------------------------------------
// Event-loop delay, per measurement window (each GET /stats starts a new one).

/** Sampling interval of the delay histogram: 1 ms, the finest perf_hooks allows. */
const DELAY_RESOLUTION_MS = 1;

export interface Stats {
  /** Length of the window since the previous /stats (or since the server started). */
  windowMs: number;
  /**
   * How late the event loop ran its 1 ms sampling timer, in milliseconds:
   * node's histogram records the interval between samples, so the 1 ms
   * interval is subtracted (an idle loop reads about 0.1 ms, not 1.1 ms).
   */
  eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number; meanMs: number; samples: number };
  /** Requests answered per route in the window, errors included; /stats itself and unknown routes are not counted. */
  requests: Record<string, number>;
}

class StatsWindow {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  private requests: Record<string, number> = {};
  private start = performance.now();

  constructor() {
    this.histogram.enable();
  }

  count(route: string): void {
    this.requests[route] = (this.requests[route] ?? 0) + 1;
  }

  /** The figures of the window that ends now, and a new window. */
  take(): Stats {
    const lateness = (ns: number): number => Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS);
    const h = this.histogram;
    const stats: Stats = {
      windowMs: performance.now() - this.start,
      eventLoopDelay: {
        p50Ms: lateness(h.percentile(50)),
        p99Ms: lateness(h.percentile(99)),
        maxMs: lateness(h.max),
        meanMs: lateness(h.mean),
        samples: h.count,
      },
      requests: this.requests,
    };
    h.reset();
    this.requests = {};
    this.start = performance.now();
    return stats;
  }

  stop(): void {
    this.histogram.disable();
  }
}

// ---------------------------------------------------------------------------
// HTTP

type Handler = (body: string) => unknown;

function routes(stats: StatsWindow): Record<string, Handler> {
  return {
    'POST /predict/js': (body) => ({ probabilities: predictJs(checkRows(readBatch(parseJson(body)))) }),
    'POST /predict/sync': (body) => ({ probabilities: predictSync(asNested(readBatch(parseJson(body)))) }),
    'POST /predict/async': async (body) => ({ probabilities: await predictAsync(asNested(readBatch(parseJson(body)))) }),
    'POST /background/sync': backgroundSync,
    'POST /background/async': backgroundAsync,
    'GET /stats': () => stats.take(),
  };
}

/** Up to 1 MB: about 800 rows of 64 full-precision numbers. A larger body is refused before it is buffered. */
const MAX_BODY_BYTES = 1 << 20;

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) throw new HttpError(413, 'ERR_BODY_TOO_LARGE', `the request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: http.ServerResponse, status: number, body: unknown, closeConnection = false): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    ...(closeConnection ? { connection: 'close' } : {}),
  });
  response.end(json);
}

async function handle(table: Record<string, Handler>, stats: StatsWindow, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const route = `${request.method} ${new URL(request.url ?? '/', 'http://localhost').pathname}`;
  const handler = Object.hasOwn(table, route) ? table[route] : undefined;
  try {
    if (handler === undefined) throw new HttpError(404, 'ERR_NOT_FOUND', `no route ${route}`);
    send(response, 200, await handler(await readBody(request)));
  } catch (error) {
    const failure = describeFailure(error);
    // After a 413 the rest of the body is unread: the connection cannot carry another request.
    send(response, failure.status, failure.body, failure.status === 413);
  } finally {
    // Known routes only: arbitrary paths must not grow the table.
    if (handler !== undefined && route !== 'GET /stats') stats.count(route);
  }
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops listening, drops open connections and stops the delay monitor. */
  close(): Promise<void>;
}

/** Starts the example server on 127.0.0.1 (`port` 0 picks a free port). */
export function startServer(port = 0): Promise<RunningServer> {
  const stats = new StatsWindow();
  const table = routes(stats);
  const server = http.createServer((request, response) => void handle(table, stats, request, response));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      const close = (): Promise<void> =>
        new Promise((done) => {
          stats.stop();
          server.close(() => done());
          server.closeAllConnections(); // keep-alive clients (autocannon) would hold close() open
        });
      resolve({ url: `http://127.0.0.1:${bound}`, close });
    });
  });
}

function portFromEnv(): number {
  const port = Number(process.env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer in [0, 65535], got ${process.env.PORT}`);
  return port;
}

if (require.main === module) {
  startServer(portFromEnv()).then(
    ({ url, close }) => {
      // bench/server.mjs reads this line for the URL.
      console.log(`blaskit example server listening on ${url}`);
      const stop = (): void => void close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
