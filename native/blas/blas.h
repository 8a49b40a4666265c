// Matrix products on OpenBLAS, gated: small ones (kernels/products.h) run in
// blaskit's own kernels, without OpenBLAS's per-call cost or its lock; a call
// goes to BLAS only when every dimension fits BLAS's 32-bit integers (numpy's
// too_big_for_blas); otherwise the plain reference loop runs. All matrices are row-major and contiguous.
// Results are whatever OpenBLAS's kernels give (the summation order differs
// from the reference loops, so compare with a tolerance, as numpy does).
#pragma once

#include <cstddef>
#include <string>

#include "blas/core_choice.h"

namespace blaskit {

// sum(a[i] * b[i]) over n elements (ddot); 0 for n = 0.
double Dot(const double* a, const double* b, std::size_t n);

// y = A x (rows results) or, with `transpose`, y = A^T x (cols results), A
// being rows x cols (dgemv). `y` is written, never read.
void MatVec(const double* a, std::size_t rows, std::size_t cols, const double* x, double* y, bool transpose);

// C = A B with A m x k, B k x n, C m x n (dgemm). `c` is written, never read;
// k = 0 gives zeros.
void MatMul(const double* a, const double* b, double* c, std::size_t m, std::size_t k, std::size_t n);

// Which kernel MatMul(m, k, n) runs (m, n >= 1): blaskit's small matrix
// product (kernels/products.h; also x A, m = 1), its small matrix-vector
// product (n = 1), or OpenBLAS (larger, and k = 0). Each row of a small
// product's result depends only on its own row of A: dense (kernels/dense.h)
// runs the chosen kernel on blocks of rows and gets the same bits.
enum class ProductKernel { kSmallMatMul, kSmallMatVec, kBlas };
ProductKernel ChooseProductKernel(std::size_t m, std::size_t k, std::size_t n);

// MatVec and MatMul always on OpenBLAS (above the small-product gate, and for
// tests and benchmarks that compare the small kernels with OpenBLAS).
void BlasMatVec(const double* a, std::size_t rows, std::size_t cols, const double* x, double* y, bool transpose);
void BlasMatMul(const double* a, const double* b, double* c, std::size_t m, std::size_t k, std::size_t n);

// The scalar references of the three, also the fallback for sizes BLAS
// cannot take.
double DotReference(const double* a, const double* b, std::size_t n);
void MatVecReference(const double* a, std::size_t rows, std::size_t cols, const double* x, double* y, bool transpose);
void MatMulReference(const double* a, const double* b, double* c, std::size_t m, std::size_t k, std::size_t n);

// OpenBLAS's build description (version, target, threading), for diagnostics,
// e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake
// MAX_THREADS=64".
const char* BlasConfig();

// The threads OpenBLAS computes with, caller included (openblas_get_num_threads;
// parallel::SetNumThreads changes it).
int BlasNumThreads();

// The kernel family OpenBLAS picked for this CPU (openblas_get_corename), e.g.
// "Zen" or "Haswell"; with DYNAMIC_ARCH, OPENBLAS_CORETYPE overrides the pick.
std::string BlasCoreName();

// The core products run on and why (native/blas/core_choice.h): chosen, and
// OpenBLAS switched to it, once per process, before the first product.
const CoreChoice& BlasCoreChoice();

// The version of the OpenBLAS actually linked, e.g. "0.3.21": the word after
// "OpenBLAS " in openblas_get_config(); empty if the string has another form.
std::string BlasVersion();

// float32 (issue 14): sdot, sgemv, sgemm (and blaskit's small-product
// kernels in float32 below the same gate), accumulating in float32 as numpy
// and OpenBLAS do for float32 arrays.
float Dot(const float* a, const float* b, std::size_t n);
void MatVec(const float* a, std::size_t rows, std::size_t cols, const float* x, float* y, bool transpose);
void MatMul(const float* a, const float* b, float* c, std::size_t m, std::size_t k, std::size_t n);
void BlasMatVec(const float* a, std::size_t rows, std::size_t cols, const float* x, float* y, bool transpose);
void BlasMatMul(const float* a, const float* b, float* c, std::size_t m, std::size_t k, std::size_t n);

}  // namespace blaskit
