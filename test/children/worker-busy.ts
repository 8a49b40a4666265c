// Runs inside a worker thread: queues large async jobs, says so, and keeps
// going until it is terminated mid-job.
import { parentPort } from 'node:worker_threads';
import { array, dotAsync, sigmoidAsync, softmaxAsync } from '../../lib/index';

const n = 384;
const a = array(new Float64Array(n * n).fill(0.5), [n, n]);
const x = new Float64Array(2e6).fill(1);
const jobs: Promise<unknown>[] = [];
for (let i = 0; i < 4; i++) jobs.push(dotAsync(a, a), sigmoidAsync(x), softmaxAsync(array(x, [2000, 1000])));
parentPort!.postMessage('started');
void Promise.all(jobs);
