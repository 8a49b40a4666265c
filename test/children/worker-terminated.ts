// A process that starts workers, lets each queue large async jobs, terminates
// them mid-job, many times over; it must survive and not grow without bound.
// Prints `ok <rss growth MB>`.
import path from 'node:path';
import { tsWorker } from '../support/ts-worker';

const cycles = Number(process.argv[2] ?? 20);
const script = path.join(__dirname, 'worker-busy.ts');

async function cycle(): Promise<void> {
  const worker = tsWorker(script);
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  await worker.terminate();
}

(async () => {
  await cycle(); // warm up: the first worker's heap and code
  const before = process.memoryUsage().rss;
  for (let i = 0; i < cycles; i++) await cycle();
  const growth = (process.memoryUsage().rss - before) / 1e6;
  console.log(`ok ${growth.toFixed(1)}`);
})().catch((error) => {
  console.error(error);
  process.exit(3);
});
