// Sizes (in elements, float64 and float32 alike) from which a kernel splits
// its work across the thread pool. Below them one thread is faster: waking a
// worker and joining it costs more than the work it would take over.
// Measured on a 2-core Zen 5 (`npm run bench:native` prints the one- and
// two-thread times per size).
#pragma once

#include <cstddef>

namespace blaskit {

// sigmoid, tanh, their derivatives, softmax: ~1.5 ns per element of
// arithmetic. Measured (sigmoid, 2 threads against 1): calls back to back,
// while the worker still spins, gain 2x from 32768 elements; an isolated call
// waits 27-180 us for a sleeping worker to wake on this VM and loses up to
// 15% at 65536, gains from 131072. 65536 favours loops of calls.
constexpr std::size_t kParallelExpKernels = 1 << 16;
// relu, its derivative, multiply, outer, normalizeRows: bound by memory
// bandwidth, which a second core raises by 1.5-2.8x only once the data is
// large (relu at 1e6: 2.8x back to back, 1.5x isolated; at 262144, nothing).
constexpr std::size_t kParallelStreaming = 1 << 19;

// Small matrix products (kernels/products.h), in multiply-adds: about 25 us
// of arithmetic on one core here, past the wake-up of a sleeping worker.
constexpr std::size_t kParallelProducts = 1 << 20;

// Element chunks start on 64-byte lines (8 doubles, 16 floats), so two
// threads never write the same cache line.
template <typename T>
constexpr std::size_t ChunkAlign() {
  return 64 / sizeof(T);
}

// The rows from which a row kernel splits (ParallelFor's min_parallel, in
// rows): enough rows to hold `min_elements` elements, and at least 2.
inline std::size_t MinParallelRows(std::size_t cols, std::size_t min_elements) {
  return cols >= min_elements ? 2 : (min_elements + cols - 1) / cols;
}

}  // namespace blaskit
