#include "kernels/rows.h"

#include <cmath>
#include <limits>
#include <memory>
#include <new>

#include "kernels/dispatch.h"
#include "kernels/thresholds.h"
#include "parallel/pool.h"

namespace blaskit {

void SoftmaxRow(const double* x, double* y, std::size_t cols) {
  if (cols == 0) return;
  // The row maximum, NaN if the row holds one (then every output is NaN).
  double max = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < cols; ++j) {
    if (std::isnan(x[j])) {
      max = x[j];
      break;
    }
    if (x[j] > max) max = x[j];
  }
  double sum = 0.0;
  for (std::size_t j = 0; j < cols; ++j) {
    const double e = std::exp(x[j] - max);  // <= 1: never overflows
    y[j] = e;
    sum += e;  // >= 1 unless the row is NaN: the division below is safe
  }
  for (std::size_t j = 0; j < cols; ++j) y[j] /= sum;
}

namespace {
// x * 2^k without rounding, for k as large as 1074 + 1023 (a row whose largest
// magnitude is the smallest subnormal): split so no factor overflows.
struct PowerOfTwoScale {
  double first;
  double second;
  double Apply(double v) const { return v * first * second; }
};

PowerOfTwoScale ScaleToUnit(double max_abs) {
  int exponent = 0;
  std::frexp(max_abs, &exponent);  // max_abs = m * 2^exponent, m in [0.5, 1)
  const int k = -exponent;         // max_abs * 2^k lies in [0.5, 1)
  const int half = k / 2;
  return {std::ldexp(1.0, half), std::ldexp(1.0, k - half)};
}
}  // namespace

void NormalizeRow(const double* x, double* y, std::size_t cols) {
  double max_abs = 0.0;
  bool has_nan = false;
  for (std::size_t j = 0; j < cols; ++j) {
    const double a = std::fabs(x[j]);
    has_nan |= std::isnan(a);
    if (a > max_abs) max_abs = a;
  }
  if (has_nan) {
    for (std::size_t j = 0; j < cols; ++j) y[j] = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  if (max_abs == 0.0) {  // all-zero row: stays zero (keeps the signs of -0)
    for (std::size_t j = 0; j < cols; ++j) y[j] = x[j];
    return;
  }
  if (std::isinf(max_abs)) {  // x / Inf: NaN at the infinities, +-0 elsewhere
    for (std::size_t j = 0; j < cols; ++j) y[j] = x[j] / max_abs;
    return;
  }
  const PowerOfTwoScale scale = ScaleToUnit(max_abs);
  double sum_of_squares = 0.0;
  for (std::size_t j = 0; j < cols; ++j) {
    const double s = scale.Apply(x[j]);
    sum_of_squares += s * s;
  }
  // In scaled units the norm lies in [0.5, sqrt(cols)]: no overflow, and the
  // element itself is divided by it, so there is no second scaling to round.
  const double norm = std::sqrt(sum_of_squares);
  for (std::size_t j = 0; j < cols; ++j) y[j] = scale.Apply(x[j]) / norm;
}

namespace {

// Scratch rows up to this many doubles (32 KiB) live on the stack of the
// thread running the chunk; longer rows allocate theirs.
constexpr std::size_t kStackScratch = 4096;

// Float rows whose scratch cannot be found: each element widened on the fly
// through the scalar reference's steps (max, sum, then e^(x - max) / sum,
// recomputed), with no scratch. Within a few ULP like SoftmaxRow, not the
// kernel's bits: only reached when cols * 16 bytes cannot be allocated.
void SoftmaxRowWithoutScratch(const float* x, float* y, std::size_t cols) {
  double max = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < cols; ++j) {
    const double v = x[j];
    if (std::isnan(v)) {
      max = v;
      break;
    }
    if (v > max) max = v;
  }
  double sum = 0.0;
  for (std::size_t j = 0; j < cols; ++j) sum += std::exp(static_cast<double>(x[j]) - max);
  for (std::size_t j = 0; j < cols; ++j) y[j] = static_cast<float>(std::exp(static_cast<double>(x[j]) - max) / sum);
}

void SoftmaxRowWithoutScratch(const double* x, double* y, std::size_t cols) { SoftmaxRow(x, y, cols); }

template <typename T>
void SoftmaxRowsOf(const T* x, T* y, std::size_t rows, std::size_t cols) {
  // An empty array has nothing to do: do not walk up to 2^53 empty rows of a
  // (2^40, 0) array, nor allocate a row's scratch for a (0, 2^40) one. Both
  // found by the fuzzer.
  if (cols == 0 || rows == 0) return;
  const ElementKernels<T>& kernels = Kernels().For<T>();
  const std::size_t scratch_size = SoftmaxScratch<T>(cols);
  parallel::ParallelFor(rows, MinParallelRows(cols, kParallelExpKernels), 1, [&](std::size_t begin, std::size_t end) {
    if (begin == end) return;
    // The parts of a row's exponentials the row itself cannot hold, one row
    // at a time per chunk.
    double on_stack[kStackScratch];
    std::unique_ptr<double[]> on_heap;
    double* scratch = on_stack;
    if (scratch_size > kStackScratch) {
      on_heap.reset(new (std::nothrow) double[scratch_size]);
      scratch = on_heap.get();
    }
    if (scratch != nullptr) {
      kernels.softmax_rows(x + begin * cols, y + begin * cols, end - begin, cols, scratch);
    } else {  // a row too long to find scratch memory for: the scalar reference
      for (std::size_t i = begin; i < end; ++i) SoftmaxRowWithoutScratch(x + i * cols, y + i * cols, cols);
    }
  });
}

template <typename T>
void NormalizeRowsOf(const T* x, T* y, std::size_t rows, std::size_t cols) {
  if (cols == 0) return;  // see SoftmaxRowsOf
  const ElementKernels<T>& kernels = Kernels().For<T>();
  parallel::ParallelFor(rows, MinParallelRows(cols, kParallelStreaming), 1, [&](std::size_t begin, std::size_t end) {
    kernels.normalize_rows(x + begin * cols, y + begin * cols, end - begin, cols);
  });
}

}  // namespace

void SoftmaxRows(const double* x, double* y, std::size_t rows, std::size_t cols) { SoftmaxRowsOf(x, y, rows, cols); }
void SoftmaxRows(const float* x, float* y, std::size_t rows, std::size_t cols) { SoftmaxRowsOf(x, y, rows, cols); }
void NormalizeRows(const double* x, double* y, std::size_t rows, std::size_t cols) {
  NormalizeRowsOf(x, y, rows, cols);
}
void NormalizeRows(const float* x, float* y, std::size_t rows, std::size_t cols) { NormalizeRowsOf(x, y, rows, cols); }

}  // namespace blaskit
