// The activations: the dispatched SIMD kernel, over chunks of the thread pool
// for large inputs. float32 (issue 14) runs the float entries of the same
// table on the same thresholds, in elements.
#include "kernels/activations.h"

#include "kernels/dispatch.h"
#include "kernels/thresholds.h"
#include "parallel/pool.h"

namespace blaskit {

namespace {

template <typename T>
void Run(typename ElementKernels<T>::Unary kernel, std::size_t min_parallel, const T* x, T* y, std::size_t n) {
  parallel::ParallelFor(n, min_parallel, ChunkAlign<T>(),
                        [&](std::size_t begin, std::size_t end) { kernel(x + begin, y + begin, end - begin); });
}

template <typename T>
const ElementKernels<T>& Table() {
  return Kernels().For<T>();
}

}  // namespace

#define BLASKIT_ACTIVATIONS(T)                                                                                \
  void Sigmoid(const T* x, T* y, std::size_t n) { Run<T>(Table<T>().sigmoid, kParallelExpKernels, x, y, n); } \
  void SigmoidDerivative(const T* x, T* y, std::size_t n) {                                                   \
    Run<T>(Table<T>().sigmoid_derivative, kParallelExpKernels, x, y, n);                                      \
  }                                                                                                           \
  void Tanh(const T* x, T* y, std::size_t n) { Run<T>(Table<T>().tanh, kParallelExpKernels, x, y, n); }       \
  void TanhDerivative(const T* x, T* y, std::size_t n) {                                                      \
    Run<T>(Table<T>().tanh_derivative, kParallelExpKernels, x, y, n);                                         \
  }                                                                                                           \
  void Relu(const T* x, T* y, std::size_t n) { Run<T>(Table<T>().relu, kParallelStreaming, x, y, n); }        \
  void ReluDerivative(const T* x, T* y, std::size_t n) {                                                      \
    Run<T>(Table<T>().relu_derivative, kParallelStreaming, x, y, n);                                          \
  }
BLASKIT_ACTIVATIONS(double)
BLASKIT_ACTIVATIONS(float)
#undef BLASKIT_ACTIVATIONS

}  // namespace blaskit
