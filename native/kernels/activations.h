// Elementwise activations and their derivatives over float64.
//
// The kernels (`Sigmoid`, ...) run the SIMD code of native/kernels/simd/ for
// the target chosen at load (dispatch.h), split across the thread pool above a
// measured size (native/parallel/pool.h). `x` and `y` may be the same pointer
// (in place); partial overlap is the caller's to avoid (the TypeScript layer
// routes it through a copy).
//
// Accuracy of the kernels, against correctly rounded results, on every target,
// for every double x (tested in test/20.activations under each target):
//   sigmoid, tanh                     <= 1 ULP
//   sigmoidDerivative, tanhDerivative <= 2 ULP
//   relu, reluDerivative              exact
// Subnormal results count their ULP as 2^-1074: sigmoid(x) for x in
// [-745.13, -708.4] is the subnormal it should be, not 0.
//
// The `...Scalar` functions below are the textbook formulas on the C
// library's exp (sigmoid <= 2 ULP, derivatives <= 4 ULP): the plain scalar
// reference of each family. The tests hold the kernels to the bounds above
// against a 200-bit reference (test/support/ulp.ts), and the native
// benchmark checks them against long-double formulas before timing.
#pragma once

#include <cmath>
#include <cstddef>

namespace blaskit {

// 1 / (1 + e^-x), evaluated as e^x / (1 + e^x) for negative x so that e^-x
// never overflows: below x = -709.78 the tutorial's formula gives 0, this gives
// the true (subnormal) value down to x = -745.13.
// NaN -> NaN, +Inf -> 1, -Inf -> 0, +-0 -> 0.5.
inline double SigmoidScalar(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);  // also reached by NaN: exp(NaN) = NaN
}

// sigma(x) * (1 - sigma(x)), written as e / (1 + e)^2 with e = e^-|x|: the
// naive s * (1 - s) cancels to 0 beyond |x| = 36.7, this stays accurate until
// the true value underflows (sigmoidDerivative(40) = 4.248e-18).
// NaN -> NaN, +-Inf -> 0, +-0 -> 0.25.
inline double SigmoidDerivativeScalar(double x) {
  const double e = std::exp(-std::fabs(x));
  const double q = 1.0 + e;
  return e / q / q;
}

// The C library's tanh: odd, saturates to +-1, keeps -0.
inline double TanhScalar(double x) { return std::tanh(x); }

// 1 - tanh(x)^2 = (2e / (1 + e^2))^2 with e = e^-|x|: no cancellation, so
// tanhDerivative(30) = 3.5e-26 rather than 1 - 1 = 0. Squaring q = 2e/(1+e^2)
// last keeps full precision until the result itself becomes subnormal.
// NaN -> NaN, +-Inf -> 0, +-0 -> 1.
inline double TanhDerivativeScalar(double x) {
  const double e = std::exp(-std::fabs(x));
  const double q = 2.0 * e / (1.0 + e * e);
  return q * q;
}

// numpy's where(x < 0, 0, x): negative values become +0, everything else
// (NaN and -0 included) passes through unchanged.
inline double ReluScalar(double x) { return x < 0 ? 0.0 : x; }

// 1 where x > 0, else 0 (NaN -> 0, matching where(x > 0, 1, 0)).
inline double ReluDerivativeScalar(double x) { return x > 0 ? 1.0 : 0.0; }

void Sigmoid(const double* x, double* y, std::size_t n);
void SigmoidDerivative(const double* x, double* y, std::size_t n);
void Tanh(const double* x, double* y, std::size_t n);
void TanhDerivative(const double* x, double* y, std::size_t n);
void Relu(const double* x, double* y, std::size_t n);
void ReluDerivative(const double* x, double* y, std::size_t n);

// float32 (issue 14): each result is the float64 kernel's result for the
// same (exactly widened) input, rounded once to float32: the same bits on
// every target, thread count and in the TypeScript twins (Math.fround of the
// twin), within 1 ULP of the correctly rounded float32 value and nearly
// always equal to it. Special values as for float64 (NaN -> NaN; sigmoid
// saturates to 1f from x = 17.33 and underflows through the float
// subnormals to 0 below x = -103.97). The kernels widen blocks of 256
// elements on the stack and run the float64 SIMD code on them: about float64's
// speed per element (the arithmetic is the same), half its memory traffic.
// relu and reluDerivative are float operations (the same bits).
// Checked on every target by scripts/test-float32-kernels.sh.
void Sigmoid(const float* x, float* y, std::size_t n);
void SigmoidDerivative(const float* x, float* y, std::size_t n);
void Tanh(const float* x, float* y, std::size_t n);
void TanhDerivative(const float* x, float* y, std::size_t n);
void Relu(const float* x, float* y, std::size_t n);
void ReluDerivative(const float* x, float* y, std::size_t n);

}  // namespace blaskit
