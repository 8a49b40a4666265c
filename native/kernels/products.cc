#include "kernels/products.h"

#include "kernels/dispatch.h"
#include "kernels/thresholds.h"
#include "parallel/pool.h"

namespace blaskit {

namespace {

template <typename T>
void SmallMatMulOf(const T* a, const T* b, T* c, std::size_t m, std::size_t k, std::size_t n) {
  const ElementKernels<T>& kernels = Kernels().For<T>();
  // Each row of C depends only on its row of A: any split of the rows gives
  // the same bits. Whole blocks of 4 rows (the kernel's register block).
  parallel::ParallelFor(m, MinParallelRows(k * n, kParallelProducts), 4, [&](std::size_t begin, std::size_t end) {
    kernels.mat_mul_small(a + begin * k, b, c + begin * n, end - begin, k, n);
  });
}

}  // namespace

void SmallMatMul(const double* a, const double* b, double* c, std::size_t m, std::size_t k, std::size_t n) {
  SmallMatMulOf(a, b, c, m, k, n);
}
void SmallMatMul(const float* a, const float* b, float* c, std::size_t m, std::size_t k, std::size_t n) {
  SmallMatMulOf(a, b, c, m, k, n);
}

void SmallMatVec(const double* a, std::size_t rows, std::size_t cols, const double* x, double* y) {
  Kernels().f64.mat_vec_small(a, rows, cols, x, y);
}
void SmallMatVec(const float* a, std::size_t rows, std::size_t cols, const float* x, float* y) {
  Kernels().f32.mat_vec_small(a, rows, cols, x, y);
}

}  // namespace blaskit
