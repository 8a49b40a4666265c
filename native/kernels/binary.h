// Elementwise arithmetic of two float64 operands: add, subtract, multiply,
// divide. Each result is one IEEE operation on the two elements (one rounding),
// so every target, the scalar reference, the TypeScript twins and numpy give
// the same bits, NaN, ±Inf, ±0 and subnormals included; division by zero gives
// ±Inf or NaN, as IEEE (and numpy with its warnings off) says, and never traps.
#pragma once

#include <cstddef>

namespace blaskit {

// The operation of a broadcasting binary kernel. The order is the index into
// KernelTable's binary arrays (kernels/dispatch.h).
enum class BinaryOp : unsigned { kAdd = 0, kSubtract = 1, kMultiply = 2, kDivide = 3 };
constexpr unsigned kBinaryOps = 4;

// a op b for one pair of elements, in T (double, or float: issue 14).
template <typename T>
inline T ApplyBinary(BinaryOp op, T a, T b) {
  switch (op) {
    case BinaryOp::kAdd:
      return a + b;
    case BinaryOp::kSubtract:
      return a - b;
    case BinaryOp::kMultiply:
      return a * b;
    case BinaryOp::kDivide:
      return a / b;
  }
  return a * b;
}

// A read-only 2-D view: element (i, j) is data[i * row_stride + j * col_stride].
// A stride of 0 repeats the row or column: that is how numpy broadcasting is
// expressed here.
struct StridedOperand {
  const double* data;
  std::size_t row_stride;
  std::size_t col_stride;
};

// out[i * cols + j] = a(i, j) op b(i, j). `out` may be `a.data` or `b.data`
// when that operand is not broadcast (in place); other overlap is the
// caller's to avoid.
void BinaryBroadcast(BinaryOp op, StridedOperand a, StridedOperand b, double* out, std::size_t rows, std::size_t cols);

// The contiguous case: out[i] = a[i] op b[i] (dispatched SIMD, threaded above
// kParallelStreaming elements), and its scalar reference.
void Binary(BinaryOp op, const double* a, const double* b, double* out, std::size_t n);
void BinaryReference(BinaryOp op, const double* a, const double* b, double* out, std::size_t n);
inline void Multiply(const double* a, const double* b, double* out, std::size_t n) {
  Binary(BinaryOp::kMultiply, a, b, out, n);
}

// numpy.outer: out[i * nb + j] = a[i] * b[j], exact. A plain loop rather than
// BLAS dger: dger accumulates into out (an extra pass to zero it first) and may
// skip rows where a[i] == 0, which would turn 0 * Inf into 0 instead of NaN.
void Outer(const double* a, std::size_t na, const double* b, std::size_t nb, double* out);

// float32 (issue 14): IEEE float32 arithmetic, one rounding per element
// (equal to the float64 operation on the widened operands rounded once).
struct StridedOperand32 {
  const float* data;
  std::size_t row_stride;
  std::size_t col_stride;
};
void BinaryBroadcast(BinaryOp op, StridedOperand32 a, StridedOperand32 b, float* out, std::size_t rows,
                     std::size_t cols);
void Binary(BinaryOp op, const float* a, const float* b, float* out, std::size_t n);
void Outer(const float* a, std::size_t na, const float* b, std::size_t nb, float* out);

}  // namespace blaskit
