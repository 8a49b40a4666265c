// Measures the event loop of a fresh process while dotAsync multiplies two
// n×n matrices: a 1 ms interval timer runs meanwhile, and the child prints
// one JSON line with the loop delay's p99 and max (ms), the window, the
// number of samples and V8's garbage collections in it, whether the product
// was still running when the window opened, and the result's shape, type
// and first element.
//
// A fresh process, not the mocha runner: after hundreds of tests the
// runner's heap is large enough that one of V8's collections, which the 32 MB
// result's external memory can start, paused the loop for 21 ms in a CI run.
// That pause is the size of whatever heap the process holds, not blaskit's
// work; here the heap is only this script's, so the delay measured is the
// job's own: the hand-off to the pool thread and the result coming back.
//
// Arguments: dtype (float64 | float32) and n. The job is started before the
// window opens: the window covers the product, the property under test being
// that the product never runs on the event loop. The synchronous snapshot of
// the inputs, taken before dotAsync returns (by design, lib/async.ts), is not
// in it: on this machine's virtual memory it took 8 ms for two 2048² inputs
// in most calls and 30-120 ms in one call of four to ten (allocating and
// copying into fresh memory; page faults, most likely), a cost that a bound in
// milliseconds here would make a flaky test of.
import { type DType, type NDArray, array, dotAsync } from '../../lib/index';
import { loopDelayDuring } from '../support/loop-delay';

const [dtypeArgument, size] = process.argv.slice(2);
const dtype = dtypeArgument as DType;
const n = Number(size);
if (!['float64', 'float32'].includes(dtype) || !(n > 0)) {
  throw new Error(`usage: event-loop-during-dot.ts float64|float32 n, got ${process.argv.slice(2).join(' ')}`);
}

(async () => {
  const values = Float64Array.from({ length: n * n }, (_, i) => (i % 17) - 8);
  const a = array(values, [n, n], { dtype });
  // Started once on a small product, as in a server that has served a request:
  // the pool thread and OpenBLAS's threads exist before the window opens.
  const small = array(values.subarray(0, 64 * 64), [64, 64], { dtype });
  await dotAsync(small, small);

  let result: NDArray | undefined;
  let settled = false;
  const running = dotAsync(a, a).finally(() => (settled = true));
  // Still running when the window opens: a dotAsync that computed the product
  // before returning would be settled by then, and fail the test.
  let runningWhenMeasured = false;
  const delay = await loopDelayDuring(async () => {
    runningWhenMeasured = !settled;
    result = (await running) as NDArray;
  });
  const data = result!.data;
  console.log(JSON.stringify({ ...delay, runningWhenMeasured, shape: result!.shape, type: data.constructor.name, first: data[0] }));
})().catch((error) => {
  console.error(error);
  process.exit(3);
});
