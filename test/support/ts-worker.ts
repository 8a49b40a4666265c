/**
 * A Worker running a TypeScript file. Node 20 cannot give `--import tsx` to a
 * worker's entry module, so the worker starts from a tiny CommonJS stub that
 * registers tsx's require hook and then requires the .ts file.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function tsWorker(file: string, options: WorkerOptions = {}): Worker {
  const stub = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`;
  return new Worker(stub, { ...options, eval: true });
}
