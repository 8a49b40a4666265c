// Standalone checks of native/parallel/pool.cc and its use in
// native/blas/blas.cc, built and run by scripts/test-pool.sh under
// ThreadSanitizer: chunks written by two threads at once, or results read
// before a worker's writes are visible, are reported as races even when the
// numbers happen to come out right. The fork() checks run in the script's
// ASan build instead (TSan cannot follow threads started after a
// multi-threaded fork).
//
//   pool_test                      every check; ends with `N passed, N failed`
//   pool_test --expect-threads=N   also checks NumThreads()'s default is N
//                                  (BLASKIT_NUM_THREADS, or the CPU count)
//   pool_test --env-only           only the default-count check and one region
//   pool_test --no-fork            skips the fork() checks (for TSan)
//   pool_test --bench              timings instead of checks (build with -O2
//                                  and no sanitizer for numbers worth quoting)
#include <sys/wait.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "blas/blas.h"
#include "parallel/pool.h"

namespace {

using blaskit::parallel::ExclusiveCompute;
using blaskit::parallel::NumThreads;
using blaskit::parallel::ParallelFor;
using blaskit::parallel::SetNumThreads;
using Clock = std::chrono::steady_clock;

int g_passed = 0;
int g_failed = 0;

void Check(bool ok, const std::string& name, const std::string& detail = "") {
  if (ok) {
    ++g_passed;
    std::printf("ok   %s\n", name.c_str());
  } else {
    ++g_failed;
    std::printf("FAIL %s%s%s\n", name.c_str(), detail.empty() ? "" : ": ", detail.c_str());
  }
  std::fflush(stdout);
}

std::string Format(const char* format, unsigned long long a = 0, unsigned long long b = 0, unsigned long long c = 0,
                   unsigned long long d = 0) {
  char text[256];
  std::snprintf(text, sizeof(text), format, a, b, c, d);
  return text;
}

// One region's record: the chunks the body saw, and which threads ran them.
struct Region {
  unsigned returned = 0;
  std::vector<std::pair<std::size_t, std::size_t>> chunks;
  std::set<std::thread::id> threads;
};

// Runs a region writing visits[i] += 1 (plain writes: overlapping chunks on
// two threads are a race TSan reports) and checks its shape. Returns "" or
// what was wrong.
std::string RunAndCheck(std::size_t n, std::size_t min_parallel, std::size_t align, unsigned expected_chunks,
                        Region* out = nullptr) {
  std::vector<unsigned char> visits(n, 0);
  std::mutex mutex;
  Region region;
  region.returned = ParallelFor(n, min_parallel, align, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) visits[i] += 1;
    std::lock_guard<std::mutex> guard(mutex);
    region.chunks.emplace_back(begin, end);
    region.threads.insert(std::this_thread::get_id());
  });
  if (out != nullptr) *out = region;
  const std::size_t a = align == 0 ? 1 : align;
  const std::string where = Format("n=%llu align=%llu threads=%llu", n, align, NumThreads());
  for (std::size_t i = 0; i < n; ++i) {
    if (visits[i] != 1) return where + Format(": element %llu visited %llu times", i, visits[i]);
  }
  if (region.returned != region.chunks.size()) {
    return where + Format(": returned %llu, body called %llu times", region.returned, region.chunks.size());
  }
  if (expected_chunks != 0 && region.returned != expected_chunks) {
    return where + Format(": %llu chunks, expected %llu", region.returned, expected_chunks);
  }
  if (region.returned > NumThreads()) return where + ": more chunks than threads";
  std::sort(region.chunks.begin(), region.chunks.end());
  std::size_t next = 0;
  for (const auto& chunk : region.chunks) {
    if (chunk.first != next) return where + Format(": chunk starts at %llu, not %llu", chunk.first, next);
    if (chunk.first % a != 0) return where + Format(": chunk begin %llu not aligned", chunk.first);
    if (chunk.second != n && chunk.second % a != 0) {
      return where + Format(": chunk end %llu not aligned", chunk.second);
    }
    if (chunk.second <= chunk.first && n != 0) return where + ": empty chunk";
    next = chunk.second;
  }
  if (next != n) return where + ": chunks do not reach n";
  return "";
}

// (1) Every element exactly once, aligned boundaries, for many n, align and
// thread counts (3 and 8 on this 2-core machine too). One caller, so the pool
// is always free and the chunk count is exactly min(threads, blocks).
void TestCoverage() {
  const std::vector<std::size_t> big = {1000, 4095, 4096, 4097, 65536 + 3, 100003};
  for (unsigned threads : {2u, 3u, 4u, 8u}) {
    SetNumThreads(threads);
    std::string error;
    int regions = 0;
    for (std::size_t n = 0; n <= 260 && error.empty(); ++n) {
      for (std::size_t align :
           {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{8}, std::size_t{64}, n, n + 1}) {
        const std::size_t a = align == 0 ? 1 : align;
        const std::size_t blocks = n / a + (n % a != 0);
        const unsigned expected = blocks < 2 ? 1 : static_cast<unsigned>(std::min<std::size_t>(threads, blocks));
        error = RunAndCheck(n, 0, align, expected);
        ++regions;
        if (!error.empty()) break;
      }
    }
    for (std::size_t n : big) {
      for (std::size_t align : {std::size_t{1}, std::size_t{8}, std::size_t{1000}}) {
        if (!error.empty()) break;
        const std::size_t blocks = n / align + (n % align != 0);
        error = RunAndCheck(n, 0, align, static_cast<unsigned>(std::min<std::size_t>(threads, blocks)));
        ++regions;
      }
    }
    Check(error.empty(), Format("coverage: %llu regions with %llu threads", regions, threads), error);
  }

  SetNumThreads(2);
  // Large enough that the worker wakes before the caller could take both
  // chunks: the worker really computes.
  std::set<std::thread::id> seen;
  std::string error;
  for (int attempt = 0; attempt < 20 && seen.size() < 2 && error.empty(); ++attempt) {
    Region region;
    error = RunAndCheck(4000000, 0, 8, 2, &region);
    seen.insert(region.threads.begin(), region.threads.end());
  }
  Check(error.empty() && seen.size() >= 2, Format("a pool thread computes chunks (%llu threads seen)", seen.size()),
        error);

  Region region;
  error = RunAndCheck(100000, 100001, 8, 1, &region);
  Check(error.empty() && region.threads.size() == 1 && *region.threads.begin() == std::this_thread::get_id(),
        "n < min_parallel runs body(0, n) on the caller", error);

  // A region inside a body runs inline, on the thread running the outer chunk.
  std::atomic<int> nested_wrong{0};
  std::atomic<int> nested_calls{0};
  const unsigned outer = ParallelFor(64, 0, 8, [&](std::size_t begin, std::size_t end) {
    const std::thread::id self = std::this_thread::get_id();
    const unsigned inner = ParallelFor(100000, 0, 1, [&](std::size_t b, std::size_t e) {
      nested_calls.fetch_add(1);
      if (std::this_thread::get_id() != self || b != 0 || e != 100000) nested_wrong.fetch_add(1);
    });
    if (inner != 1 || end <= begin) nested_wrong.fetch_add(1);
  });
  Check(outer == 2 && nested_calls.load() == 2 && nested_wrong.load() == 0,
        "a region inside a body runs inline (no deadlock)");
}

// (2) Four callers hammering the pool at once, with a fifth thread making BLAS
// calls through blas.cc (FairLock + ExclusiveCompute) the whole time: every
// result right, some regions parallel, some inline because the pool was busy.
void TestConcurrentCallers(int iterations) {
  SetNumThreads(2);
  std::atomic<int> wrong{0};
  std::atomic<int> parallel{0};
  std::atomic<int> busy_inline{0};
  std::atomic<int> small_inline{0};
  std::atomic<bool> stop{false};

  auto caller = [&](unsigned seed) {
    std::mt19937_64 random(seed);
    std::vector<double> out;
    for (int iteration = 0; iteration < iterations; ++iteration) {
      const std::size_t n = random() % 50000;
      const std::size_t align = std::vector<std::size_t>{1, 8, 64, 100}[random() % 4];
      const std::size_t min_parallel = random() % 2 == 0 ? 0 : 20000;
      const double tag = static_cast<double>(seed * 1000 + iteration);
      out.assign(n, -1.0);
      const unsigned chunks = ParallelFor(n, min_parallel, align, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) out[i] = tag + static_cast<double>(i);
      });
      for (std::size_t i = 0; i < n; ++i) {
        if (out[i] != tag + static_cast<double>(i)) {
          wrong.fetch_add(1);
          break;
        }
      }
      if (chunks > 1) {
        parallel.fetch_add(1);
      } else if (n >= min_parallel && n > align) {
        busy_inline.fetch_add(1);
      } else {
        small_inline.fetch_add(1);
      }
    }
  };

  std::atomic<int> blas_wrong{0};
  std::atomic<int> blas_calls{0};
  auto blas_caller = [&] {
    std::mt19937_64 random(99);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    while (!stop.load()) {
      const std::size_t m = 1 + random() % 160, k = 1 + random() % 160, n = 1 + random() % 160;
      std::vector<double> a(m * k), b(k * n), c(m * n, NAN), reference(m * n);
      for (double& x : a) x = value(random);
      for (double& x : b) x = value(random);
      blaskit::MatMul(a.data(), b.data(), c.data(), m, k, n);
      blaskit::MatMulReference(a.data(), b.data(), reference.data(), m, k, n);
      for (std::size_t i = 0; i < m * n; ++i) {
        if (!(std::fabs(c[i] - reference[i]) <= 1e-12 * static_cast<double>(k))) {
          blas_wrong.fetch_add(1);
          break;
        }
      }
      const double dot = blaskit::Dot(a.data(), a.data(), m * k);
      if (!(std::fabs(dot - blaskit::DotReference(a.data(), a.data(), m * k)) <= 1e-10 * dot)) {
        blas_wrong.fetch_add(1);
      }
      blas_calls.fetch_add(1);
    }
  };

  std::thread blas_thread(blas_caller);
  std::vector<std::thread> callers;
  for (unsigned t = 0; t < 4; ++t) callers.emplace_back(caller, t + 1);
  for (auto& thread : callers) thread.join();
  stop.store(true);
  blas_thread.join();

  Check(wrong.load() == 0, Format("4 concurrent callers: every result right (%llu parallel, %llu inline "
                                  "while busy, %llu inline by size)",
                                  parallel.load(), busy_inline.load(), small_inline.load()));
  Check(parallel.load() > 0 && busy_inline.load() > 0,
        "4 concurrent callers: some regions parallel, some inline because the pool was busy");
  Check(blas_wrong.load() == 0 && blas_calls.load() > 0,
        Format("BLAS products right while regions run (%llu rounds)", blas_calls.load()));
}

// (3) ExclusiveCompute against regions, both ways.
void TestExclusiveCompute() {
  SetNumThreads(2);
  {
    // Held by another thread: a region runs inline on its caller, at once.
    std::mutex mutex;
    std::condition_variable changed;
    bool held = false, release = false;
    std::thread holder([&] {
      ExclusiveCompute hold;
      std::unique_lock<std::mutex> guard(mutex);
      held = true;
      changed.notify_all();
      changed.wait(guard, [&] { return release; });
    });
    {
      std::unique_lock<std::mutex> guard(mutex);
      changed.wait(guard, [&] { return held; });
    }
    Region region;
    const auto start = Clock::now();
    const std::string error = RunAndCheck(100000, 0, 8, 1, &region);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    Check(error.empty() && region.threads.size() == 1 && *region.threads.begin() == std::this_thread::get_id() &&
              ms < 1000,
          "ExclusiveCompute held elsewhere: ParallelFor runs inline, returns 1, does not wait", error);
    {
      std::lock_guard<std::mutex> guard(mutex);
      release = true;
      changed.notify_all();
    }
    holder.join();
  }
  {
    // A region running: ExclusiveCompute waits until all its chunks are done.
    std::atomic<int> started{0}, finished{0};
    unsigned chunks = 0;
    std::thread region_thread([&] {
      chunks = ParallelFor(2, 0, 1, [&](std::size_t, std::size_t) {
        started.fetch_add(1);
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        finished.fetch_add(1);
      });
    });
    while (started.load() == 0) std::this_thread::yield();
    int finished_when_held = -1;
    {
      ExclusiveCompute hold;
      finished_when_held = finished.load();
    }
    region_thread.join();
    Check(chunks == 2 && finished_when_held == 2,
          Format("ExclusiveCompute waits for a running region (%llu of %llu chunks done when it held)",
                 static_cast<unsigned long long>(finished_when_held), chunks));
  }
  {
    // Released: regions run parallel again.
    Check(RunAndCheck(100000, 0, 8, 2).empty(), "after ExclusiveCompute is released, regions are parallel");
  }
}

// (4) Thread counts: 1 is all inline; more than the cores works; clamping;
// OpenBLAS follows.
void TestSetNumThreads() {
  SetNumThreads(1);
  Region region;
  std::string error = RunAndCheck(1000000, 0, 8, 1, &region);
  Check(NumThreads() == 1 && blaskit::BlasNumThreads() == 1 && error.empty() && region.threads.size() == 1 &&
            *region.threads.begin() == std::this_thread::get_id(),
        "SetNumThreads(1): everything inline on the caller; OpenBLAS at 1", error);

  SetNumThreads(3);
  error = RunAndCheck(300000, 0, 8, 3);
  Check(NumThreads() == 3 && blaskit::BlasNumThreads() == 3 && error.empty(),
        "SetNumThreads(3) on 2 cores: 3 chunks, all right; OpenBLAS at 3", error);

  SetNumThreads(0);
  Check(NumThreads() == 1, "SetNumThreads(0) clamps to 1");

  SetNumThreads(1000);
  error = RunAndCheck(100000, 0, 1, blaskit::parallel::kMaxThreads);
  Check(NumThreads() == blaskit::parallel::kMaxThreads && error.empty(),
        "SetNumThreads(1000) clamps to kMaxThreads, and 64 chunks run right", error);

  SetNumThreads(2);
  error = RunAndCheck(100000, 0, 1, 2);
  std::vector<double> a(3000, 0.5);
  const double dot = blaskit::Dot(a.data(), a.data(), a.size());
  Check(NumThreads() == 2 && blaskit::BlasNumThreads() == 2 && error.empty() && dot == 750.0,
        "back to 2 threads: surplus workers idle, regions and BLAS right", error);
}

// (5) The default count: BLASKIT_NUM_THREADS, else the CPU count. Must run
// before anything calls SetNumThreads.
void TestDefaultThreads(unsigned expected) {
  const unsigned actual = NumThreads();
  const char* env = std::getenv("BLASKIT_NUM_THREADS");
  Check(actual == expected, std::string("default NumThreads() with BLASKIT_NUM_THREADS=") + (env ? env : "(unset)") +
                                Format(" is %llu (got %llu)", expected, actual));
  const unsigned chunks = std::min<unsigned>(actual, 4);
  Check(RunAndCheck(4096, 0, 1024, chunks).empty(),
        Format("a region with the default count splits into %llu chunks", chunks));
}

// Workers compute with the IEEE default floating-point environment even when
// the thread that started them flushes subnormals (a new thread inherits its
// creator's MXCSR). Must run while few workers exist, so that this region
// starts new ones.
void TestWorkerFloatingPoint() {
#if defined(__x86_64__)
  constexpr unsigned kFlushBits = 0x8040;  // FTZ | DAZ
  std::atomic<int> worker_chunks{0}, flushing{0};
  std::thread spawner([&] {
    _mm_setcsr(_mm_getcsr() | kFlushBits);
    SetNumThreads(blaskit::parallel::kMaxThreads);
    const std::thread::id self = std::this_thread::get_id();
    // Every chunk takes a while, so the caller cannot take them all before
    // the new threads are up.
    ParallelFor(64, 0, 1, [&](std::size_t, std::size_t) {
      if (std::this_thread::get_id() != self) {
        worker_chunks.fetch_add(1);
        if ((_mm_getcsr() & kFlushBits) != 0) flushing.fetch_add(1);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    });
  });
  spawner.join();
  SetNumThreads(2);
  Check(worker_chunks.load() > 0 && flushing.load() == 0,
        Format("workers started by a flush-to-zero thread compute without it (%llu worker chunks, %llu "
               "flushing)",
               worker_chunks.load(), flushing.load()));
#endif
}

// (6) fork(): the child gets a pool of its own, even if the parent's was
// inside a region at the fork (its lock copied held by a thread the child does
// not have).
void TestFork() {
  SetNumThreads(2);
  auto in_child = [](const char* name) {
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
      alarm(20);  // a deadlock fails the check instead of hanging the run
      const bool region_ok = RunAndCheck(1000000, 0, 8, 2).empty();
      bool blas_ok = false;
      {
        std::vector<double> a(1000, 2.0);
        blas_ok = blaskit::Dot(a.data(), a.data(), a.size()) == 4000.0;
      }
      _exit(region_ok && blas_ok ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    Check(WIFEXITED(status) && WEXITSTATUS(status) == 0, name,
          WIFSIGNALED(status) ? Format("child killed by signal %llu", WTERMSIG(status)) : "");
  };
  RunAndCheck(100000, 0, 8, 2);  // workers exist in the parent
  in_child("after fork(): the child's regions run parallel and right; BLAS works");

  std::atomic<bool> started{false};
  std::thread region_thread([&] {
    ParallelFor(2, 0, 1, [&](std::size_t, std::size_t) {
      started.store(true);
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    });
  });
  while (!started.load()) std::this_thread::yield();
  in_child("fork() during a region: the child does not deadlock on the copied pool");
  region_thread.join();
  Check(RunAndCheck(100000, 0, 8, 2).empty(), "the parent's pool still works after the forks");
}

// (7) OpenBLAS facts for runtimeInfo().
void TestBlasInfo() {
  const std::string version = blaskit::BlasVersion();
  const std::string core = blaskit::BlasCoreName();
  std::printf("     OpenBLAS %s, core %s, %d threads; config: %s\n", version.c_str(), core.c_str(),
              blaskit::BlasNumThreads(), blaskit::BlasConfig());
  // Digits and at least two dots, e.g. 0.3.21 (or 0.3.21.dev).
  const bool numeric = !version.empty() && std::isdigit(static_cast<unsigned char>(version[0])) &&
                       version.find_first_not_of("0123456789.dev") == std::string::npos &&
                       std::count(version.begin(), version.end(), '.') >= 2;
  Check(numeric, "BlasVersion() is a version number: " + version);
  Check(!core.empty(), "BlasCoreName() is not empty: " + core);
}

// --bench: what a region costs, for choosing min_parallel thresholds. Each
// case is timed back to back (workers still spinning from the last region:
// a burst of kernel calls), with 50 us of busy work on the caller before each
// call (an event loop doing some JS between calls), and with 1 ms of sleep
// before each call (workers asleep: an isolated call), inline and as a region;
// "worker joined" is the share of regions in which a pool thread ran a chunk,
// and how long after the call began it started (the wake-up latency). The
// load average is printed before and after: on a shared machine other
// processes' threads take the cores and the numbers mean little.
double Percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return NAN;
  std::sort(samples.begin(), samples.end());
  return samples[static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1))];
}

struct Timing {
  std::vector<double> call_us;
  std::vector<double> worker_start_us;  // regions a worker joined only
};

enum class Gap { kNone, kBusy50us, kSleep1ms };

Timing TimeRegions(std::size_t n, std::size_t min_parallel, int reps, Gap gap, std::vector<double>& out) {
  Timing timing;
  const std::thread::id caller = std::this_thread::get_id();
  for (int r = 0; r < reps; ++r) {
    if (gap == Gap::kSleep1ms) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (gap == Gap::kBusy50us) {
      const auto until = Clock::now() + std::chrono::microseconds(50);
      while (Clock::now() < until) {
      }
    }
    std::atomic<long long> worker_start_ns{-1};
    const auto start = Clock::now();
    ParallelFor(n, min_parallel, 8, [&](std::size_t begin, std::size_t end) {
      if (std::this_thread::get_id() != caller) {
        worker_start_ns.store(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
      }
      for (std::size_t i = begin; i < end; ++i) out[i] = static_cast<double>(i) * 0.5;
    });
    timing.call_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    if (worker_start_ns.load() >= 0) timing.worker_start_us.push_back(worker_start_ns.load() / 1000.0);
  }
  return timing;
}

std::string LoadAverage() {
  char text[128] = "?";
  if (FILE* file = std::fopen("/proc/loadavg", "r")) {
    if (std::fgets(text, sizeof(text), file) == nullptr) std::strcpy(text, "?");
    std::fclose(file);
  }
  text[std::strcspn(text, "\n")] = '\0';
  return text;
}

int Bench() {
  SetNumThreads(2);
  std::printf("load average before: %s\n", LoadAverage().c_str());
  std::printf("pool bench: %u threads, OpenBLAS %s (%s), %u CPUs online\n", NumThreads(),
              blaskit::BlasVersion().c_str(), blaskit::BlasCoreName().c_str(), std::thread::hardware_concurrency());
  std::printf("medians in us (p10-p90); region = ParallelFor(n, 0, 8, out[i] = i * 0.5)\n");
  std::vector<double> pid_us;
  for (int r = 0; r < 20000; ++r) {
    const auto start = Clock::now();
    (void)getpid();
    pid_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::printf("getpid(): %.3f us (in every region: the fork check)\n", Percentile(pid_us, 0.5));

  std::vector<double> out(1000000);
  ParallelFor(out.size(), 0, 8, [&](std::size_t begin, std::size_t end) {  // pages touched, worker started
    for (std::size_t i = begin; i < end; ++i) out[i] = 0.0;
  });
  std::printf("%-9s %-13s %-24s %-24s %s\n", "n", "calls", "inline", "region", "worker joined, after");
  for (std::size_t n :
       {std::size_t{16}, std::size_t{1000}, std::size_t{10000}, std::size_t{100000}, std::size_t{1000000}}) {
    for (Gap gap : {Gap::kNone, Gap::kBusy50us, Gap::kSleep1ms}) {
      const int reps = gap == Gap::kSleep1ms ? 1000 : gap == Gap::kBusy50us ? 4000 : (n >= 1000000 ? 2000 : 20000);
      const Timing inline_timing = TimeRegions(n, n + 1, reps, gap, out);
      const Timing region = TimeRegions(n, 0, reps, gap, out);
      char inline_text[64], region_text[64], worker_text[64];
      std::snprintf(inline_text, sizeof(inline_text), "%8.2f (%.2f-%.2f)", Percentile(inline_timing.call_us, 0.5),
                    Percentile(inline_timing.call_us, 0.1), Percentile(inline_timing.call_us, 0.9));
      std::snprintf(region_text, sizeof(region_text), "%8.2f (%.2f-%.2f)", Percentile(region.call_us, 0.5),
                    Percentile(region.call_us, 0.1), Percentile(region.call_us, 0.9));
      std::snprintf(worker_text, sizeof(worker_text), "%3.0f%%, %.2f us",
                    100.0 * static_cast<double>(region.worker_start_us.size()) / reps,
                    Percentile(region.worker_start_us, 0.5));
      const char* calls = gap == Gap::kNone ? "back to back" : gap == Gap::kBusy50us ? "50 us busy" : "1 ms asleep";
      std::printf("%-9zu %-13s %-24s %-24s %s\n", n, calls, inline_text, region_text, worker_text);
    }
  }

  // Right after a threaded OpenBLAS call, its threads spin (sched_yield) for a
  // while before sleeping, sharing the cores with a region.
  const std::size_t d = 256;
  std::vector<double> a(d * d, 0.5), c(d * d);
  std::vector<double> after_blas;
  for (int r = 0; r < 500; ++r) {
    blaskit::MatMul(a.data(), a.data(), c.data(), d, d, d);
    const Timing t = TimeRegions(100000, 0, 1, Gap::kNone, out);
    after_blas.push_back(t.call_us[0]);
  }
  std::printf("n=100000 region right after a 256^3 dgemm: %.2f (%.2f-%.2f)\n", Percentile(after_blas, 0.5),
              Percentile(after_blas, 0.1), Percentile(after_blas, 0.9));
  std::printf("load average after: %s\n", LoadAverage().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned expect_threads = 0;
  bool env_only = false, fork_tests = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--expect-threads=", 17) == 0) {
      expect_threads = static_cast<unsigned>(std::strtoul(argv[i] + 17, nullptr, 10));
    } else if (std::strcmp(argv[i], "--env-only") == 0) {
      env_only = true;
    } else if (std::strcmp(argv[i], "--no-fork") == 0) {
      fork_tests = false;
    } else if (std::strcmp(argv[i], "--bench") == 0) {
      return Bench();
    } else {
      std::fprintf(stderr, "pool_test: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (expect_threads != 0) TestDefaultThreads(expect_threads);
  if (!env_only) {
    TestWorkerFloatingPoint();
    TestCoverage();
    TestConcurrentCallers(300);
    TestExclusiveCompute();
    TestSetNumThreads();
    if (fork_tests) TestFork();
    TestBlasInfo();
  }
  std::printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
