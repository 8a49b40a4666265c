// Row kernels over a row-major float64 matrix of `rows` x `cols` elements.
// `x` and `y` may be the same pointer (in place); partial overlap is the
// caller's to avoid. A 1-D vector is one row.
#pragma once

#include <cstddef>

namespace blaskit {

// Stable softmax of each row: e^(x - max) / sum(e^(x - max)), so rows such as
// [1000, 1000, 0] give [0.5, 0.5, 0] where the naive formula gives NaN.
// Accuracy: <= 1 ULP of the correctly rounded result (x - max is formed
// exactly, e^(x - max) and the row sum carried in double-double); the scalar
// reference SoftmaxRow, on the C library's exp, is within a few ULP.
// A row holding NaN becomes all NaN; a row holding +Inf gives NaN there
// (Inf - Inf) and so NaN everywhere; a row of all -Inf gives NaN (no mass to
// share); -Inf beside finite values gives 0.
void SoftmaxRow(const double* x, double* y, std::size_t cols);  // scalar reference
void SoftmaxRows(const double* x, double* y, std::size_t rows, std::size_t cols);

// Each row divided by its Euclidean (L2) norm. The norm is accumulated on the
// row scaled by a power of two chosen from its largest magnitude, so it never
// overflows or underflows: [1e200, 1e200] and [1e-200, 1e-200] both give
// 1/sqrt(2) in each place. An all-zero row stays zero (scikit-learn's
// normalize does the same; numpy's x / norm would give NaN). A row holding NaN
// becomes NaN; a row holding +-Inf gives NaN there and +-0 elsewhere (x / Inf).
// Accuracy: <= 1 ULP of the correctly rounded result (the sum of squares,
// its square root and reciprocal carried in double-double); the scalar
// reference NormalizeRow is within 2 ULP plus the rounding of its sum.
void NormalizeRow(const double* x, double* y, std::size_t cols);  // scalar reference
void NormalizeRows(const double* x, double* y, std::size_t rows, std::size_t cols);

// float32 (issue 14): each row as the float64 kernel computes it from the
// exactly widened row, rounded once to float32 (same bits on every target
// and thread count; special rows as for float64). softmax widens each row
// into 3 cols doubles of scratch per thread (on the stack up to 1365
// columns, else allocated; if even that fails, a scalar fallback within a few
// ULP but not the kernel's bits); normalizeRows reads the floats directly.
void SoftmaxRows(const float* x, float* y, std::size_t rows, std::size_t cols);
void NormalizeRows(const float* x, float* y, std::size_t rows, std::size_t cols);

}  // namespace blaskit
