// Timing for the native benchmarks: interleaved rounds of samples, medians.
//
// The machines this runs on are shared and noisy (2 cores, other jobs, a
// hypervisor), so no single timing is trusted. Each timed thing is calibrated
// to a sample of a fixed length, then every thing is sampled once per round,
// round after round, in a rotating order: drift in clock speed or background
// load lands on kernels and baselines alike, and the median of many samples
// ignores the rounds that a neighbour spoiled. The spread (half the
// interquartile range) is printed beside each median so a reader can tell a
// real difference from noise.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace blaskit::bench {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Makes the compiler assume that `p` and everything in memory are read here,
// so stores into a buffer that is never read again are not removed (the trick
// behind google/benchmark's DoNotOptimize and ClobberMemory).
inline void KeepMemory(const void* p) { asm volatile("" : : "r"(p) : "memory"); }

struct Summary {
  double median = 0;
  double q1 = 0;
  double q3 = 0;
  std::size_t samples = 0;
  // Half the interquartile range as a fraction of the median.
  double Spread() const { return median > 0 ? (q3 - q1) / 2 / median : 0; }
};

inline double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] * (1 - weight) + sorted[above] * weight;
}

inline Summary Summarise(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return {Quantile(values, 0.5), Quantile(values, 0.25), Quantile(values, 0.75), values.size()};
}

// Something to time. `run(calls)` makes `calls` back-to-back calls over the
// same data: the steady state of a caller that reuses its buffers.
struct Timed {
  std::string name;
  std::function<void(std::size_t calls)> run;
  std::size_t calls_per_sample = 1;
  std::vector<double> seconds_per_call;
};

struct SamplingPolicy {
  double seconds_per_item;  // sampling time per timed thing, on average
  int min_rounds;           // even when a single call outlasts the budget
  double sample_seconds;    // one sample: long enough to dwarf the clock's cost
};

// Grows calls_per_sample until a sample lasts about policy.sample_seconds,
// which also warms caches, page tables and branch predictors.
inline void Calibrate(Timed& item, const SamplingPolicy& policy) {
  item.run(1);  // first call: lazy initialisation, page faults
  std::size_t calls = 1;
  for (;;) {
    const Clock::time_point start = Clock::now();
    item.run(calls);
    const double seconds = SecondsSince(start);
    if (seconds >= policy.sample_seconds / 4 || calls >= (std::size_t{1} << 30)) {
      const double per_call = seconds / static_cast<double>(calls);
      item.calls_per_sample =
          std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(policy.sample_seconds / per_call)));
      break;
    }
    calls *= 2;
  }
  item.run(item.calls_per_sample);  // one full untimed sample of warm-up
}

// Samples every item once per round, rotating who goes first, until the
// whole set has used its budget and at least min_rounds rounds have run.
inline void MeasureInterleaved(std::vector<Timed*>& items, const SamplingPolicy& policy) {
  if (items.empty()) return;
  for (Timed* item : items) Calibrate(*item, policy);
  const double budget = policy.seconds_per_item * static_cast<double>(items.size());
  const Clock::time_point start = Clock::now();
  for (int round = 0; round < policy.min_rounds || SecondsSince(start) < budget; ++round) {
    for (std::size_t k = 0; k < items.size(); ++k) {
      Timed& item = *items[(k + static_cast<std::size_t>(round)) % items.size()];
      const Clock::time_point sample_start = Clock::now();
      item.run(item.calls_per_sample);
      item.seconds_per_call.push_back(SecondsSince(sample_start) / static_cast<double>(item.calls_per_sample));
    }
  }
}

}  // namespace blaskit::bench
