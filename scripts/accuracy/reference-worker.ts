/**
 * A worker of scripts/accuracy-report.ts: evaluates the 200-bit reference of
 * test/support/ulp.ts (tens of microseconds a value, hence the workers) on the
 * batches it is sent, and sends back the correctly rounded results: doubles,
 * or for float32 tasks the 200-bit value rounded once to float32.
 */
import { parentPort } from 'node:worker_threads';
import { exact32, exactNormalize, exactSigmoid, exactSigmoidDerivative, exactSoftmax, exactTanh, exactTanhDerivative } from '../../test/support/ulp';
import type { ReferenceReply, ReferenceTask } from './pool';

const elementwise: Record<string, (x: number) => number> = {
  sigmoid: exactSigmoid,
  sigmoidDerivative: exactSigmoidDerivative,
  tanh: exactTanh,
  tanhDerivative: exactTanhDerivative,
};

const rowwise: Record<string, (row: Float64Array) => Float64Array> = {
  softmax: exactSoftmax,
  normalizeRows: exactNormalize,
};

const elementwise32: Record<string, (x: number) => number> = {
  sigmoid: exact32.sigmoid,
  sigmoidDerivative: exact32.sigmoidDerivative,
  tanh: exact32.tanh,
  tanhDerivative: exact32.tanhDerivative,
};

const rowwise32: Record<string, (row: Float64Array) => Float64Array> = {
  softmax: exact32.softmax,
  normalizeRows: exact32.normalizeRows,
};

function evaluate(task: ReferenceTask): Float64Array {
  const { fn, data, cols, dtype } = task;
  const out = new Float64Array(data.length);
  const exact = (dtype === 'float32' ? elementwise32 : elementwise)[fn];
  if (exact !== undefined) {
    for (let i = 0; i < data.length; i++) out[i] = exact(data[i]);
    return out;
  }
  const exactRow = (dtype === 'float32' ? rowwise32 : rowwise)[fn];
  if (exactRow === undefined) throw new Error(`reference-worker: no reference for ${fn}`);
  for (let start = 0; start < data.length; start += cols) out.set(exactRow(data.subarray(start, start + cols)), start);
  return out;
}

parentPort?.on('message', (task: ReferenceTask) => {
  let reply: ReferenceReply;
  try {
    const result = evaluate(task);
    reply = { id: task.id, result };
    parentPort?.postMessage(reply, [result.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { id: task.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    parentPort?.postMessage(reply);
  }
});
