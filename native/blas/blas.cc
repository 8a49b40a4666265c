#include "blas/blas.h"

#include <cblas.h>

#include <algorithm>
#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>

#include "blas/core_choice.h"
#include "kernels/products.h"
#include "parallel/pool.h"

// OpenBLAS's core selection, in DYNAMIC_ARCH builds only (weak: a build
// against a single-core OpenBLAS links, and keeps that core).
extern "C" {
void gotoblas_dynamic_init(void) __attribute__((weak));
void gotoblas_dynamic_quit(void) __attribute__((weak));
}

namespace blaskit {

namespace {
// Debian's OpenBLAS uses 32-bit BLAS integers (blasint = int).
constexpr std::size_t kMaxBlasInt = static_cast<std::size_t>(INT_MAX);

bool FitsBlas(std::size_t v) { return v <= kMaxBlasInt; }
blasint ToBlas(std::size_t v) { return static_cast<blasint>(v); }
// Leading dimensions must be >= 1 even for empty matrices.
blasint LeadingDim(std::size_t v) { return ToBlas(std::max<std::size_t>(v, 1)); }

// Every OpenBLAS call in the process goes through this lock. Calls come from
// the event loop, from libuv pool threads (async jobs) and from worker_threads;
// serialising them means OpenBLAS's pthread server only ever has one
// caller, so its thread pool is never entered concurrently, the total thread
// count stays bounded (callers + OpenBLAS's own pool), and a product computes
// with the same partitioning every time (results are bitwise reproducible).
//
// Inside it, each call also holds parallel::ExclusiveCompute (BlasSection):
// it waits for a running region of blaskit's own pool (native/parallel) and
// keeps new regions inline until the call returns, so the two pools never
// compute at the same time. Lock order is FairLock, then ExclusiveCompute;
// regions never take FairLock, so the order cannot invert.
//
// It is a ticket lock: callers are served in arrival order, so a long job
// that re-takes the lock between its slices (see MatMul) cannot starve a
// small product waiting behind it, e.g. a request's dot on the event loop.
// Leaked on purpose: a pool thread may still hold it while the process exits.
class FairLock {
 public:
  void lock() {
    std::unique_lock<std::mutex> guard(mutex_);
    const unsigned long long ticket = next_ticket_++;
    turn_.wait(guard, [&] { return now_serving_ == ticket; });
  }
  void unlock() {
    std::lock_guard<std::mutex> guard(mutex_);
    ++now_serving_;
    turn_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable turn_;
  unsigned long long next_ticket_ = 0;
  unsigned long long now_serving_ = 0;
};

// Chooses the core (native/blas/core_choice.h) and switches OpenBLAS to it.
// OpenBLAS takes a forced core only from OPENBLAS_CORETYPE, read when it
// initialises: the variable is set for the re-initialisation and removed at
// once (it was unset: a user's own setting is never overridden). Runs once,
// when the addon loads (Init in addon.cc), or at the latest before the first
// OpenBLAS call (BlasLock) or report (BlasCoreChoice).
CoreChoice ChooseAndApplyCore() {
  // The first processor's block only (up to its blank line): the choice runs
  // as blaskit loads, and the whole file of a many-core server is large and
  // slow to generate.
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::stringstream text;
  for (std::string line; std::getline(cpuinfo, line) && !(line.empty() && text.tellp() > 0);) text << line << '\n';
  const char* user_coretype = std::getenv("OPENBLAS_CORETYPE");
  CoreChoice choice =
      ChooseBlasCore(ParseCpuinfo(text.str()), BlasCoreName(), user_coretype != nullptr && *user_coretype != '\0');
  if (!choice.changed) return choice;
  if (gotoblas_dynamic_init == nullptr || gotoblas_dynamic_quit == nullptr) {
    return {BlasCoreName(), choice.reason + " (not applied: this OpenBLAS has a single core)", false};
  }
  setenv("OPENBLAS_CORETYPE", choice.core.c_str(), 1);
  gotoblas_dynamic_quit();
  gotoblas_dynamic_init();
  unsetenv("OPENBLAS_CORETYPE");
  if (BlasCoreName() != choice.core)
    return {BlasCoreName(), choice.reason + " (not applied: OpenBLAS kept " + BlasCoreName() + ")", false};
  return choice;
}

FairLock& BlasLock() {
  static FairLock* lock = (BlasCoreChoice(), new FairLock());
  return *lock;
}

// Held around each OpenBLAS call: the caller's turn at FairLock, then the
// compute cores (see above).
class BlasSection {
 public:
  BlasSection() : turn_(BlasLock()) {}

 private:
  std::lock_guard<FairLock> turn_;
  parallel::ExclusiveCompute cores_;  // constructed after turn_, released before it
};

// A large product is computed in slices of rows, each a dgemm of at least
// this many flops (about 40 ms on two cores), taking the lock per
// slice: other callers wait for one slice, not for the whole product. Big
// enough that re-packing B per slice costs little. Every caller slices the
// same way, so sync and async results stay bitwise equal.
constexpr double kSliceFlops = 4e9;

// The OpenBLAS routine of each element type, so that one template serves
// double (d...) and float (s..., issue 14).
double BlasDot(blasint n, const double* a, const double* b) { return cblas_ddot(n, a, 1, b, 1); }
float BlasDot(blasint n, const float* a, const float* b) { return cblas_sdot(n, a, 1, b, 1); }
void BlasGemv(bool transpose, blasint rows, blasint cols, const double* a, blasint lda, const double* x, double* y) {
  cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, rows, cols, 1.0, a, lda, x, 1, 0.0, y, 1);
}
void BlasGemv(bool transpose, blasint rows, blasint cols, const float* a, blasint lda, const float* x, float* y) {
  cblas_sgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, rows, cols, 1.0f, a, lda, x, 1, 0.0f, y, 1);
}
void BlasGemm(blasint m, blasint n, blasint k, const double* a, blasint lda, const double* b, blasint ldb, double* c,
              blasint ldc) {
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, ldc);
}
void BlasGemm(blasint m, blasint n, blasint k, const float* a, blasint lda, const float* b, blasint ldb, float* c,
              blasint ldc) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, ldc);
}

template <typename T>
T DotReferenceOf(const T* a, const T* b, std::size_t n) {
  T sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

template <typename T>
T DotOf(const T* a, const T* b, std::size_t n) {
  // Longer vectors go through ?dot in chunks that fit its integer length.
  T sum = 0;
  while (n > 0) {
    const std::size_t chunk = std::min(n, kMaxBlasInt);
    {
      BlasSection hold;
      sum += BlasDot(ToBlas(chunk), a, b);
    }
    a += chunk;
    b += chunk;
    n -= chunk;
  }
  return sum;
}

template <typename T>
void MatVecReferenceOf(const T* a, std::size_t rows, std::size_t cols, const T* x, T* y, bool transpose) {
  if (!transpose) {
    for (std::size_t i = 0; i < rows; ++i) y[i] = DotReferenceOf(a + i * cols, x, cols);
    return;
  }
  std::fill(y, y + cols, T(0));
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j) y[j] += a[i * cols + j] * x[i];
  }
}

template <typename T>
void BlasMatVecOf(const T* a, std::size_t rows, std::size_t cols, const T* x, T* y, bool transpose) {
  const std::size_t results = transpose ? cols : rows;
  const std::size_t summed = transpose ? rows : cols;
  if (results == 0) return;
  if (summed == 0) {  // an empty sum: BLAS would only scale y by beta
    std::fill(y, y + results, T(0));
    return;
  }
  if (!FitsBlas(rows) || !FitsBlas(cols)) {
    MatVecReferenceOf(a, rows, cols, x, y, transpose);
    return;
  }
  // beta = 0: y is overwritten, never read (so NaN in a caller's `out` cannot
  // leak into the result).
  BlasSection hold;
  BlasGemv(transpose, ToBlas(rows), ToBlas(cols), a, LeadingDim(cols), x, y);
}

template <typename T>
void MatMulReferenceOf(const T* a, const T* b, T* c, std::size_t m, std::size_t k, std::size_t n) {
  std::fill(c, c + m * n, T(0));
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t p = 0; p < k; ++p) {
      const T s = a[i * k + p];
      for (std::size_t j = 0; j < n; ++j) c[i * n + j] += s * b[p * n + j];
    }
  }
}

template <typename T>
void BlasMatMulOf(const T* a, const T* b, T* c, std::size_t m, std::size_t k, std::size_t n) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    std::fill(c, c + m * n, T(0));
    return;
  }
  if (!FitsBlas(m) || !FitsBlas(k) || !FitsBlas(n)) {
    MatMulReferenceOf(a, b, c, m, k, n);
    return;
  }
  const double row_flops = 2.0 * static_cast<double>(k) * static_cast<double>(n);
  std::size_t slice = static_cast<std::size_t>(kSliceFlops / row_flops);
  slice = std::max<std::size_t>(64, slice / 64 * 64);  // whole register blocks of rows
  for (std::size_t row = 0; row < m; row += slice) {
    const std::size_t rows = std::min(slice, m - row);
    BlasSection hold;
    BlasGemm(ToBlas(rows), ToBlas(n), ToBlas(k), a + row * k, LeadingDim(k), b, LeadingDim(n), c + row * n,
             LeadingDim(n));
  }
}

template <typename T>
void MatMulOf(const T* a, const T* b, T* c, std::size_t m, std::size_t k, std::size_t n) {
  if (m == 0 || n == 0) return;
  switch (ChooseProductKernel(m, k, n)) {
    case ProductKernel::kSmallMatMul:
      return SmallMatMul(a, b, c, m, k, n);
    case ProductKernel::kSmallMatVec:
      return SmallMatVec(a, m, k, b, c);
    case ProductKernel::kBlas:
      break;
  }
  if (n == 1) return BlasMatVecOf(a, m, k, b, c, false);
  if (m == 1) return BlasMatVecOf(b, k, n, a, c, true);
  BlasMatMulOf(a, b, c, m, k, n);
}

template <typename T>
void MatVecOf(const T* a, std::size_t rows, std::size_t cols, const T* x, T* y, bool transpose) {
  // A x is the rows x cols by cols x 1 product; x A the 1 x rows by rows x cols one.
  if (transpose) {
    MatMulOf(x, a, y, 1, rows, cols);
  } else {
    MatMulOf(a, x, y, rows, cols, 1);
  }
}

}  // namespace

ProductKernel ChooseProductKernel(std::size_t m, std::size_t k, std::size_t n) {
  if (k == 0) return ProductKernel::kBlas;  // zeros, without a kernel
  // A matrix times a column, or a row times a matrix: the matrix-vector gate (MatVec).
  if (n == 1) return m * k <= kSmallMatVecElements ? ProductKernel::kSmallMatVec : ProductKernel::kBlas;
  if (m == 1) return k * n <= kSmallMatVecElements ? ProductKernel::kSmallMatMul : ProductKernel::kBlas;
  // m k n <= kSmallProductFlops, without overflow.
  return m <= kSmallProductFlops / k / n ? ProductKernel::kSmallMatMul : ProductKernel::kBlas;
}

double DotReference(const double* a, const double* b, std::size_t n) { return DotReferenceOf(a, b, n); }
void MatVecReference(const double* a, std::size_t rows, std::size_t cols, const double* x, double* y, bool transpose) {
  MatVecReferenceOf(a, rows, cols, x, y, transpose);
}
void MatMulReference(const double* a, const double* b, double* c, std::size_t m, std::size_t k, std::size_t n) {
  MatMulReferenceOf(a, b, c, m, k, n);
}

#define BLASKIT_PRODUCTS(T)                                                                           \
  T Dot(const T* a, const T* b, std::size_t n) { return DotOf(a, b, n); }                             \
  void MatVec(const T* a, std::size_t rows, std::size_t cols, const T* x, T* y, bool transpose) {     \
    MatVecOf(a, rows, cols, x, y, transpose);                                                         \
  }                                                                                                   \
  void MatMul(const T* a, const T* b, T* c, std::size_t m, std::size_t k, std::size_t n) {            \
    MatMulOf(a, b, c, m, k, n);                                                                       \
  }                                                                                                   \
  void BlasMatVec(const T* a, std::size_t rows, std::size_t cols, const T* x, T* y, bool transpose) { \
    BlasMatVecOf(a, rows, cols, x, y, transpose);                                                     \
  }                                                                                                   \
  void BlasMatMul(const T* a, const T* b, T* c, std::size_t m, std::size_t k, std::size_t n) {        \
    BlasMatMulOf(a, b, c, m, k, n);                                                                   \
  }
BLASKIT_PRODUCTS(double)
BLASKIT_PRODUCTS(float)
#undef BLASKIT_PRODUCTS

const char* BlasConfig() { return openblas_get_config(); }

int BlasNumThreads() { return openblas_get_num_threads(); }

const CoreChoice& BlasCoreChoice() {
  static const CoreChoice choice = ChooseAndApplyCore();
  return choice;
}

std::string BlasCoreName() {
  const char* name = openblas_get_corename();
  return name != nullptr ? name : "";
}

std::string BlasVersion() {
  // The library's own string, not the header's OPENBLAS_VERSION: with dynamic
  // linking the two can differ. 0.3.21 starts it "OpenBLAS 0.3.21 ...".
  const char* config = openblas_get_config();
  static constexpr char kPrefix[] = "OpenBLAS ";
  if (config == nullptr || std::strncmp(config, kPrefix, sizeof(kPrefix) - 1) != 0) return "";
  const char* version = config + sizeof(kPrefix) - 1;
  return std::string(version, std::strcspn(version, " "));
}

}  // namespace blaskit
