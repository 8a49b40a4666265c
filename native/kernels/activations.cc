// The activations: the dispatched SIMD kernel, over chunks of the thread pool
// for large inputs.
#include "kernels/activations.h"

#include "kernels/dispatch.h"
#include "kernels/thresholds.h"
#include "parallel/pool.h"

namespace blaskit {

namespace {

void Run(UnaryKernel kernel, std::size_t min_parallel, const double* x, double* y, std::size_t n) {
  parallel::ParallelFor(n, min_parallel, kChunkAlign,
                        [&](std::size_t begin, std::size_t end) { kernel(x + begin, y + begin, end - begin); });
}
}  // namespace

void Sigmoid(const double* x, double* y, std::size_t n) { Run(Kernels().sigmoid, kParallelExpKernels, x, y, n); }
void SigmoidDerivative(const double* x, double* y, std::size_t n) {
  Run(Kernels().sigmoid_derivative, kParallelExpKernels, x, y, n);
}
void Tanh(const double* x, double* y, std::size_t n) { Run(Kernels().tanh, kParallelExpKernels, x, y, n); }
void TanhDerivative(const double* x, double* y, std::size_t n) {
  Run(Kernels().tanh_derivative, kParallelExpKernels, x, y, n);
}
void Relu(const double* x, double* y, std::size_t n) { Run(Kernels().relu, kParallelStreaming, x, y, n); }
void ReluDerivative(const double* x, double* y, std::size_t n) {
  Run(Kernels().relu_derivative, kParallelStreaming, x, y, n);
}

}  // namespace blaskit
