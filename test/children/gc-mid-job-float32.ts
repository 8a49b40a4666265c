// gc-mid-job.ts in float32 (run with --expose-gc): hundreds of jobs on
// Float32Array inputs and outs that nobody keeps, full collections forced
// while they run, float32 results checked. Prints `ok <checked>`.
import { NDArray, addAsync, denseAsync, dotAsync, sigmoidAsync, softmaxAsync } from '../../lib/index';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const f32 = (n: number, value: number): NDArray['data'] => new Float32Array(n).fill(value) as never;
const matrix = (rows: number, cols: number, value: number) => new NDArray(f32(rows * cols, value), [rows, cols]);
const isFloat32 = (data: unknown) => data instanceof Float32Array;

(async () => {
  const pending: Promise<boolean>[] = [];
  for (let i = 0; i < 300; i++) {
    const n = 2000 + (i % 5) * 3000;
    // Neither the input nor the out is referenced after this call returns.
    pending.push(sigmoidAsync(f32(n, 0), { out: f32(n, 7) }).then((y) => isFloat32(y) && y[n - 1] === 0.5));
    if (i % 10 === 0) {
      pending.push(dotAsync(matrix(128, 128, 1), matrix(128, 128, 2)).then((p) => isFloat32((p as NDArray).data) && (p as NDArray).data[5] === 256));
      pending.push(softmaxAsync(matrix(4, 1000, 3)).then((s) => isFloat32(s.data) && s.data[3999] === Math.fround(0.001)));
      pending.push(addAsync(matrix(n / 1000, 1000, 1), f32(1000, 0.25), { out: f32(n, 7) }).then((q) => isFloat32(q) && (q as unknown as Float32Array)[n - 1] === 1.25));
      pending.push(denseAsync(matrix(256, 64, 1), matrix(64, 128, 2), f32(128, 1), { activation: 'relu' }).then((y) => isFloat32(y.data) && y.data[7] === 129));
    }
    if (i % 25 === 0) gc!();
  }
  gc!();
  const results = await Promise.all(pending);
  gc!();
  const bad = results.filter((ok) => !ok).length;
  if (bad) throw new Error(`${bad} float32 jobs gave wrong results`);
  console.log(`ok ${results.length}`);
})().catch((error) => {
  console.error(error);
  process.exit(3);
});
