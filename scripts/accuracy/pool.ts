/**
 * At most a few worker threads evaluating the reference for
 * scripts/accuracy-report.ts, fed from one queue, with a progress line on
 * stderr every 10% of the estimated work (no more often than every 5 s).
 */
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../../test/support/ts-worker';

export interface ReferenceTask {
  id: number;
  /** sigmoid, sigmoidDerivative, tanh, tanhDerivative (elementwise) or softmax, normalizeRows (rows of `cols`). */
  fn: string;
  cols: number;
  /** The values of `data` (float32 values held in doubles for 'float32'), and the format the results are rounded to. */
  dtype: 'float64' | 'float32';
  data: Float64Array;
}

export type ReferenceReply = { id: number; result: Float64Array; error?: undefined } | { id: number; error: string; result?: undefined };

interface Pending {
  task: ReferenceTask;
  cost: number;
  resolve: (result: Float64Array) => void;
  reject: (error: Error) => void;
}

export class ReferencePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<number, { pending: Pending; worker: Worker }>();
  private nextId = 0;
  private totalCost = 0;
  private doneCost = 0;
  private nextReport = 0.1;
  private lastReport = Date.now();
  private readonly started = Date.now();

  constructor(size: number) {
    const file = path.join(__dirname, 'reference-worker.ts');
    for (let i = 0; i < size; i++) {
      const worker = tsWorker(file);
      worker.on('message', (reply: ReferenceReply) => this.settle(worker, reply));
      worker.on('error', (error) => this.failAll(error));
      worker.unref();
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** The results for `data` correctly rounded to `dtype`; `cost` estimates its share of the work for the progress line. */
  run(fn: string, data: Float64Array, cols: number, cost: number, dtype: ReferenceTask['dtype']): Promise<Float64Array> {
    return new Promise((resolve, reject) => {
      this.totalCost += cost;
      this.queue.push({ task: { id: this.nextId++, fn, cols, dtype, data }, cost, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const pending = this.queue.shift() as Pending;
      this.running.set(pending.task.id, { pending, worker });
      worker.ref();
      worker.postMessage(pending.task);
    }
  }

  private settle(worker: Worker, reply: ReferenceReply): void {
    const entry = this.running.get(reply.id);
    if (entry === undefined) return;
    this.running.delete(reply.id);
    worker.unref();
    this.idle.push(worker);
    this.doneCost += entry.pending.cost;
    this.report();
    if (reply.error !== undefined) entry.pending.reject(new Error(`reference for ${entry.pending.task.fn} failed: ${reply.error}`));
    else entry.pending.resolve(reply.result);
    this.dispatch();
  }

  private failAll(error: Error): void {
    for (const { pending } of this.running.values()) pending.reject(error);
    for (const pending of this.queue) pending.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }

  private report(): void {
    const fraction = this.totalCost === 0 ? 1 : this.doneCost / this.totalCost;
    const now = Date.now();
    if (fraction < this.nextReport || now - this.lastReport < 5000) return;
    const elapsed = (now - this.started) / 1000;
    const remaining = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : NaN;
    process.stderr.write(`  reference ${(100 * fraction).toFixed(0)}% done, ${elapsed.toFixed(0)} s elapsed, about ${remaining.toFixed(0)} s to go\n`);
    this.lastReport = now;
    this.nextReport = Math.floor(fraction * 10 + 1) / 10;
  }
}
