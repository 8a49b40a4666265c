// Sizes (in elements) from which a kernel splits its work across the thread
// pool. Below them one thread is faster: waking a worker and joining it costs
// more than the work it would take over. Measured on a 2-core Zen 5
// (`npm run bench:native` prints the one- and two-thread times per size).
#pragma once

#include <cstddef>

namespace blaskit {

// sigmoid, tanh, their derivatives, softmax: ~1 ns per element of arithmetic.
constexpr std::size_t kParallelExpKernels = 1 << 15;
// relu, its derivative, multiply, outer, normalizeRows: bound by memory
// bandwidth, which a second core raises only a little.
constexpr std::size_t kParallelStreaming = 1 << 19;

}  // namespace blaskit
