#include "kernels/binary.h"

namespace blaskit {

void Multiply(const double* a, const double* b, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = a[i] * b[i];
}

void MultiplyBroadcast(StridedOperand a, StridedOperand b, double* out, std::size_t rows,
                       std::size_t cols) {
  const bool a_contiguous_rows = a.col_stride == 1;
  const bool b_contiguous_rows = b.col_stride == 1;
  for (std::size_t i = 0; i < rows; ++i) {
    const double* a_row = a.data + i * a.row_stride;
    const double* b_row = b.data + i * b.row_stride;
    double* out_row = out + i * cols;
    if (a_contiguous_rows && b_contiguous_rows) {
      Multiply(a_row, b_row, out_row, cols);
    } else if (b.col_stride == 0 && a_contiguous_rows) {  // (m,n) x (m,1)
      const double s = *b_row;
      for (std::size_t j = 0; j < cols; ++j) out_row[j] = a_row[j] * s;
    } else if (a.col_stride == 0 && b_contiguous_rows) {  // (m,1) x (m,n)
      const double s = *a_row;
      for (std::size_t j = 0; j < cols; ++j) out_row[j] = s * b_row[j];
    } else {
      for (std::size_t j = 0; j < cols; ++j) {
        out_row[j] = a_row[j * a.col_stride] * b_row[j * b.col_stride];
      }
    }
  }
}

void Outer(const double* a, std::size_t na, const double* b, std::size_t nb, double* out) {
  for (std::size_t i = 0; i < na; ++i) {
    const double s = a[i];
    double* out_row = out + i * nb;
    for (std::size_t j = 0; j < nb; ++j) out_row[j] = s * b[j];
  }
}

}  // namespace blaskit
