// Adaptive timing, the same scheme in Node (here) and Python (numpy_trial.py):
// calls are batched until one batch lasts `sampleNs` (so that a 50 ns call is
// not lost in the clock's resolution), then batches are repeated until
// `budgetNs` is spent, between `minSamples` and `maxSamples` times. Each
// sample is one batch's time divided by its calls; the median is reported
// with the min and max, so the noise is visible beside every number.

/** Settings per mode; --quick trades precision for a run under two minutes. */
export const TIMING = Object.freeze({
  full: { sampleNs: 10e6, budgetNs: 400e6, minSamples: 5, maxSamples: 21, slowCallNs: 1e9, slowMinSamples: 3, maxCallNs: 4e9 },
  quick: { sampleNs: 2e6, budgetNs: 40e6, minSamples: 3, maxSamples: 7, slowCallNs: 0.2e9, slowMinSamples: 2, maxCallNs: 0.5e9 },
});

const now = () => process.hrtime.bigint();

async function batch(run, isAsync, calls) {
  const t0 = now();
  if (isAsync) for (let i = 0; i < calls; i++) await run();
  else for (let i = 0; i < calls; i++) run();
  return Number(now() - t0);
}

/**
 * Time `run` (already called once, taking `firstNs`).
 * @param {() => unknown} run
 * @param {boolean} isAsync whether run returns a Promise to await
 * @param {typeof TIMING.full} settings
 * @param {number} firstNs duration of the first (checked) call
 * @returns {Promise<{ median: number, min: number, max: number, samples: number, callsPerSample: number }>} ns per call
 */
export async function measure(run, isAsync, settings, firstNs) {
  let calls = 1;
  let batchNs = firstNs;
  if (firstNs < settings.sampleNs) {
    // Doubling also warms up the JIT and the caches before any sample counts.
    for (;;) {
      batchNs = await batch(run, isAsync, calls);
      if (batchNs >= settings.sampleNs || calls >= 1 << 24) break;
      calls = batchNs > 0 ? Math.min(calls * 8, Math.max(calls * 2, Math.ceil((calls * settings.sampleNs) / batchNs))) : calls * 8;
    }
  }
  const floor = batchNs >= settings.slowCallNs ? settings.slowMinSamples : settings.minSamples;
  const count = Math.max(floor, Math.min(settings.maxSamples, Math.round(settings.budgetNs / Math.max(batchNs, 1))));
  const samples = [];
  for (let s = 0; s < count; s++) samples.push((await batch(run, isAsync, calls)) / calls);
  samples.sort((x, y) => x - y);
  const mid = samples.length >> 1;
  const median = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  return { median, min: samples[0], max: samples[samples.length - 1], samples: samples.length, callsPerSample: calls };
}
