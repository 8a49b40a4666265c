// Elementwise products of two float64 operands.
#pragma once

#include <cstddef>

namespace blaskit {

// A read-only 2-D view: element (i, j) is data[i * row_stride + j * col_stride].
// A stride of 0 repeats the row or column: that is how numpy broadcasting is
// expressed here.
struct StridedOperand {
  const double* data;
  std::size_t row_stride;
  std::size_t col_stride;
};

// out[i * cols + j] = a(i, j) * b(i, j), exact (one IEEE rounding per
// element). `out` may be `a.data` or `b.data` when that operand is not
// broadcast (in place); other overlap is the caller's to avoid.
void MultiplyBroadcast(StridedOperand a, StridedOperand b, double* out, std::size_t rows,
                       std::size_t cols);

// The contiguous case: out[i] = a[i] * b[i] (dispatched SIMD, threaded above
// kParallelStreaming elements), and its scalar reference.
void Multiply(const double* a, const double* b, double* out, std::size_t n);
void MultiplyReference(const double* a, const double* b, double* out, std::size_t n);

// numpy.outer: out[i * nb + j] = a[i] * b[j], exact. A plain loop rather than
// BLAS dger: dger accumulates into out (an extra pass to zero it first) and may
// skip rows where a[i] == 0, which would turn 0 * Inf into 0 instead of NaN.
void Outer(const double* a, std::size_t na, const double* b, std::size_t nb, double* out);

}  // namespace blaskit
