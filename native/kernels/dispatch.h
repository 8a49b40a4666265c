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

using UnaryKernel = void (*)(const double* x, double* y, std::size_t n);
// out[i] = a[i] op b[i]; out[i] = a[i] op s; out[i] = s op a[i] (kernels/binary.h).
using BinaryKernel = void (*)(const double* a, const double* b, double* out, std::size_t n);
using ArrayScalarKernel = void (*)(const double* a, double s, double* out, std::size_t n);
using ScalarArrayKernel = void (*)(double s, const double* a, double* out, std::size_t n);

struct KernelTable {
  const char* target;  // "avx512", "avx2" or "baseline"
  UnaryKernel sigmoid;
  UnaryKernel sigmoid_derivative;
  UnaryKernel tanh;
  UnaryKernel tanh_derivative;
  UnaryKernel relu;
  UnaryKernel relu_derivative;
  void (*multiply)(const double* a, const double* b, double* out, std::size_t n);
  void (*multiply_by_scalar)(const double* a, double s, double* out, std::size_t n);
  // `scratch` holds `cols` doubles (the low parts of the row's exponentials).
  void (*softmax_rows)(const double* x, double* y, std::size_t rows, std::size_t cols, double* scratch);
  void (*normalize_rows)(const double* x, double* y, std::size_t rows, std::size_t cols);
  // Indexed by BinaryOp (add, subtract, multiply, divide); the multiply
  // entries are `multiply` and `multiply_by_scalar` themselves.
  BinaryKernel binary[4];
  ArrayScalarKernel binary_array_scalar[4];
  ScalarArrayKernel binary_scalar_array[4];
  // C = A B and y = A x, small and single-threaded (kernels/products.h).
  void (*mat_mul_small)(const double* a, const double* b, double* c, std::size_t m, std::size_t k, std::size_t n);
  void (*mat_vec_small)(const double* a, std::size_t rows, std::size_t cols, const double* x, double* y);
};

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
