// Which core an OpenBLAS library picks by itself on the CPU this runs on, and
// whether that core's dgemm kernel runs there and gives the right product.
// scripts/check-openblas-pick.sh runs it under qemu-x86_64 with an emulated CPU
// (`-cpu Haswell,model=207`: AVX2 and FMA with issue 11's Xeon model number),
// once linked with the system's OpenBLAS and once with the prebuilds'
// (scripts/build-openblas.sh), so that a CPU OpenBLAS does not know is seen
// without such a CPU and without OPENBLAS_CORETYPE. Prints
// `<core> product-ok` or `<core> product-wrong <error>`.
#include <cblas.h>

#include <cmath>
#include <cstdio>
#include <vector>

extern "C" char* openblas_get_corename(void);

int main() {
  // Large enough for OpenBLAS's blocked kernel, small enough for emulation.
  const int n = 96;
  std::vector<double> a(n * n), b(n * n), c(n * n, 0.0);
  for (int i = 0; i < n * n; ++i) {
    a[i] = std::sin(i * 0.37);
    b[i] = std::cos(i * 0.11);
  }
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a.data(), n, b.data(), n, 0.0, c.data(), n);
  double worst = 0.0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      double sum = 0.0;
      for (int k = 0; k < n; ++k) sum += a[i * n + k] * b[k * n + j];
      worst = std::fmax(worst, std::fabs(sum - c[i * n + j]));
    }
  }
  // n products of magnitude <= 1: a right kernel is within a few n ulps.
  const bool ok = worst < 1e-12;
  std::printf("%s %s", openblas_get_corename(), ok ? "product-ok" : "product-wrong");
  if (!ok) std::printf(" %g", worst);
  std::printf("\n");
  return ok ? 0 : 1;
}
