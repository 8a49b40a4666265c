#include "kernels/binary.h"

#include "kernels/dispatch.h"
#include "kernels/thresholds.h"
#include "parallel/pool.h"

namespace blaskit {

void BinaryReference(BinaryOp op, const double* a, const double* b, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = ApplyBinary(op, a[i], b[i]);
}

void Binary(BinaryOp op, const double* a, const double* b, double* out, std::size_t n) {
  const BinaryKernel kernel = Kernels().binary[static_cast<unsigned>(op)];
  parallel::ParallelFor(n, kParallelStreaming, kChunkAlign, [&](std::size_t begin, std::size_t end) {
    kernel(a + begin, b + begin, out + begin, end - begin);
  });
}

void BinaryBroadcast(BinaryOp op, StridedOperand a, StridedOperand b, double* out, std::size_t rows,
                     std::size_t cols) {
  if (rows == 0 || cols == 0) return;
  // Both contiguous (a single row, whatever its row strides, included: the
  // fast path's flat calls are one row of n): one flat pass, split across
  // threads. A single row handed to the row loop below would run on one thread.
  if (a.col_stride == 1 && b.col_stride == 1 && (rows == 1 || (a.row_stride == cols && b.row_stride == cols))) {
    Binary(op, a.data, b.data, out, rows * cols);
    return;
  }
  const KernelTable& kernels = Kernels();
  const unsigned o = static_cast<unsigned>(op);
  parallel::ParallelFor(rows, MinParallelRows(cols, kParallelStreaming), 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const double* a_row = a.data + i * a.row_stride;
      const double* b_row = b.data + i * b.row_stride;
      double* out_row = out + i * cols;
      if (a.col_stride == 1 && b.col_stride == 1) {
        kernels.binary[o](a_row, b_row, out_row, cols);
      } else if (b.col_stride == 0 && a.col_stride == 1) {  // (m,n) op (m,1)
        kernels.binary_array_scalar[o](a_row, *b_row, out_row, cols);
      } else if (a.col_stride == 0 && b.col_stride == 1) {  // (m,1) op (m,n)
        kernels.binary_scalar_array[o](*a_row, b_row, out_row, cols);
      } else {
        for (std::size_t j = 0; j < cols; ++j) out_row[j] = ApplyBinary(op, a_row[j * a.col_stride], b_row[j * b.col_stride]);
      }
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
