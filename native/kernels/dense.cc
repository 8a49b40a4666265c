#include "kernels/dense.h"

#include <algorithm>
#include <memory>
#include <new>

#include "blas/blas.h"
#include "kernels/binary.h"
#include "kernels/dispatch.h"
#include "kernels/rows.h"
#include "kernels/thresholds.h"
#include "parallel/pool.h"

namespace blaskit {

namespace {

// Rows per block: about 16 KiB of y, whole blocks of the product kernel's 4 rows.
std::size_t BlockRows(std::size_t n) { return std::max<std::size_t>(4, (2048 / n) / 4 * 4); }

// Bias, then activation, over `rows` rows of y, in place. `scratch` holds
// SoftmaxScratch<T>(n) doubles for softmax (nullptr: softmax falls back to
// SoftmaxRows, which finds its own).
template <typename T>
void BiasAndActivation(const ElementKernels<T>& kernels, T* y, std::size_t rows, std::size_t n, const T* bias,
                       Activation activation, double* scratch) {
  if (bias != nullptr) {
    const auto add = kernels.binary[static_cast<unsigned>(BinaryOp::kAdd)];
    for (std::size_t r = 0; r < rows; ++r) add(y + r * n, bias, y + r * n, n);
  }
  switch (activation) {
    case Activation::kNone:
      return;
    case Activation::kRelu:
      return kernels.relu(y, y, rows * n);
    case Activation::kSigmoid:
      return kernels.sigmoid(y, y, rows * n);
    case Activation::kTanh:
      return kernels.tanh(y, y, rows * n);
    case Activation::kSoftmax:
      if (scratch != nullptr) return kernels.softmax_rows(y, y, rows, n, scratch);
      return SoftmaxRows(y, y, rows, n);
  }
}

template <typename T>
void DenseOf(const T* x, const T* w, const T* bias, T* y, std::size_t m, std::size_t k, std::size_t n,
             Activation activation) {
  if (m == 0 || n == 0) return;
  const ElementKernels<T>& kernels = Kernels().For<T>();
  const ProductKernel product = ChooseProductKernel(m, k, n);
  const bool small = product != ProductKernel::kBlas;
  if (!small) MatMul(x, w, y, m, k, n);
  // Work per row: the product's k n multiply-adds when it runs here, else
  // the bias and activation's n elements.
  const std::size_t min_rows =
      small ? MinParallelRows(k * n, kParallelProducts) : MinParallelRows(n, kParallelStreaming);
  const std::size_t block = BlockRows(n);
  parallel::ParallelFor(m, min_rows, 4, [&](std::size_t begin, std::size_t end) {
    std::unique_ptr<double[]> scratch;
    if (activation == Activation::kSoftmax) scratch.reset(new (std::nothrow) double[SoftmaxScratch<T>(n)]);
    for (std::size_t row = begin; row < end; row += block) {
      const std::size_t rows = std::min(block, end - row);
      T* y_rows = y + row * n;
      if (product == ProductKernel::kSmallMatMul) {
        kernels.mat_mul_small(x + row * k, w, y_rows, rows, k, n);
      } else if (product == ProductKernel::kSmallMatVec) {
        kernels.mat_vec_small(x + row * k, rows, k, w, y_rows);
      }
      BiasAndActivation(kernels, y_rows, rows, n, bias, activation, scratch.get());
    }
  });
}

}  // namespace

void Dense(const double* x, const double* w, const double* bias, double* y, std::size_t m, std::size_t k, std::size_t n,
           Activation activation) {
  DenseOf(x, w, bias, y, m, k, n, activation);
}
void Dense(const float* x, const float* w, const float* bias, float* y, std::size_t m, std::size_t k, std::size_t n,
           Activation activation) {
  DenseOf(x, w, bias, y, m, k, n, activation);
}

}  // namespace blaskit
