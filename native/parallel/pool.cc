#include "parallel/pool.h"

#include <cblas.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cfenv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace blaskit {
namespace parallel {

namespace {

// How long an idle worker spins before sleeping on its condition variable,
// and how long a caller spins for the workers' chunks before sleeping. On the
// 2-core VM a sleeping worker takes 30-200 µs to wake (futex wake of a halted
// vCPU), longer than a whole 1e5-element region, while a spinning one joins
// within 0.4 µs (scripts/test-pool.sh --bench). Kernels come in bursts (a
// model's layers, a request handler's calls), so a worker that spins a little
// after each region catches the next one; an idle pool sleeps.
constexpr std::chrono::microseconds kWorkerSpin{100};
constexpr std::chrono::microseconds kCallerSpin{200};
// Spinning pauses for this many rounds (~25 ns each on Zen 5), enough for a
// hand-off between two free cores, then calls sched_yield() each round. When
// other processes hold the other cores, the caller and a worker can share one
// core, and a thread spinning on pause keeps the other off it until its time
// slice ends: regions of 16 elements took 110 µs at p90 that way.
constexpr unsigned kPauseRounds = 128;

// The claim word packs, from the top, the region's generation, its chunk
// count and the index of the next unclaimed chunk (chunks <= kMaxThreads, so
// 7 bits each). Claiming a chunk is a compare-exchange on the whole word, so
// a worker that wakes late, after its region has ended and another began,
// cannot take a chunk of the new region believing it belongs to the old one.
// The count is in the word, not beside it, because the next region's caller
// writes its fields while the word still shows the old region: a worker that
// read the new, larger count there could claim an index the old region never
// had (TSan found exactly that). Everything else about a region is read only
// after a claim succeeds, when the region cannot end before the chunk does.
constexpr unsigned kIndexBits = 7;
static_assert(kMaxThreads < (1u << kIndexBits), "chunk index and count must fit their bits");
constexpr std::uint64_t kIndexMask = (std::uint64_t{1} << kIndexBits) - 1;

std::uint64_t MakeClaim(std::uint64_t generation, unsigned chunks) {
  return (generation << (2 * kIndexBits)) | (std::uint64_t{chunks} << kIndexBits);
}
std::uint64_t GenerationOf(std::uint64_t claim) { return claim >> (2 * kIndexBits); }
unsigned ChunksOf(std::uint64_t claim) { return static_cast<unsigned>((claim >> kIndexBits) & kIndexMask); }
unsigned IndexOf(std::uint64_t claim) { return static_cast<unsigned>(claim & kIndexMask); }

void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

// Spins until done() (returns true) or give_up() or the budget is spent
// (returns false).
template <typename Done, typename GiveUp>
bool SpinUntil(Done done, GiveUp give_up, std::chrono::microseconds budget) {
  const auto deadline = std::chrono::steady_clock::now() + budget;
  for (unsigned round = 0;; ++round) {
    if (done()) return true;
    if (give_up()) return false;
    if (round < kPauseRounds) {
      CpuRelax();
    } else {
      sched_yield();
      if (std::chrono::steady_clock::now() > deadline) return false;
    }
  }
}

// True on pool threads always, and on a caller while it runs chunks: a
// ParallelFor inside a body then runs inline instead of try-locking a mutex
// its own thread may hold (undefined for std::mutex) or waiting for itself.
thread_local bool t_in_region = false;

struct Pool {
  explicit Pool(pid_t owner) : pid(owner) {}

  // The process that built this pool. After fork() the child has none of the
  // worker threads, and `busy` may be held by a thread that does not exist
  // there, so the child builds a fresh pool (CurrentPool).
  const pid_t pid;

  // Held by the caller running a region (try_lock: never waited for) and by
  // ExclusiveCompute (lock: waits for the region).
  std::mutex busy;
  // Holders and waiters of ExclusiveCompute. Non-zero keeps new regions
  // inline, so a BLAS call waits for at most the region already running, not
  // for a stream of regions from a busy event loop.
  std::atomic<unsigned> exclusive_requests{0};

  // Touched only by the thread holding `busy` for a region.
  std::uint64_t generation = 0;
  unsigned workers = 0;  // threads started (they never exit)
  bool spawn_failed = false;

  // The current region, written before the release store of `claim` that
  // publishes it, read by a worker only after it claimed a chunk. Plain on
  // purpose: a read outside that protocol is then a data race TSan reports.
  const RangeBody* body = nullptr;
  std::size_t n = 0;
  std::size_t align = 1;
  std::atomic<std::uint64_t> claim{0};  // generation 0, no chunks
  std::atomic<unsigned> pending{0};     // chunks not yet finished

  // Sleeping: worker i waits on sleepers[i].wake for a new generation, a
  // caller on `done` for its last chunk. One condition variable per worker so
  // a region wakes only the workers it wants: after SetNumThreads(64) then
  // SetNumThreads(2), each region would otherwise wake 62 idle threads. The
  // flags let the other side skip the mutex and the futex call when nobody
  // sleeps (seq_cst on both sides, Dekker-style).
  struct Sleeper {
    std::condition_variable wake;
    std::atomic<bool> asleep{false};
  };
  std::mutex sleep_mutex;
  Sleeper sleepers[kMaxThreads - 1];
  std::condition_variable done;
  std::atomic<bool> caller_sleeping{false};
};

std::atomic<Pool*> g_pool{nullptr};
std::atomic<unsigned> g_num_threads{0};  // 0: not read yet

// The process's pool, built on first use and rebuilt in a forked child. The
// pool is never destroyed: a libuv thread may be inside a region while the
// process exits, and the workers are detached threads that must find it alive
// until the kernel reclaims them. Null only if a child cannot allocate one.
// This process's id. getpid() is a system call, measured at about 1 us on
// the VMs here: paid by every OpenBLAS call (ExclusiveCompute), it was most of
// a small product's cost. So the id is read once and refreshed in a forked
// child by an atfork handler, registered before the first read is published.
std::atomic<pid_t> g_pid{0};

void RefreshPid() noexcept { g_pid.store(getpid(), std::memory_order_relaxed); }

pid_t CurrentPid() noexcept {
  pid_t pid = g_pid.load(std::memory_order_relaxed);
  if (pid != 0) return pid;
  static const bool registered = pthread_atfork(nullptr, nullptr, RefreshPid) == 0;
  pid = getpid();
  // Without the handler a child could inherit a stale id: then never cache.
  if (registered) g_pid.store(pid, std::memory_order_relaxed);
  return pid;
}

Pool* CurrentPool() noexcept {
  Pool* pool = g_pool.load(std::memory_order_acquire);
  const pid_t pid = CurrentPid();
  if (pool != nullptr && pool->pid == pid) return pool;
  Pool* fresh = new (std::nothrow) Pool(pid);
  if (fresh == nullptr) return nullptr;
  if (g_pool.compare_exchange_strong(pool, fresh, std::memory_order_acq_rel)) return fresh;
  delete fresh;  // another thread of this process installed one first
  return pool->pid == pid ? pool : nullptr;
}

unsigned ClampThreads(unsigned long long n) {
  return static_cast<unsigned>(std::min<unsigned long long>(std::max<unsigned long long>(n, 1), kMaxThreads));
}

// BLASKIT_NUM_THREADS as a positive integer (digits only; too large clamps),
// or 0 when unset or anything else.
unsigned long long ThreadsFromEnvironment() {
  const char* text = std::getenv("BLASKIT_NUM_THREADS");
  if (text == nullptr || *text == '\0') return 0;
  unsigned long long value = 0;
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c < '0' || *c > '9') return 0;
    value = std::min<unsigned long long>(value * 10 + static_cast<unsigned>(*c - '0'), 1000000);
  }
  return value;
}

unsigned DefaultNumThreads() {
  if (const unsigned long long from_env = ThreadsFromEnvironment()) return ClampThreads(from_env);
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) > 0) {
    return ClampThreads(static_cast<unsigned>(CPU_COUNT(&cpus)));
  }
  return ClampThreads(std::thread::hardware_concurrency());  // 0 when unknown: clamps to 1
}

// Chunk c of `chunks` over [0, n) in whole `align` blocks. begin < end always,
// since chunks <= the block count; start * align cannot overflow because
// every start before the last block is below n.
void RunChunk(const RangeBody& body, std::size_t n, std::size_t align, unsigned chunks, unsigned c) noexcept {
  const std::size_t blocks = n / align + (n % align != 0);
  const std::size_t base = blocks / chunks;
  const std::size_t extra = blocks % chunks;
  auto start = [&](std::size_t i) { return i * base + std::min<std::size_t>(i, extra); };
  const std::size_t begin = start(c) * align;
  const std::size_t end = c + 1 == chunks ? n : start(c + 1) * align;
  body(begin, end);
}

// Finishing a chunk: the thread that finishes the last one wakes the caller if
// it went to sleep.
void FinishChunk(Pool& pool) {
  if (pool.pending.fetch_sub(1, std::memory_order_seq_cst) == 1 &&
      pool.caller_sleeping.load(std::memory_order_seq_cst)) {
    std::lock_guard<std::mutex> guard(pool.sleep_mutex);
    pool.done.notify_all();
  }
}

// Takes and runs chunks of generation `generation` until none is left.
void TakeChunks(Pool& pool, std::uint64_t generation) noexcept {
  std::uint64_t claim = pool.claim.load(std::memory_order_acquire);
  for (;;) {
    if (GenerationOf(claim) != generation || IndexOf(claim) >= ChunksOf(claim)) return;
    if (!pool.claim.compare_exchange_weak(claim, claim + 1, std::memory_order_acq_rel, std::memory_order_acquire)) {
      continue;  // `claim` now holds the current word
    }
    // Claimed: the region's fields are this generation's until FinishChunk.
    RunChunk(*pool.body, pool.n, pool.align, ChunksOf(claim), IndexOf(claim));
    FinishChunk(pool);
    claim = pool.claim.load(std::memory_order_acquire);
  }
}

// Waits, as worker `index`, for a generation other than `seen`; returns the
// claim word showing it.
std::uint64_t WaitForRegion(Pool& pool, unsigned index, std::uint64_t seen, bool spin) {
  std::uint64_t claim = 0;
  auto published = [&] {
    claim = pool.claim.load(std::memory_order_acquire);
    return GenerationOf(claim) != seen;
  };
  // OpenBLAS is about to compute: free the core for its threads now.
  auto blas_waiting = [&] { return pool.exclusive_requests.load(std::memory_order_relaxed) != 0; };
  if (spin && SpinUntil(published, blas_waiting, kWorkerSpin)) return claim;
  Pool::Sleeper& sleeper = pool.sleepers[index];
  std::unique_lock<std::mutex> guard(pool.sleep_mutex);
  sleeper.asleep.store(true, std::memory_order_seq_cst);
  sleeper.wake.wait(guard, [&] {
    claim = pool.claim.load(std::memory_order_seq_cst);
    return GenerationOf(claim) != seen;
  });
  sleeper.asleep.store(false, std::memory_order_relaxed);
  return claim;
}

void WorkerMain(Pool* pool, unsigned index, std::uint64_t seen) {
  t_in_region = true;  // a body's nested ParallelFor runs inline here too
  // A new thread inherits its creator's floating-point environment (MXCSR),
  // and the first region may come from any thread of the process: start from
  // the IEEE default JavaScript assumes (round to nearest, no flush-to-zero).
  std::fesetenv(FE_DFL_ENV);
  bool took_part = false;
  for (;;) {
    const std::uint64_t claim = WaitForRegion(*pool, index, seen, took_part);
    seen = GenerationOf(claim);
    // Workers 0..chunks-2 help the caller. One beyond (SetNumThreads lowered,
    // or a short range) stays out and goes back to sleep without spinning;
    // only a spurious wake-up or a later region wanting it brings it back.
    took_part = index + 1 < ChunksOf(claim);
    if (took_part) TakeChunks(*pool, seen);
  }
}

// Starts workers until `wanted` exist (or starting one fails, e.g. EAGAIN in a
// container's thread limit: the pool then makes do with those it has, and
// stops trying). Returns how many exist. Workers block every signal, so
// process-directed signals (SIGINT, SIGCHLD) still go to Node's threads, and
// they are detached: nothing joins them, nothing keeps the process alive for
// them.
unsigned EnsureWorkers(Pool& pool, unsigned wanted) noexcept {
  if (pool.workers >= wanted || pool.spawn_failed) return pool.workers;
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  while (pool.workers < wanted) {
    try {
      std::thread worker(WorkerMain, &pool, pool.workers, pool.generation);
      pthread_setname_np(worker.native_handle(), "blaskit-pool");
      worker.detach();
      ++pool.workers;
    } catch (...) {  // std::system_error, or std::bad_alloc for the thread's state
      pool.spawn_failed = true;
      break;
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return pool.workers;
}

// Waits, as the region's caller, for the chunks the workers took.
void AwaitChunks(Pool& pool) {
  auto finished = [&] { return pool.pending.load(std::memory_order_acquire) == 0; };
  auto never = [] { return false; };
  if (SpinUntil(finished, never, kCallerSpin)) return;
  // A worker is descheduled (more runnable threads than cores), or its chunk
  // is long: sleep rather than hold a core.
  std::unique_lock<std::mutex> guard(pool.sleep_mutex);
  pool.caller_sleeping.store(true, std::memory_order_seq_cst);
  pool.done.wait(guard, [&] { return pool.pending.load(std::memory_order_seq_cst) == 0; });
  pool.caller_sleeping.store(false, std::memory_order_relaxed);
}

// Releases the pool on every path out of a region.
class RegionHold {
 public:
  explicit RegionHold(Pool& pool) : pool_(pool) {}
  ~RegionHold() { pool_.busy.unlock(); }
  RegionHold(const RegionHold&) = delete;
  RegionHold& operator=(const RegionHold&) = delete;

 private:
  Pool& pool_;
};

unsigned RunInline(std::size_t n, const RangeBody& body) noexcept {
  body(0, n);
  return 1;
}

}  // namespace

unsigned NumThreads() noexcept {
  const unsigned n = g_num_threads.load(std::memory_order_relaxed);
  if (n != 0) return n;
  unsigned expected = 0;
  const unsigned fallback = DefaultNumThreads();
  // A concurrent SetNumThreads wins over the default.
  return g_num_threads.compare_exchange_strong(expected, fallback, std::memory_order_relaxed) ? fallback : expected;
}

void SetNumThreads(unsigned n) noexcept {
  const unsigned clamped = ClampThreads(n);
  g_num_threads.store(clamped, std::memory_order_relaxed);
  ExclusiveCompute hold;
  openblas_set_num_threads(static_cast<int>(clamped));
}

unsigned ParallelFor(std::size_t n, std::size_t min_parallel, std::size_t align, RangeBody body) noexcept {
  if (align == 0) align = 1;
  // The cheap reasons to stay inline first: most calls from small inputs end
  // here, before any shared memory is touched.
  if (n < min_parallel || n <= align || t_in_region) return RunInline(n, body);
  const unsigned threads = NumThreads();
  if (threads < 2) return RunInline(n, body);

  Pool* pool = CurrentPool();
  if (pool == nullptr || pool->exclusive_requests.load(std::memory_order_acquire) != 0 || !pool->busy.try_lock()) {
    return RunInline(n, body);
  }
  RegionHold hold(*pool);
  // An OpenBLAS caller may have arrived between the check and the try_lock:
  // let it have the pool now rather than after this region.
  if (pool->exclusive_requests.load(std::memory_order_acquire) != 0) return RunInline(n, body);

  const std::size_t blocks = n / align + (n % align != 0);
  unsigned chunks = static_cast<unsigned>(std::min<std::size_t>(threads, blocks));
  chunks = std::min(chunks, EnsureWorkers(*pool, chunks - 1) + 1);
  if (chunks < 2) return RunInline(n, body);

  const std::uint64_t generation = ++pool->generation;
  pool->body = &body;
  pool->n = n;
  pool->align = align;
  pool->pending.store(chunks, std::memory_order_relaxed);
  // Publishes the above; seq_cst against the workers' `asleep` flags below.
  pool->claim.store(MakeClaim(generation, chunks), std::memory_order_seq_cst);
  std::unique_lock<std::mutex> guard(pool->sleep_mutex, std::defer_lock);
  for (unsigned i = 0; i + 1 < chunks; ++i) {
    Pool::Sleeper& sleeper = pool->sleepers[i];
    if (!sleeper.asleep.load(std::memory_order_seq_cst)) continue;
    if (!guard.owns_lock()) guard.lock();
    sleeper.wake.notify_one();
  }
  if (guard.owns_lock()) guard.unlock();

  t_in_region = true;
  TakeChunks(*pool, generation);
  t_in_region = false;
  AwaitChunks(*pool);
  return chunks;
}

ExclusiveCompute::ExclusiveCompute() noexcept : pool_(CurrentPool()) {
  if (pool_ == nullptr) return;  // a forked child that could not allocate a pool runs no regions
  Pool& pool = *static_cast<Pool*>(pool_);
  pool.exclusive_requests.fetch_add(1, std::memory_order_acq_rel);
  pool.busy.lock();
}

ExclusiveCompute::~ExclusiveCompute() {
  if (pool_ == nullptr) return;
  Pool& pool = *static_cast<Pool*>(pool_);
  pool.busy.unlock();
  pool.exclusive_requests.fetch_sub(1, std::memory_order_acq_rel);
}

}  // namespace parallel
}  // namespace blaskit
