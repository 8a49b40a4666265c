#include "kernels/binary.h"

#include "kernels/dispatch.h"
#include "kernels/thresholds.h"
#include "parallel/pool.h"

namespace blaskit {

void BinaryReference(BinaryOp op, const double* a, const double* b, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = ApplyBinary(op, a[i], b[i]);
}

namespace {

template <typename T>
void BinaryOf(BinaryOp op, const T* a, const T* b, T* out, std::size_t n) {
  const auto kernel = Kernels().For<T>().binary[static_cast<unsigned>(op)];
  parallel::ParallelFor(n, kParallelStreaming, ChunkAlign<T>(), [&](std::size_t begin, std::size_t end) {
    kernel(a + begin, b + begin, out + begin, end - begin);
  });
}

// Columns [begin, end) of one broadcast row: a contiguous pair, a row and one
// number (either side), or the general strided loop.
template <typename T>
void BinaryRowRange(BinaryOp op, const ElementKernels<T>& kernels, const T* a_row, std::size_t a_col_stride,
                    const T* b_row, std::size_t b_col_stride, T* out_row, std::size_t begin, std::size_t end) {
  const unsigned o = static_cast<unsigned>(op);
  const std::size_t count = end - begin;
  if (a_col_stride == 1 && b_col_stride == 1) {
    kernels.binary[o](a_row + begin, b_row + begin, out_row + begin, count);
  } else if (b_col_stride == 0 && a_col_stride == 1) {  // (m,n) op (m,1), or x op s
    kernels.binary_array_scalar[o](a_row + begin, *b_row, out_row + begin, count);
  } else if (a_col_stride == 0 && b_col_stride == 1) {  // (m,1) op (m,n), or s op x
    kernels.binary_scalar_array[o](*a_row, b_row + begin, out_row + begin, count);
  } else {
    for (std::size_t j = begin; j < end; ++j)
      out_row[j] = ApplyBinary(op, a_row[j * a_col_stride], b_row[j * b_col_stride]);
  }
}

template <typename T, typename Operand>
void BinaryBroadcastOf(BinaryOp op, Operand a, Operand b, T* out, std::size_t rows, std::size_t cols) {
  if (rows == 0 || cols == 0) return;
  // Both contiguous (a single row, whatever its row strides, included: the
  // fast path's flat calls are one row of n): one flat pass, split across
  // threads. A single row handed to the row loop below would run on one thread.
  if (a.col_stride == 1 && b.col_stride == 1 && (rows == 1 || (a.row_stride == cols && b.row_stride == cols))) {
    BinaryOf(op, a.data, b.data, out, rows * cols);
    return;
  }
  const ElementKernels<T>& kernels = Kernels().For<T>();
  // One broadcast row (x op s, s op x, a strided vector): split its columns,
  // as the flat pass does; splitting rows would leave it on one thread.
  if (rows == 1) {
    parallel::ParallelFor(cols, kParallelStreaming, ChunkAlign<T>(), [&](std::size_t begin, std::size_t end) {
      BinaryRowRange(op, kernels, a.data, a.col_stride, b.data, b.col_stride, out, begin, end);
    });
    return;
  }
  parallel::ParallelFor(rows, MinParallelRows(cols, kParallelStreaming), 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      BinaryRowRange(op, kernels, a.data + i * a.row_stride, a.col_stride, b.data + i * b.row_stride, b.col_stride,
                     out + i * cols, 0, cols);
    }
  });
}

template <typename T>
void OuterOf(const T* a, std::size_t na, const T* b, std::size_t nb, T* out) {
  if (na == 0 || nb == 0) return;
  const auto multiply_by_scalar = Kernels().For<T>().binary_array_scalar[static_cast<unsigned>(BinaryOp::kMultiply)];
  parallel::ParallelFor(na, MinParallelRows(nb, kParallelStreaming), 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) multiply_by_scalar(b, a[i], out + i * nb, nb);
  });
}

}  // namespace

void Binary(BinaryOp op, const double* a, const double* b, double* out, std::size_t n) { BinaryOf(op, a, b, out, n); }
void Binary(BinaryOp op, const float* a, const float* b, float* out, std::size_t n) { BinaryOf(op, a, b, out, n); }

void BinaryBroadcast(BinaryOp op, StridedOperand a, StridedOperand b, double* out, std::size_t rows, std::size_t cols) {
  BinaryBroadcastOf(op, a, b, out, rows, cols);
}
void BinaryBroadcast(BinaryOp op, StridedOperand32 a, StridedOperand32 b, float* out, std::size_t rows,
                     std::size_t cols) {
  BinaryBroadcastOf(op, a, b, out, rows, cols);
}

void Outer(const double* a, std::size_t na, const double* b, std::size_t nb, double* out) {
  OuterOf(a, na, b, nb, out);
}
void Outer(const float* a, std::size_t na, const float* b, std::size_t nb, float* out) { OuterOf(a, na, b, nb, out); }

}  // namespace blaskit
