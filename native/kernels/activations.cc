// Single fused passes over memory: each kernel reads x once and writes y once
// (the tutorial's numpy formulas make up to four passes and three temporaries).
// The loops are plain so that a later change can vectorise them in one place.
#include "kernels/activations.h"

namespace blaskit {

namespace {
template <double (*Scalar)(double)>
inline void Apply(const double* x, double* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = Scalar(x[i]);
}
}  // namespace

void Sigmoid(const double* x, double* y, std::size_t n) { Apply<SigmoidScalar>(x, y, n); }
void SigmoidDerivative(const double* x, double* y, std::size_t n) {
  Apply<SigmoidDerivativeScalar>(x, y, n);
}
void Tanh(const double* x, double* y, std::size_t n) { Apply<TanhScalar>(x, y, n); }
void TanhDerivative(const double* x, double* y, std::size_t n) {
  Apply<TanhDerivativeScalar>(x, y, n);
}
void Relu(const double* x, double* y, std::size_t n) { Apply<ReluScalar>(x, y, n); }
void ReluDerivative(const double* x, double* y, std::size_t n) {
  Apply<ReluDerivativeScalar>(x, y, n);
}

}  // namespace blaskit
