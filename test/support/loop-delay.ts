import { PerformanceObserver, monitorEventLoopDelay, performance, type PerformanceEntry } from 'node:perf_hooks';

/**
 * Event-loop delay (ms) while `work` runs, sampled every 1 ms with a 1 ms
 * interval timer firing meanwhile, and V8's garbage collections in the same
 * window: a failure message then says whether a stall was the collector's or
 * native code's (a CI failure under the sanitizers was native code: freeing
 * the job's input snapshots on the event loop, which native/async/worker.cc
 * now does on the pool thread).
 *
 * `work` starts only after 5 ms of samples: the histogram records a delay
 * between two of its own samples, so a block before its first sample (a
 * synchronous call made at once) went unseen: measured, a 100 ms busy loop
 * there left max at 1.4 ms.
 */
export async function loopDelayDuring(work: () => Promise<unknown> | unknown): Promise<{ p99: number; max: number; detail: string }> {
  const collections: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => collections.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const ticker = setInterval(() => undefined, 1);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await work();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const ms = performance.now() - started;
  clearInterval(ticker);
  histogram.disable();
  collections.push(...observer.takeRecords());
  observer.disconnect();
  const gcMs = collections.reduce((sum, entry) => sum + entry.duration, 0);
  const detail = `over ${ms.toFixed(0)} ms, ${histogram.count} samples; V8 collected garbage ${collections.length} times meanwhile, for ${gcMs.toFixed(1)} ms`;
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, detail };
}
