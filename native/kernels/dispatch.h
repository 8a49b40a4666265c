// Runtime choice of the SIMD target the kernels run on.
//
// native/kernels/simd/ is compiled once per target (AVX-512 = x86-64-v4,
// AVX2 = x86-64-v3, baseline x86-64; on other architectures the baseline
// only, which on arm64 is NEON). At load time the best target the CPU and OS
// support is chosen, unless the environment variable
// BLASKIT_DISABLE_TARGETS (a comma-separated list of `avx512`, `avx2`) rules
// it out: that is how tests and users force a lower target.
//
// Manual dispatch rather than GCC's target_clones: an ifunc resolver cannot
// be steered by an environment variable, and one table per target keeps each
// target's inline helpers in its own namespace (no ODR mixing of AVX-512 code
// into the baseline path).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace blaskit {

// The kernels of one element type: double, or float (issue 14: the float
// activations and rows compute in double and round once, kernels/activations.h).
template <typename T>
struct ElementKernels {
  using Unary = void (*)(const T* x, T* y, std::size_t n);
  // out[i] = a[i] op b[i]; out[i] = a[i] op s; out[i] = s op a[i] (kernels/binary.h).
  using Binary = void (*)(const T* a, const T* b, T* out, std::size_t n);
  using ArrayScalar = void (*)(const T* a, T s, T* out, std::size_t n);
  using ScalarArray = void (*)(T s, const T* a, T* out, std::size_t n);

  Unary sigmoid;
  Unary sigmoid_derivative;
  Unary tanh;
  Unary tanh_derivative;
  Unary relu;
  Unary relu_derivative;
  // `scratch` holds SoftmaxScratch<T>(cols) doubles.
  void (*softmax_rows)(const T* x, T* y, std::size_t rows, std::size_t cols, double* scratch);
  void (*normalize_rows)(const T* x, T* y, std::size_t rows, std::size_t cols);
  // Indexed by BinaryOp (add, subtract, multiply, divide).
  Binary binary[4];
  ArrayScalar binary_array_scalar[4];
  ScalarArray binary_scalar_array[4];
  // C = A B and y = A x, small and single-threaded (kernels/products.h).
  void (*mat_mul_small)(const T* a, const T* b, T* c, std::size_t m, std::size_t k, std::size_t n);
  void (*mat_vec_small)(const T* a, std::size_t rows, std::size_t cols, const T* x, T* y);
};

// The doubles of scratch a softmax row of `cols` needs: the low parts of its
// exponentials; for float rows their high parts too (a float row cannot hold
// them).
template <typename T>
constexpr std::size_t SoftmaxScratch(std::size_t cols) {
  return sizeof(T) == sizeof(double) ? cols : 3 * cols;
}

struct KernelTable {
  const char* target;  // "avx512", "avx2" or "baseline"
  ElementKernels<double> f64;
  ElementKernels<float> f32;

  template <typename T>
  const ElementKernels<T>& For() const;
};

template <>
inline const ElementKernels<double>& KernelTable::For<double>() const {
  return f64;
}
template <>
inline const ElementKernels<float>& KernelTable::For<float>() const {
  return f32;
}

// The table chosen at first use (thread-safe, then constant).
const KernelTable& Kernels();

struct DispatchInfo {
  std::string target;                  // the chosen one
  bool forced;                         // a better one exists but was disabled
  std::string disabled;                // BLASKIT_DISABLE_TARGETS as read
  std::vector<std::string> supported;  // by this build and CPU, best first
};
DispatchInfo GetDispatchInfo();

}  // namespace blaskit
