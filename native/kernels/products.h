// Small matrix products of float64, row-major and contiguous: blaskit's own
// kernels for the sizes where OpenBLAS's fixed cost per call (measured: 70 ns
// for a 1x1x1 dgemm, 136 ns for 8x8x8, against 20-30 ns of arithmetic) is
// most of the time. native/blas/blas.cc routes products here below
// kSmallProductFlops and to OpenBLAS above.
//
// Accuracy: each result is a sum of k products, each product and each
// addition rounded once (no fused multiply-add): the error is at most
// k * 2^-53 * sum |a||b| (to first order), the bound numpy's tests allow
// OpenBLAS. NaN and ±Inf propagate as in that sum (0 * Inf is NaN; no zero is
// skipped). Single-threaded and in a fixed order: the same bits on every SIMD
// target, every thread count and every call.
#pragma once

#include <cstddef>

namespace blaskit {

// Products of at most this many multiply-adds (m * k * n) run here; larger
// ones in OpenBLAS. Measured here (2-core Zen 5, AVX-512 target, OpenBLAS
// 0.3.21 Haswell kernels, 2 threads): the small kernel against
// native.blasMatMul in the same process runs at 36-45 GFlop/s to 128^3 and
// breaks even at 160^3-192^3; OpenBLAS wins from 256^3.
constexpr std::size_t kSmallProductFlops = 128 * 128 * 128;
// Matrix-vector products of at most this many elements of A run here.
constexpr std::size_t kSmallMatVecElements = 256 * 256;

// C = A B, A m x k, B k x n, C m x n; `c` is written, never read. The sum over
// p runs in order 0..k-1 for every element: the TypeScript twin's bits. Rows
// split across the thread pool from kParallelProducts multiply-adds.
void SmallMatMul(const double* a, const double* b, double* c, std::size_t m, std::size_t k, std::size_t n);

// y = A x, A rows x cols: each row's dot product in 8 lane sums (element j
// to lane j % 8), the lanes then added in order.
void SmallMatVec(const double* a, std::size_t rows, std::size_t cols, const double* x, double* y);

// float32 (issue 14): the same kernels on float elements, each sum
// accumulated in float (as sgemm does), in the same fixed order; y = A x in
// 16 lane sums (element j to lane j % 16). Error at most k * 2^-24 * sum
// |a||b| to first order. No TypeScript twin: float products always run native.
void SmallMatMul(const float* a, const float* b, float* c, std::size_t m, std::size_t k, std::size_t n);
void SmallMatVec(const float* a, std::size_t rows, std::size_t cols, const float* x, float* y);

}  // namespace blaskit
