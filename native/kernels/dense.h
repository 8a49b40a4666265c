// A fully connected layer, fused: y = activation(x W + b) in one pass. Same
// bits as the unfused calls (the product as MatMul computes it, then the
// bias added as BinaryBroadcast adds it, then the activation kernel), because
// each step is the same kernel on the same values; what fusion removes is the
// round trips through memory between them.
//
// Below the small-product gate (blas/blas.h ChooseProductKernel) the rows
// are computed in blocks that fit in L1 (about 16 KiB of y): a block's product,
// its bias and its activation run while it is in cache, and blocks split
// across the thread pool. Above it, OpenBLAS computes the whole product (as
// dot would: the same call, so the same bits) and bias and activation follow
// in one pass over y instead of two.
//
// Accuracy: the product's (blas/blas.h, kernels/products.h), then one
// rounding for the bias, then the activation's bound (kernels/activations.h,
// kernels/rows.h for softmax over each row).
#pragma once

#include <cstddef>

namespace blaskit {

enum class Activation : unsigned { kNone = 0, kRelu = 1, kSigmoid = 2, kTanh = 3, kSoftmax = 4 };
constexpr unsigned kActivations = 5;

// y (m x n) = activation(x (m x k) W (k x n) + bias (n, or nullptr for none)).
// `y` is written, never read; it must not overlap x, W or bias.
void Dense(const double* x, const double* w, const double* bias, double* y, std::size_t m, std::size_t k, std::size_t n,
           Activation activation);

// float32 (issue 14): the float32 product (blas/blas.h), the bias added in
// float32, then the float32 activation kernel.
void Dense(const float* x, const float* w, const float* bias, float* y, std::size_t m, std::size_t k, std::size_t n,
           Activation activation);

}  // namespace blaskit
