// Run with --expose-gc: hundreds of jobs whose inputs and outs nobody keeps,
// with full collections forced while they run. Prints `ok <checked>`.
import { dotAsync, array, denseAsync, divideAsync, sigmoidAsync, softmaxAsync } from '../../lib/index';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

(async () => {
  const pending: Promise<boolean>[] = [];
  for (let i = 0; i < 300; i++) {
    const n = 2000 + (i % 5) * 3000;
    // Neither the input nor the out is referenced after this call returns.
    pending.push(sigmoidAsync(new Float64Array(n).fill(0), { out: new Float64Array(n) }).then((y) => y[n - 1] === 0.5));
    if (i % 10 === 0) {
      pending.push(dotAsync(array(new Float64Array(128 * 128).fill(1), [128, 128]), array(new Float64Array(128 * 128).fill(2), [128, 128])).then((p) => (p as { data: Float64Array }).data[5] === 256));
      pending.push(softmaxAsync(array(new Float64Array(4000).fill(3), [4, 1000])).then((s) => s.data[3999] === 0.001));
      pending.push(divideAsync(array(new Float64Array(n).fill(1), [n / 1000, 1000]), new Float64Array(1000).fill(4), { out: new Float64Array(n) }).then((q) => q[n - 1] === 0.25));
      pending.push(denseAsync(array(new Float64Array(256 * 64).fill(1), [256, 64]), array(new Float64Array(64 * 128).fill(2), [64, 128]), new Float64Array(128).fill(1), { activation: 'relu' }).then((y) => y.data[7] === 129));
    }
    if (i % 25 === 0) gc!();
  }
  gc!();
  const results = await Promise.all(pending);
  gc!();
  const bad = results.filter((ok) => !ok).length;
  if (bad) throw new Error(`${bad} jobs gave wrong results`);
  console.log(`ok ${results.length}`);
})().catch((error) => {
  console.error(error);
  process.exit(3);
});
