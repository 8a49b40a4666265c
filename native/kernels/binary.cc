#include "kernels/binary.h"

#include "kernels/dispatch.h"
#include "kernels/thresholds.h"
#include "parallel/pool.h"

namespace blaskit {

void MultiplyReference(const double* a, const double* b, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = a[i] * b[i];
}


void Multiply(const double* a, const double* b, double* out, std::size_t n) {
  const KernelTable& kernels = Kernels();
  parallel::ParallelFor(n, kParallelStreaming, kChunkAlign, [&](std::size_t begin, std::size_t end) {
    kernels.multiply(a + begin, b + begin, out + begin, end - begin);
  });
}

namespace {

// Columns [begin, end) of one broadcast row: a contiguous pair, a row times
// one number (either side), or the general strided loop.
void MultiplyRowRange(const KernelTable& kernels, const double* a_row, std::size_t a_col_stride, const double* b_row,
                      std::size_t b_col_stride, double* out_row, std::size_t begin, std::size_t end) {
  const std::size_t count = end - begin;
  if (a_col_stride == 1 && b_col_stride == 1) {
    kernels.multiply(a_row + begin, b_row + begin, out_row + begin, count);
  } else if (b_col_stride == 0 && a_col_stride == 1) {  // (m,n) x (m,1), or x * s
    kernels.multiply_by_scalar(a_row + begin, *b_row, out_row + begin, count);
  } else if (a_col_stride == 0 && b_col_stride == 1) {  // (m,1) x (m,n), or s * x
    kernels.multiply_by_scalar(b_row + begin, *a_row, out_row + begin, count);
  } else {
    for (std::size_t j = begin; j < end; ++j) out_row[j] = a_row[j * a_col_stride] * b_row[j * b_col_stride];
  }
}

}  // namespace

void MultiplyBroadcast(StridedOperand a, StridedOperand b, double* out, std::size_t rows,
                       std::size_t cols) {
  if (rows == 0 || cols == 0) return;
  // Both contiguous (a single row, whatever its row strides, included: the
  // fast path's flat calls are one row of n): one flat pass, split across
  // threads. A single row handed to the row loop below would run on one thread.
  if (a.col_stride == 1 && b.col_stride == 1 && (rows == 1 || (a.row_stride == cols && b.row_stride == cols))) {
    Multiply(a.data, b.data, out, rows * cols);
    return;
  }
  const KernelTable& kernels = Kernels();
  // One broadcast row (x * s, s * x, a strided vector): split its columns,
  // as the flat pass does; splitting rows would leave it on one thread.
  if (rows == 1) {
    parallel::ParallelFor(cols, kParallelStreaming, kChunkAlign, [&](std::size_t begin, std::size_t end) {
      MultiplyRowRange(kernels, a.data, a.col_stride, b.data, b.col_stride, out, begin, end);
    });
    return;
  }
  parallel::ParallelFor(rows, MinParallelRows(cols, kParallelStreaming), 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      MultiplyRowRange(kernels, a.data + i * a.row_stride, a.col_stride, b.data + i * b.row_stride, b.col_stride,
                       out + i * cols, 0, cols);
    }
  });
}

void Outer(const double* a, std::size_t na, const double* b, std::size_t nb, double* out) {
  if (na == 0 || nb == 0) return;
  const KernelTable& kernels = Kernels();
  parallel::ParallelFor(na, MinParallelRows(nb, kParallelStreaming), 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) kernels.multiply_by_scalar(b, a[i], out + i * nb, nb);
  });
}

}  // namespace blaskit
