// Runs inside a worker thread: loads blaskit and returns what it computes.
import { parentPort, workerData } from 'node:worker_threads';
import { array, dot, dotAsync, sigmoid } from '../../lib/index';

const { values, n } = workerData as { values: Float64Array; n: number };
const a = array(values, [n, n]);
void dotAsync(a, a).then((product) => {
  const s = sigmoid(values);
  const p = dot(a, a) as { data: Float64Array };
  const q = product as { data: Float64Array };
  parentPort!.postMessage({ sigmoid: s, product: p.data, productAsync: q.data });
});
