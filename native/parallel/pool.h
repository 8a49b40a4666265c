// One process-wide thread pool for elementwise and row kernels.
//
// The pool is shared by every caller in the process: the Node main thread,
// libuv pool threads running async jobs, and every worker_thread (each loads
// the same .so). Two rules keep that safe on a small machine:
//   - a parallel region never waits for the pool: when another region runs, or
//     an OpenBLAS call holds ExclusiveCompute, ParallelFor runs the whole range
//     on its caller instead, so the event loop is never stalled behind a long
//     job on another thread;
//   - pool threads and OpenBLAS's own threads never compute at the same time
//     (ExclusiveCompute), so the process never has twice as many busy threads
//     as cores.
// Threads are created lazily, never joined and never destroyed (see pool.cc).
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

namespace blaskit {
namespace parallel {

// SetNumThreads clamps to this; it also bounds the chunk index packed into the
// pool's claim word (pool.cc).
constexpr unsigned kMaxThreads = 64;

// Threads a parallel region may use, caller included (>= 1). Default: the
// BLASKIT_NUM_THREADS environment variable if it is a positive integer
// (clamped to kMaxThreads), else the CPUs this process may run on
// (sched_getaffinity, so `taskset` and container cpusets are respected; it is
// what OpenBLAS counts too), else std::thread::hardware_concurrency(). Read
// once, on first use. The default does not change OpenBLAS's own count
// (OPENBLAS_NUM_THREADS sets that); SetNumThreads sets both.
unsigned NumThreads() noexcept;

// Sets the count (clamped to [1, kMaxThreads]) and calls
// openblas_set_num_threads(n) so OpenBLAS's pool uses the same count.
// Thread-safe. Takes ExclusiveCompute for the OpenBLAS call (OpenBLAS 0.3.21
// resizes its pool unsafely if a BLAS call runs meanwhile), so it may wait for
// a running region or BLAS call; never call it from inside a RangeBody.
// Takes effect at the next region; workers beyond the new count stay asleep.
void SetNumThreads(unsigned n) noexcept;

// A non-owning reference to a callable `void(std::size_t begin, std::size_t
// end)`, like llvm::function_ref: two words, no allocation, copied freely. It
// must not outlive the callable it refers to; passing a lambda straight to
// ParallelFor is always fine.
//
// The callable must not throw: it is invoked through a noexcept thunk, so an
// escaping exception calls std::terminate (on a pool thread there would be
// nobody to catch it anyway).
class RangeBody {
 public:
  template <typename Callable, typename = std::enable_if_t<!std::is_same<std::decay_t<Callable>, RangeBody>::value>>
  RangeBody(Callable&& callable) noexcept  // NOLINT: implicit, so a lambda converts at the call
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(callable)))),
        thunk_(&Invoke<std::remove_reference_t<Callable>>) {}

  void operator()(std::size_t begin, std::size_t end) const noexcept { thunk_(object_, begin, end); }

 private:
  template <typename Callable>
  static void Invoke(void* object, std::size_t begin, std::size_t end) noexcept {
    (*static_cast<Callable*>(object))(begin, end);
  }

  void* object_;
  void (*thunk_)(void*, std::size_t, std::size_t) noexcept;
};

// Runs body over [0, n) split into at most NumThreads() contiguous chunks whose
// boundaries are multiples of `align` (0 is taken as 1; e.g. 8 doubles = 64
// bytes so chunks never share a cache line, or a row length for row kernels;
// the last chunk ends at n). Chunks are as equal as `align` allows and never
// empty.
//
// Runs body(0, n) on the caller, with no synchronisation, when NumThreads() is
// 1, when n < min_parallel, when n fits in one `align` block, when called from
// inside a RangeBody (nested regions run inline), or when the pool is busy:
// another region is running (from any thread) or an OpenBLAS call holds or
// awaits ExclusiveCompute. It never blocks waiting for the pool.
//
// In a region the caller computes too: it takes chunks until none is left, so
// a worker slow to wake costs the region nothing beyond doing its chunk
// inline; then it waits for the chunks workers took. Returns the number of
// chunks the range was split into (>= 2) when it ran on the pool, 1 when it
// ran inline.
//
// Body contract: noexcept (see RangeBody); it must not call OpenBLAS (blas.h),
// take ExclusiveCompute or call SetNumThreads: the region holds the pool, so
// any of those would wait for the region it runs in.
unsigned ParallelFor(std::size_t n, std::size_t min_parallel, std::size_t align, RangeBody body) noexcept;

// RAII, held around every OpenBLAS call (native/blas/blas.cc, inside its
// FairLock): waits for a running parallel region to end, and from the moment
// it starts waiting until it is released every new region runs inline, so pool
// threads and OpenBLAS's threads never compute at the same time. Spinning
// workers go to sleep as soon as one is requested.
//
// Holders exclude each other (it is a mutex underneath), so hold it only
// around OpenBLAS calls and never inside a RangeBody. Not recursive.
class ExclusiveCompute {
 public:
  ExclusiveCompute() noexcept;
  ~ExclusiveCompute();
  ExclusiveCompute(const ExclusiveCompute&) = delete;
  ExclusiveCompute& operator=(const ExclusiveCompute&) = delete;

 private:
  // The pool locked by the constructor (after a fork() the process's pool is
  // replaced, and the destructor must release the one it locked); null when
  // there was none to lock.
  void* pool_;
};

}  // namespace parallel
}  // namespace blaskit
