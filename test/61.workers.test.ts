/**
 * worker_threads: the addon is context-aware (no per-process state but the
 * OpenBLAS lock), so it loads in several workers at once, and a worker
 * terminated in the middle of its jobs neither crashes the process nor leaks.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { array, dot, sigmoid } from '../lib/index';
import { tsWorker } from './support/ts-worker';
import { timeLimit } from './support/emulation';

const children = path.join(__dirname, 'children');

function runWorker(values: Float64Array, n: number): Promise<Record<string, Float64Array>> {
  return new Promise((resolve, reject) => {
    const worker = tsWorker(path.join(children, 'worker-compute.ts'), { workerData: { values, n } });
    worker.once('message', (message) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('worker_threads', function () {
  this.timeout(timeLimit(60000));

  it('loads in four workers at once, each computing the same bits as the main thread', async () => {
    const n = 96;
    const values = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i));
    const expectedSigmoid = sigmoid(values);
    const expectedProduct = (dot(array(values, [n, n]), array(values, [n, n])) as { data: Float64Array }).data;
    const results = await Promise.all([0, 1, 2, 3].map(() => runWorker(values, n)));
    for (const result of results) {
      expect(Buffer.from(result.sigmoid.buffer).equals(Buffer.from(expectedSigmoid.buffer))).to.equal(true);
      expect(Buffer.from(result.product.buffer).equals(Buffer.from(expectedProduct.buffer))).to.equal(true);
      expect(Buffer.from(result.productAsync.buffer).equals(Buffer.from(expectedProduct.buffer))).to.equal(true);
    }
  });

  it('workers terminated mid-job, 25 times: the process survives, exits 0, and its memory does not grow without bound', () => {
    const child = spawnSync(process.execPath, [...process.execArgv, path.join(children, 'worker-terminated.ts'), '25'], { encoding: 'utf8', timeout: timeLimit(120000) });
    expect(child.signal, child.stderr).to.equal(null);
    expect(child.status, child.stderr).to.equal(0);
    const match = child.stdout.match(/^ok (-?[\d.]+)/m);
    expect(match, child.stdout + child.stderr).to.not.equal(null);
    // Each cycle queues about 100 MB of job memory; 25 cycles leaking it would be gigabytes.
    expect(Number(match![1])).to.be.lessThan(150);
  });
});
