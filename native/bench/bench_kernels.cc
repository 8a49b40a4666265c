// npm run bench:native (bench/native.sh): every kernel timed alone,
// with no Node involved, against the limits of the machine it runs on,
// measured in the same run:
//   - memcpy and the loop y[i] = 2 * x[i], the bandwidth that a kernel reading
//     x once and writing y once can hope for;
//   - cblas_dgemm called directly, for blaskit::MatMul (which adds the BLAS
//     gate, the process-wide BLAS lock and row slicing around it).
// The output is a table per size and the project's speed targets as PASS/MISS
// lines. Speed never fails the run: the exit status is 1 only when a kernel's
// output is wrong (every output is checked against a scalar formula before it
// is timed, so nothing fast-but-wrong is ever reported), 2 when it cannot run
// (bad arguments, no memory).
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/timing.h"
#include "blas/blas.h"
#include "kernels/activations.h"
#include "kernels/binary.h"
#include "kernels/rows.h"

// The kernels' thread pool arrives in its own change; until it has, the
// benchmark builds and runs its one-thread columns only.
#if __has_include("parallel/pool.h")
#include "parallel/pool.h"
#define BLASKIT_BENCH_HAVE_POOL 1
#else
#define BLASKIT_BENCH_HAVE_POOL 0
#endif
// Likewise the kernels' run-time SIMD dispatch: without it, the environment
// variable that steers it is all there is to print.
#if __has_include("kernels/dispatch.h")
#include "kernels/dispatch.h"
#define BLASKIT_BENCH_HAVE_DISPATCH 1
#else
#define BLASKIT_BENCH_HAVE_DISPATCH 0
#endif

namespace blaskit::bench {
namespace {

constexpr std::size_t kRowColumns = 1000;  // softmax, normalizeRows and outer
constexpr double kInputRange = 8.0;        // activations saturate beyond; this keeps every branch busy
constexpr int kExitWrongOutput = 1;
constexpr int kExitCannotRun = 2;

std::string Format(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string Format(const char* format, ...) {
  char text[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(text, sizeof text, format, args);
  va_end(args);
  return text;
}

// "1e6" for powers of ten, digits otherwise.
std::string SizeLabel(std::size_t n) {
  int exponent = 0;
  std::size_t rest = n;
  while (rest >= 10 && rest % 10 == 0) {
    rest /= 10;
    ++exponent;
  }
  return rest == 1 && exponent > 0 ? Format("1e%d", exponent) : Format("%zu", n);
}

// --- options -----------------------------------------------------------------

struct Options {
  bool quick = false;
  std::vector<std::size_t> sizes = {1000, 10000, 100000, 1000000, 10000000};
  std::vector<unsigned> threads = {1, 2};
  std::vector<std::size_t> dgemm_sizes = {256, 512, 1000};
};

const char kUsage[] =
    "usage: bench-native.sh [--quick] [--sizes 1e3,1e6] [--threads 1,2] [--dgemm 256,512|none]\n"
    "  --quick    ~0.03 s of samples per row instead of ~0.2 s (CI's smoke run)\n"
    "  --sizes    element counts (default 1e3,1e4,1e5,1e6,1e7)\n"
    "  --threads  kernel pool sizes to time (default 1,2)\n"
    "  --dgemm    square matrix sizes for cblas_dgemm vs blaskit::MatMul (default 256,512,1000)\n";

// "1e3,10000" -> {1000, 10000}; false on anything that is not a positive
// whole number up to 1e9.
bool ParseCounts(const std::string& text, std::vector<std::size_t>& out) {
  out.clear();
  if (text == "none") return true;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    char* end = nullptr;
    const double value = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0' || !(value >= 1 && value <= 1e9) || value != std::floor(value)) {
      return false;
    }
    out.push_back(static_cast<std::size_t>(value));
  }
  return !out.empty();
}

bool ParseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    const std::size_t equals = arg.find('=');
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
      arg = arg.substr(0, equals);
    }
    const bool takes_value = arg == "--sizes" || arg == "--threads" || arg == "--dgemm";
    if (takes_value && equals == std::string::npos) {
      if (i + 1 >= argc) return false;
      value = argv[++i];
    }
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--quick" && equals == std::string::npos) {
      options.quick = true;
    } else if (arg == "--sizes") {
      if (!ParseCounts(value, options.sizes) || options.sizes.empty()) return false;
    } else if (arg == "--dgemm") {
      if (!ParseCounts(value, options.dgemm_sizes)) return false;
    } else if (arg == "--threads") {
      std::vector<std::size_t> counts;
      if (!ParseCounts(value, counts) || counts.empty()) return false;
      options.threads.clear();
      for (std::size_t count : counts) {
        if (count > 256) return false;
        options.threads.push_back(static_cast<unsigned>(count));
      }
    } else {
      return false;
    }
  }
  return true;
}

// --- the machine ---------------------------------------------------------------

std::string ReadFirstLine(const char* path) {
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);
  return line;
}

std::string CpuInfoField(const std::string& field) {
  std::ifstream file("/proc/cpuinfo");
  std::string line;
  while (std::getline(file, line)) {
    if (line.compare(0, field.size(), field) != 0) continue;
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
  }
  return "";
}

// The flags that decide which SIMD code can run (the same list as bench/machine.mjs).
std::string SimdFlags() {
  const std::string all = " " + CpuInfoField("flags") + " ";
  std::string found;
  for (const char* flag : {"sse2", "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl",
                           "avx512_bf16", "amx_tile"}) {
    if (all.find(std::string(" ") + flag + " ") != std::string::npos) found += std::string(" ") + flag;
  }
  return found.empty() ? " (none listed)" : found;
}

std::string EnvOrUnset(const char* name) {
  const char* value = std::getenv(name);
  return value ? Format("%s=%s", name, value) : Format("%s unset", name);
}

// The target the kernels chose, what forced it lower, and what else could run.
std::string SimdTarget() {
#if BLASKIT_BENCH_HAVE_DISPATCH
  const DispatchInfo info = GetDispatchInfo();
  std::string supported;
  for (const std::string& target : info.supported) {
    supported += (supported.empty() ? "" : ", ") + target;
  }
  return Format("%s%s (supported here: %s; %s)", info.target.c_str(), info.forced ? ", forced lower" : "",
                supported.c_str(), EnvOrUnset("BLASKIT_DISABLE_TARGETS").c_str());
#else
  return EnvOrUnset("BLASKIT_DISABLE_TARGETS") + " (this build has no kernels/dispatch.h to ask)";
#endif
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
  return text;
}

// --- kernel threads --------------------------------------------------------------

bool KernelThreadsAvailable() { return BLASKIT_BENCH_HAVE_POOL != 0; }

// Sets blaskit's pool size; false if the pool did not take it.
bool SetKernelThreads(unsigned threads) {
#if BLASKIT_BENCH_HAVE_POOL
  blaskit::parallel::SetNumThreads(threads);
  return blaskit::parallel::NumThreads() == threads;
#else
  return threads == 1;
#endif
}

// OpenBLAS's thread count. With the pool, through it: it resizes OpenBLAS's
// pool under its ExclusiveCompute lock, as OpenBLAS 0.3.21 needs.
void SetBlasThreads(unsigned threads) {
#if BLASKIT_BENCH_HAVE_POOL
  blaskit::parallel::SetNumThreads(threads);
#else
  openblas_set_num_threads(static_cast<int>(threads));
#endif
}

// --- baselines -------------------------------------------------------------------

// The bandwidth bound: one read and one write per element, one multiply the
// compiler vectorises. noinline and the KeepMemory after each call keep it a
// real call over real memory, like a kernel call into the library.
//
// Built once per vector width the CPU can run, and the bound is the fastest:
// the wider loop wins while the data sits in L1/L2, but from DRAM the 16-byte
// loop measured ~10% faster than the 64-byte one on the project's 2-core
// EPYC (24-25 vs 22-23 GB/s at 1e7), so no single width is the machine's limit.
using Unary = void (*)(const double*, double*, std::size_t);

// Inlined into each width's function below, and vectorised there for it.
[[gnu::always_inline]] inline void ScaleByTwoLoop(const double* __restrict x, double* __restrict y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = 2.0 * x[i];
}

[[gnu::noinline]] void ScaleByTwo(const double* __restrict x, double* __restrict y, std::size_t n) {
  ScaleByTwoLoop(x, y, n);
}

struct ScaleVariant {
  std::string name;
  Unary loop;
};

#if defined(__x86_64__) && defined(__GNUC__)
[[gnu::noinline, gnu::target("avx2")]] void ScaleByTwoAvx2(const double* __restrict x, double* __restrict y,
                                                           std::size_t n) {
  ScaleByTwoLoop(x, y, n);
}
[[gnu::noinline, gnu::target("avx512f")]] void ScaleByTwoAvx512(const double* __restrict x, double* __restrict y,
                                                                std::size_t n) {
  ScaleByTwoLoop(x, y, n);
}

std::vector<ScaleVariant> ScaleVariants() {
  std::vector<ScaleVariant> variants = {{"y = 2x sse2", ScaleByTwo}};
  if (__builtin_cpu_supports("avx2")) variants.push_back({"y = 2x avx2", ScaleByTwoAvx2});
  if (__builtin_cpu_supports("avx512f")) variants.push_back({"y = 2x avx512", ScaleByTwoAvx512});
  return variants;
}
#else
std::vector<ScaleVariant> ScaleVariants() { return {{"y = 2x", ScaleByTwo}}; }
#endif

// --- memory -----------------------------------------------------------------------

// 64-byte aligned so kernels and baselines see the same cache-line layout in
// every run (a large Float64Array's store is only guaranteed 16). Eight guard
// elements after the end catch a kernel that writes past its output.
constexpr std::size_t kGuardElements = 8;
constexpr double kGuardValue = -12345.678;

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// Of doubles, or of floats for the float32 rows (issue 14).
template <typename T>
class BufferOf {
 public:
  explicit BufferOf(std::size_t n) : size_(n) {
    const std::size_t bytes = ((n + kGuardElements) * sizeof(T) + 63) / 64 * 64;
    data_.reset(static_cast<T*>(std::aligned_alloc(64, bytes)));
    if (!data_) {
      std::fprintf(stderr, "bench: cannot allocate %zu bytes\n", bytes);
      std::exit(kExitCannotRun);
    }
    ResetGuard();
  }
  T* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  void ResetGuard() { std::fill(data_.get() + size_, data_.get() + size_ + kGuardElements, T(kGuardValue)); }
  bool GuardIntact() const {
    return std::all_of(data_.get() + size_, data_.get() + size_ + kGuardElements,
                       [](T v) { return v == T(kGuardValue); });
  }

 private:
  std::unique_ptr<T, FreeDeleter> data_;
  std::size_t size_;
};
using Buffer = BufferOf<double>;
using FloatBuffer = BufferOf<float>;

void FillUniform(Buffer& buffer, double low, double high, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(low, high);
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer.data()[i] = uniform(random);
}

// --- checking outputs ----------------------------------------------------------------
// References are computed in long double (64-bit significand on x86) with
// formulas that do not cancel, so their own error is ~2^11 below a double ULP:
// independent of both the kernels and their `...Scalar` twins. Tolerances are
// loose on purpose, twice what the scalar twins promise (activations.h: 2 ULP,
// 4 for the derivatives), so any correct implementation passes: this only
// makes sure that what is timed is the right answer; test/ measures accuracy.

double UlpError(double got, long double exact) {
  if (!std::isfinite(got)) return HUGE_VAL;
  const double nearest = std::fabs(static_cast<double>(exact));
  const double ulp = std::nextafter(nearest, HUGE_VAL) - nearest;
  return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / ulp);
}

// Unit roundoff bound of a sum of n products, gamma_n = n u / (1 - n u).
double SumErrorBound(std::size_t n) {
  const double nu = static_cast<double>(n) * std::ldexp(1.0, -53);
  return nu / (1 - nu);
}

// Every element of a short output. Of a long one (a long double exp costs
// ~70 ns, too slow for 1e7 elements per kernel per run): the ends and the
// middle (SIMD tails, the split across two threads), and an even spread.
std::vector<std::size_t> SampleIndices(std::size_t n) {
  constexpr std::size_t kSpread = 16384;
  std::vector<std::size_t> at;
  if (n <= kSpread) {
    for (std::size_t i = 0; i < n; ++i) at.push_back(i);
    return at;
  }
  auto add = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) at.push_back(i);
  };
  add(0, 256);
  add(n - 256, n);
  add(n / 2 - 256, n / 2 + 256);
  for (std::size_t k = 0; k < kSpread; ++k) at.push_back(k * (n - 1) / (kSpread - 1));
  return at;
}

// Outputs start as NaN, and inputs are finite, so a NaN left over is an
// element the kernel never wrote.
std::string CheckAllWritten(const double* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(y[i])) return Format("y[%zu] = %g: not written, or not finite", i, y[i]);
  }
  return "";
}

using Exact = long double (*)(long double);

std::string CheckSampled(const double* x, const double* y, std::size_t n, Exact exact, double max_ulps) {
  std::string missing = CheckAllWritten(y, n);
  if (!missing.empty()) return missing;
  for (std::size_t i : SampleIndices(n)) {
    const long double want = exact(x[i]);
    const double ulps = UlpError(y[i], want);
    if (ulps > max_ulps) {
      return Format("y[%zu] = %.17g for x = %.17g, want %.17Lg (%.1f ULP, allowed %.0f)", i, y[i], x[i], want, ulps,
                    max_ulps);
    }
  }
  return "";
}

std::string CheckEvery(const double* x, const double* y, std::size_t n, double (*exact)(double)) {
  for (std::size_t i = 0; i < n; ++i) {
    const double want = exact(x[i]);
    if (std::memcmp(&y[i], &want, sizeof want) != 0) {
      return Format("y[%zu] = %.17g for x = %.17g, want exactly %.17g", i, y[i], x[i], want);
    }
  }
  return "";
}

long double ExactSigmoid(long double x) { return 1 / (1 + std::exp(-x)); }
long double ExactSigmoidDerivative(long double x) {
  const long double e = std::exp(-std::fabs(x));
  return e / ((1 + e) * (1 + e));
}
long double ExactTanh(long double x) { return std::tanh(x); }
// sech^2 x = 4 e / (1 + e)^2 with e = e^(-2|x|): 1 - tanh^2 would cancel.
long double ExactTanhDerivative(long double x) {
  const long double e = std::exp(-2 * std::fabs(x));
  return 4 * e / ((1 + e) * (1 + e));
}
double ExactRelu(double x) { return x < 0 ? 0.0 : x; }
double ExactReluDerivative(double x) { return x > 0 ? 1.0 : 0.0; }
double ExactDouble(double x) { return 2.0 * x; }
double ExactCopy(double x) { return x; }

// Rows: the first, the middle, the last and an even spread. Allowed error: 16
// ULP plus the worst-case rounding of a sum of `cols` terms (the row's sum of
// exponentials, or of squares), which dominates for long rows.
std::string CheckRows(const double* x, const double* y, std::size_t rows, std::size_t cols, bool softmax) {
  std::string missing = CheckAllWritten(y, rows * cols);
  if (!missing.empty()) return missing;
  const double max_ulps = 16 + 2 * SumErrorBound(cols) / std::ldexp(1.0, -52);
  std::vector<std::size_t> sampled = {0, rows / 2, rows - 1};
  for (std::size_t k = 0; k < 16; ++k) sampled.push_back(k * (rows - 1) / 15);
  std::vector<long double> want(cols);
  for (std::size_t row : sampled) {
    const double* in = x + row * cols;
    const double* out = y + row * cols;
    if (softmax) {
      const long double max = *std::max_element(in, in + cols);
      long double sum = 0;
      for (std::size_t j = 0; j < cols; ++j) sum += want[j] = std::exp(in[j] - max);
      for (long double& w : want) w /= sum;
    } else {
      long double sum_of_squares = 0;
      for (std::size_t j = 0; j < cols; ++j) sum_of_squares += static_cast<long double>(in[j]) * in[j];
      const long double norm = std::sqrt(sum_of_squares);
      for (std::size_t j = 0; j < cols; ++j) want[j] = in[j] / norm;
    }
    for (std::size_t j = 0; j < cols; ++j) {
      const double ulps = UlpError(out[j], want[j]);
      if (ulps > max_ulps) {
        return Format("row %zu, y[%zu] = %.17g, want %.17Lg (%.1f ULP, allowed %.0f)", row, j, out[j], want[j], ulps,
                      max_ulps);
      }
    }
  }
  return "";
}

std::string CheckProducts(const double* a, const double* b, const double* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (y[i] != a[i] * b[i]) return Format("y[%zu] = %.17g, want %.17g", i, y[i], a[i] * b[i]);
  }
  return "";
}

std::string CheckOuter(const double* a, std::size_t na, const double* b, std::size_t nb, const double* y) {
  for (std::size_t i = 0; i < na; ++i) {
    for (std::size_t j = 0; j < nb; ++j) {
      if (y[i * nb + j] != a[i] * b[j]) {
        return Format("out[%zu][%zu] = %.17g, want %.17g", i, j, y[i * nb + j], a[i] * b[j]);
      }
    }
  }
  return "";
}

// float32 (issue 14): the activations and rows must give (float) of the
// float64 kernel's result on the widened input, every element, bit for bit;
// multiply and outer the float operation. `f64` fills its output from the
// widened input.
std::string CheckRoundedFromDouble(const float* x, const float* y, std::size_t n,
                                   const std::function<void(const double*, double*)>& f64) {
  std::vector<double> wide(x, x + n);
  std::vector<double> want(n);
  f64(wide.data(), want.data());
  for (std::size_t i = 0; i < n; ++i) {
    const float w = static_cast<float>(want[i]);
    if (std::memcmp(&y[i], &w, sizeof w) != 0) {
      return Format("y[%zu] = %.9g for x = %.9g, want (float) of the float64 kernel, %.9g", i, y[i], x[i], w);
    }
  }
  return "";
}

std::string CheckFloatMultiply(const float* a, const float* b, const float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (y[i] != a[i] * b[i]) return Format("y[%zu] = %.9g, want %.9g", i, y[i], a[i] * b[i]);
  }
  return "";
}

std::string CheckFloatOuter(const float* a, std::size_t na, const float* b, std::size_t nb, const float* y) {
  for (std::size_t i = 0; i < na; ++i) {
    for (std::size_t j = 0; j < nb; ++j) {
      if (y[i * nb + j] != a[i] * b[j])
        return Format("out[%zu][%zu] = %.9g, want %.9g", i, j, y[i * nb + j], a[i] * b[j]);
    }
  }
  return "";
}

// sdot against the double sum, within n 2^-24 of the sum of magnitudes.
std::string CheckFloatDot(const float* a, const float* b, std::size_t n, double got) {
  double exact = 0;
  double magnitude = 0;
  for (std::size_t i = 0; i < n; ++i) {
    exact += static_cast<double>(a[i]) * b[i];
    magnitude += std::fabs(static_cast<double>(a[i]) * b[i]);
  }
  const double nu = static_cast<double>(n) * std::ldexp(1.0, -24);
  if (!(std::fabs(got - exact) <= nu / (1 - nu) * magnitude)) {
    return Format("sdot = %.9g, want %.12g", got, exact);
  }
  return "";
}

std::string CheckDot(const double* a, const double* b, std::size_t n, double got) {
  long double exact = 0;
  long double magnitude = 0;
  for (std::size_t i = 0; i < n; ++i) {
    exact += static_cast<long double>(a[i]) * b[i];
    magnitude += std::fabs(static_cast<long double>(a[i]) * b[i]);
  }
  const long double allowed = SumErrorBound(n) * magnitude;
  if (!(std::fabs(got - exact) <= allowed)) {
    return Format("dot = %.17g, want %.17Lg (off by %.3Lg, allowed %.3Lg)", got, exact, std::fabs(got - exact),
                  allowed);
  }
  return "";
}

// --- cases -------------------------------------------------------------------------

// The data of one size, allocated once and reused by every case.
struct Inputs {
  explicit Inputs(std::size_t n)
      : n(n), cols(std::min(n, kRowColumns)), rows(n / cols), x(n), b(n), y(n), x32(n), b32(n), y32(n) {
    FillUniform(x, -kInputRange, kInputRange, 1);
    FillUniform(b, -kInputRange, kInputRange, 2);
    std::fill(y.data(), y.data() + n, 0.0);  // touched: the steady state of a reused `out`
    // The float32 rows: the same values, rounded to float.
    std::copy(x.data(), x.data() + n, x32.data());
    std::copy(b.data(), b.data() + n, b32.data());
    std::fill(y32.data(), y32.data() + n, 0.0f);
  }
  std::size_t n;
  std::size_t cols;  // rows of 1000 columns, or one row of n when n < 1000
  std::size_t rows;
  Buffer x;
  Buffer b;
  Buffer y;
  FloatBuffer x32;
  FloatBuffer b32;
  FloatBuffer y32;
};

struct Case {
  enum Role { kKernel, kBaseline, kBound };  // kBound: a y = 2x loop, candidate for the bound
  std::string name;
  std::string note;          // footnote mark for a traffic unlike y = 2x's
  double bytes_per_element;  // compulsory traffic: each input read once, the output written once
  std::size_t elements;
  Role role;
  std::function<double()> call;              // one call; returns dot's result, else 0
  std::function<std::string(double)> check;  // given call()'s result; "" when right
};

// The float32 rows (issue 14), named "<kernel> f32": the float overloads on
// the same values rounded to float, half the bytes per element.
void AddFloat32Cases(Inputs& in, std::vector<Case>& cases) {
  const float* x = in.x32.data();
  const float* b = in.b32.data();
  float* y = in.y32.data();
  const std::size_t n = in.n;
  const std::size_t rows = in.rows;
  const std::size_t cols = in.cols;
  auto unary = [&](const char* name, void (*f32)(const float*, float*, std::size_t),
                   void (*f64)(const double*, double*, std::size_t)) {
    return Case{std::string(name) + " f32",
                "",
                8,
                n,
                Case::kKernel,
                [=] {
                  f32(x, y, n);
                  return 0.0;
                },
                [=](double) {
                  return CheckRoundedFromDouble(x, y, n, [=](const double* wide, double* want) { f64(wide, want, n); });
                }};
  };
  cases.push_back(unary("sigmoid", Sigmoid, Sigmoid));
  cases.push_back(unary("sigmoidDerivative", SigmoidDerivative, SigmoidDerivative));
  cases.push_back(unary("tanh", Tanh, Tanh));
  cases.push_back(unary("tanhDerivative", TanhDerivative, TanhDerivative));
  cases.push_back(unary("relu", Relu, Relu));
  cases.push_back(unary("reluDerivative", ReluDerivative, ReluDerivative));
  auto row_case = [&](const char* name, void (*f32)(const float*, float*, std::size_t, std::size_t),
                      void (*f64)(const double*, double*, std::size_t, std::size_t)) {
    return Case{std::string(name) + " f32",
                "",
                8,
                rows * cols,
                Case::kKernel,
                [=] {
                  f32(x, y, rows, cols);
                  return 0.0;
                },
                [=](double) {
                  return CheckRoundedFromDouble(x, y, rows * cols,
                                                [=](const double* wide, double* want) { f64(wide, want, rows, cols); });
                }};
  };
  cases.push_back(row_case("softmax", SoftmaxRows, SoftmaxRows));
  cases.push_back(row_case("normalizeRows", NormalizeRows, NormalizeRows));
  cases.push_back(Case{"multiply f32", "", 12, n, Case::kKernel,
                       [=] {
                         Binary(BinaryOp::kMultiply, x, b, y, n);
                         return 0.0;
                       },
                       [=](double) { return CheckFloatMultiply(x, b, y, n); }});
  cases.push_back(Case{"outer f32", "w", 4, rows * cols, Case::kKernel,
                       [=] {
                         Outer(x, rows, b, cols, y);
                         return 0.0;
                       },
                       [=](double) { return CheckFloatOuter(x, rows, b, cols, y); }});
  cases.push_back(Case{"dot f32", "r", 8, n, Case::kKernel, [=] { return static_cast<double>(Dot(x, b, n)); },
                       [=](double result) { return CheckFloatDot(x, b, n, result); }});
}

// The kernels, in the order of the tables.
std::vector<Case> KernelCases(Inputs& in) {
  const double* x = in.x.data();
  const double* b = in.b.data();
  double* y = in.y.data();
  const std::size_t n = in.n;
  const std::size_t rows = in.rows;
  const std::size_t cols = in.cols;
  // An elementwise kernel over x into y, its output judged by `check()`.
  auto unary = [&](const char* name, void (*kernel)(const double*, double*, std::size_t), auto check) {
    return Case{name,
                "",
                16,
                n,
                Case::kKernel,
                [=] {
                  kernel(x, y, n);
                  return 0.0;
                },
                [=](double) { return check(); }};
  };
  std::vector<Case> cases;
  cases.push_back(unary("sigmoid", Sigmoid, [=] { return CheckSampled(x, y, n, ExactSigmoid, 4); }));
  cases.push_back(
      unary("sigmoidDerivative", SigmoidDerivative, [=] { return CheckSampled(x, y, n, ExactSigmoidDerivative, 8); }));
  cases.push_back(unary("tanh", Tanh, [=] { return CheckSampled(x, y, n, ExactTanh, 4); }));
  cases.push_back(
      unary("tanhDerivative", TanhDerivative, [=] { return CheckSampled(x, y, n, ExactTanhDerivative, 8); }));
  cases.push_back(unary("relu", Relu, [=] { return CheckEvery(x, y, n, ExactRelu); }));
  cases.push_back(unary("reluDerivative", ReluDerivative, [=] { return CheckEvery(x, y, n, ExactReluDerivative); }));
  cases.push_back(Case{"softmax", "", 16, rows * cols, Case::kKernel,
                       [=] {
                         SoftmaxRows(x, y, rows, cols);
                         return 0.0;
                       },
                       [=](double) { return CheckRows(x, y, rows, cols, true); }});
  cases.push_back(Case{"normalizeRows", "", 16, rows * cols, Case::kKernel,
                       [=] {
                         NormalizeRows(x, y, rows, cols);
                         return 0.0;
                       },
                       [=](double) { return CheckRows(x, y, rows, cols, false); }});
  cases.push_back(Case{"multiply", "", 24, n, Case::kKernel,
                       [=] {
                         Multiply(x, b, y, n);
                         return 0.0;
                       },
                       [=](double) { return CheckProducts(x, b, y, n); }});
  // (rows x 1000) from two short vectors: nearly all traffic is the write.
  cases.push_back(Case{"outer", "w", 8, rows * cols, Case::kKernel,
                       [=] {
                         Outer(x, rows, b, cols, y);
                         return 0.0;
                       },
                       [=](double) { return CheckOuter(x, rows, b, cols, y); }});
  cases.push_back(Case{"dot", "r", 16, n, Case::kKernel, [=] { return Dot(x, b, n); },
                       [=](double result) { return CheckDot(x, b, n, result); }});
  AddFloat32Cases(in, cases);
  return cases;
}

// Runs `loop` over [0, n) on the current thread, or split across the
// kernels' pool like a kernel (chunks of whole cache lines): on T threads the
// bound and the kernels then pay the same threading costs, and differ only in
// their loops.
void RunSplit(Unary loop, const double* x, double* y, std::size_t n, bool split) {
#if BLASKIT_BENCH_HAVE_POOL
  if (split) {
    parallel::ParallelFor(
        n, 1, 8, [&](std::size_t begin, std::size_t end) noexcept { loop(x + begin, y + begin, end - begin); });
    return;
  }
#else
  (void)split;  // no pool: one thread only (Main never asks for more)
#endif
  loop(x, y, n);
}

// memcpy and each y = 2x loop, on the pool's current thread count when
// `split`, else on the calling thread.
std::vector<Case> BaselineCases(Inputs& in, bool split, const std::string& suffix) {
  const double* x = in.x.data();
  double* y = in.y.data();
  const std::size_t n = in.n;
  auto call = [=](Unary loop) {
    return [=] {
      RunSplit(loop, x, y, n, split);
      return 0.0;
    };
  };
  const Unary copy = [](const double* from, double* to, std::size_t count) {
    std::memcpy(to, from, count * sizeof(double));
  };
  std::vector<Case> cases = {Case{"memcpy" + suffix, "", 16, n, Case::kBaseline, call(copy),
                                  [=](double) { return CheckEvery(x, y, n, ExactCopy); }}};
  for (const ScaleVariant& variant : ScaleVariants()) {
    cases.push_back(Case{variant.name + suffix, "", 16, n, Case::kBound, call(variant.loop),
                         [=](double) { return CheckEvery(x, y, n, ExactDouble); }});
  }
  return cases;
}

// --- one size -------------------------------------------------------------------------

struct Measured {
  Summary seconds_per_call;
  bool wrong = false;
};

struct Row {
  std::string name;
  std::string note;
  double bytes_per_element = 0;
  std::size_t elements = 0;
  std::map<unsigned, Measured> by_threads;

  double NanosecondsPerElement(unsigned threads) const {
    return by_threads.at(threads).seconds_per_call.median * 1e9 / static_cast<double>(elements);
  }
  double GigabytesPerSecond(unsigned threads) const {
    return bytes_per_element * static_cast<double>(elements) / by_threads.at(threads).seconds_per_call.median / 1e9;
  }
  bool Has(unsigned threads) const {
    auto found = by_threads.find(threads);
    return found != by_threads.end() && !found->second.wrong && found->second.seconds_per_call.samples > 0;
  }
};

struct SizeResult {
  std::size_t n = 0;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<Row> rows_in_order;
  std::map<unsigned, double> bound_gbps;  // the fastest y = 2x loop on 1 to T threads
  std::map<unsigned, std::string> bound_source;
  const Row* Find(const std::string& name) const {
    for (const Row& row : rows_in_order) {
      if (row.name == name) return &row;
    }
    return nullptr;
  }
};

Row& RowFor(SizeResult& result, const Case& c) {
  for (Row& row : result.rows_in_order) {
    if (row.name == c.name) return row;
  }
  result.rows_in_order.push_back(Row{c.name, c.note, c.bytes_per_element, c.elements, {}});
  return result.rows_in_order.back();
}

// Checks every case, then times those that are right in interleaved rounds.
// Returns false if any output was wrong.
bool MeasureBlock(Inputs& in, unsigned threads, const SamplingPolicy& policy, SizeResult& result) {
  std::vector<Case> cases = BaselineCases(in, threads > 1, "");
  // On T threads the bound is the best y = 2x on T threads or on one: below
  // ~1e5 elements handing work to another thread costs more than it saves.
  std::vector<bool> shown(cases.size(), true);
  if (threads > 1) {
    for (Case& c : BaselineCases(in, false, " (1 thread)")) {
      if (c.role != Case::kBound) continue;
      cases.push_back(std::move(c));
      shown.push_back(false);
    }
  }
  for (Case& kernel : KernelCases(in)) {
    cases.push_back(std::move(kernel));
    shown.push_back(true);
  }

  bool all_right = true;
  std::vector<Timed> timed;
  std::vector<std::size_t> timed_case;
  timed.reserve(cases.size());
  volatile double sink = 0;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    Case& c = cases[k];
    std::fill(in.y.data(), in.y.data() + in.n, std::numeric_limits<double>::quiet_NaN());
    std::fill(in.y32.data(), in.y32.data() + in.n, std::numeric_limits<float>::quiet_NaN());
    in.y.ResetGuard();  // a wrong kernel before this one may have overwritten it
    in.y32.ResetGuard();
    const double returned = c.call();
    std::string problem = c.check(returned);
    if (problem.empty() && (!in.y.GuardIntact() || !in.y32.GuardIntact())) problem = "wrote past the end of its output";
    if (!problem.empty()) {
      std::printf("WRONG OUTPUT  %s, N = %s, %u thread(s): %s (not timed)\n", c.name.c_str(), SizeLabel(in.n).c_str(),
                  threads, problem.c_str());
      all_right = false;
      if (shown[k]) RowFor(result, c).by_threads[threads].wrong = true;
      continue;
    }
    Case* keep = &c;
    timed.push_back(Timed{c.name,
                          [keep, &sink](std::size_t calls) {
                            for (std::size_t i = 0; i < calls; ++i) {
                              sink = keep->call();
                              KeepMemory(keep);
                            }
                          },
                          1,
                          {}});
    timed_case.push_back(k);
  }
  std::vector<Timed*> items;
  for (Timed& t : timed) items.push_back(&t);
  MeasureInterleaved(items, policy);

  for (std::size_t k = 0; k < timed.size(); ++k) {
    const Case& c = cases[timed_case[k]];
    const Summary summary = Summarise(timed[k].seconds_per_call);
    if (shown[timed_case[k]]) RowFor(result, c).by_threads[threads].seconds_per_call = summary;
    const double gbps = c.bytes_per_element * static_cast<double>(c.elements) / summary.median / 1e9;
    if (c.role == Case::kBound && gbps > result.bound_gbps[threads]) {
      result.bound_gbps[threads] = gbps;
      result.bound_source[threads] =
          shown[timed_case[k]] ? Format("%s on %u thread%s", c.name.c_str(), threads, threads == 1 ? "" : "s") : c.name;
    }
  }
  if (result.bound_gbps[threads] == 0) result.bound_gbps.erase(threads);
  return all_right;
}

void PrintSizeTable(const SizeResult& result, const std::vector<unsigned>& threads) {
  // One group of columns per thread count: ns/elem, GB/s, % of the bound, spread.
  constexpr int kGroupWidth = 32;
  const bool compare = threads.size() > 1;
  std::printf("\nN = %s (%.1f MB per array); softmax, normalizeRows, outer: %zu x %zu\n", SizeLabel(result.n).c_str(),
              static_cast<double>(result.n) * 8 / 1e6, result.rows, result.cols);
  std::printf("%-22s %6s", "", "bytes");
  for (unsigned t : threads) {
    // Padded only when another column follows, so lines carry no trailing blanks.
    const int width = compare || t != threads.back() ? kGroupWidth : 0;
    std::printf(" | %-*s", width, Format("%u thread%s", t, t == 1 ? "" : "s").c_str());
  }
  if (compare) std::printf(" | %u vs %u", threads.back(), threads.front());
  std::printf("\n%-22s %6s", "kernel", "/elem");
  for (std::size_t i = 0; i < threads.size(); ++i) {
    std::printf(" | %8s %7s %7s %7s", "ns/elem", "GB/s", "%bound", "spread");
  }
  if (compare) std::printf(" | %7s", "speedup");
  std::printf("\n");
  for (const Row& row : result.rows_in_order) {
    std::printf("%-22s %5.0f%1s", row.name.c_str(), row.bytes_per_element, row.note.c_str());
    for (unsigned t : threads) {
      const int width = compare || t != threads.back() ? kGroupWidth : 0;
      auto found = row.by_threads.find(t);
      const auto bound = result.bound_gbps.find(t);
      if (found != row.by_threads.end() && found->second.wrong) {
        std::printf(" | %-*s", width, "WRONG OUTPUT, not timed");
      } else if (!row.Has(t)) {
        std::printf(" | %-*s", width, "-");
      } else {
        const double gbps = row.GigabytesPerSecond(t);
        std::printf(" | %8.3f %7.2f %7s %7s", row.NanosecondsPerElement(t), gbps,
                    bound == result.bound_gbps.end() ? "-" : Format("%.0f%%", 100 * gbps / bound->second).c_str(),
                    Format("%.1f%%", 100 * found->second.seconds_per_call.Spread()).c_str());
      }
    }
    if (compare) {
      if (row.Has(threads.front()) && row.Has(threads.back())) {
        std::printf(" | %6.2fx",
                    row.NanosecondsPerElement(threads.front()) / row.NanosecondsPerElement(threads.back()));
      } else {
        std::printf(" | %7s", "-");
      }
    }
    std::printf("\n");
  }
  for (unsigned t : threads) {
    auto bound = result.bound_gbps.find(t);
    if (bound == result.bound_gbps.end()) continue;
    std::printf("  bound on %u thread%s: %.2f GB/s, %s\n", t, t == 1 ? "" : "s", bound->second,
                result.bound_source.at(t).c_str());
  }
}

// float32 against float64 (issue 14): ns per element of each kernel in both,
// and the speedup, per thread count.
void PrintFloat32Ratios(const SizeResult& result, const std::vector<unsigned>& threads) {
  std::printf("\nN = %s: float32 against float64 (ns/elem; speedup = f64 / f32)\n%-18s", SizeLabel(result.n).c_str(),
              "kernel");
  for (unsigned t : threads)
    std::printf(" | %-26s", Format("%u thread%s: f64 f32 speedup", t, t == 1 ? "" : "s").c_str());
  std::printf("\n");
  for (const Row& row : result.rows_in_order) {
    const Row* f32 = result.Find(row.name + " f32");
    if (f32 == nullptr) continue;
    std::printf("%-18s", row.name.c_str());
    for (unsigned t : threads) {
      if (row.Has(t) && f32->Has(t)) {
        std::printf(" | %8.3f %8.3f %7.2fx", row.NanosecondsPerElement(t), f32->NanosecondsPerElement(t),
                    row.NanosecondsPerElement(t) / f32->NanosecondsPerElement(t));
      } else {
        std::printf(" | %-26s", "-");
      }
    }
    std::printf("\n");
  }
}

// --- dgemm ------------------------------------------------------------------------------

// Sampled entries of C = A B against a long double dot product; "" when right.
std::string CheckProduct(const Buffer& a, const Buffer& b, const Buffer& c, std::size_t n) {
  std::string missing = CheckAllWritten(c.data(), n * n);
  if (!missing.empty()) return missing;
  if (!c.GuardIntact()) return "wrote past the end of C";
  const double allowed_fraction = SumErrorBound(n);
  for (std::size_t k = 0; k < 256; ++k) {
    const std::size_t i = k * (n - 1) / 255;
    const std::size_t j = (k * 7919) % n;
    long double exact = 0;
    long double magnitude = 0;
    for (std::size_t p = 0; p < n; ++p) {
      const long double term = static_cast<long double>(a.data()[i * n + p]) * b.data()[p * n + j];
      exact += term;
      magnitude += std::fabs(term);
    }
    const double got = c.data()[i * n + j];
    if (!(std::fabs(got - exact) <= allowed_fraction * magnitude)) {
      return Format("C[%zu][%zu] = %.17g, want %.17Lg", i, j, got, exact);
    }
  }
  return "";
}

// cblas_dgemm called directly against blaskit::MatMul on the same matrices,
// with OpenBLAS on each thread count (the pool's SetNumThreads sets OpenBLAS's
// count too).
bool RunDgemm(const std::vector<std::size_t>& sizes, const std::vector<unsigned>& threads,
              const SamplingPolicy& policy) {
  if (sizes.empty()) return true;
  std::printf("\ndgemm: C = A B, square n x n, row-major, A and B uniform in [-1, 1]\n");
  std::printf("%6s %8s | %-22s | %-22s | %s\n", "n", "OpenBLAS", "cblas_dgemm (direct)", "blaskit::MatMul",
              "MatMul's speed");
  std::printf("%6s %8s | %13s %8s | %13s %8s | %s\n", "", "threads", "GFLOP/s", "spread", "GFLOP/s", "spread",
              "vs direct");
  bool all_right = true;
  for (std::size_t n : sizes) {
    Buffer a(n * n);
    Buffer b(n * n);
    Buffer direct(n * n);
    Buffer wrapped(n * n);
    FillUniform(a, -1, 1, 3);
    FillUniform(b, -1, 1, 4);
    const int bn = static_cast<int>(n);
    auto call_direct = [&] {
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, bn, bn, bn, 1.0, a.data(), bn, b.data(), bn, 0.0,
                  direct.data(), bn);
    };
    auto call_wrapped = [&] { MatMul(a.data(), b.data(), wrapped.data(), n, n, n); };
    for (unsigned t : threads) {
      SetBlasThreads(t);
      std::fill(direct.data(), direct.data() + n * n, std::numeric_limits<double>::quiet_NaN());
      std::fill(wrapped.data(), wrapped.data() + n * n, std::numeric_limits<double>::quiet_NaN());
      call_direct();
      call_wrapped();
      std::string problem = CheckProduct(a, b, direct, n);
      if (!problem.empty()) problem = "cblas_dgemm " + problem;
      if (problem.empty()) problem = CheckProduct(a, b, wrapped, n);
      if (!problem.empty()) {
        std::printf("WRONG OUTPUT  dgemm n = %zu, %u thread(s): %s (not timed)\n", n, t, problem.c_str());
        all_right = false;
        continue;
      }
      Timed timed_direct{"cblas_dgemm",
                         [&](std::size_t calls) {
                           for (std::size_t c = 0; c < calls; ++c) call_direct();
                         },
                         1,
                         {}};
      Timed timed_wrapped{"MatMul",
                          [&](std::size_t calls) {
                            for (std::size_t c = 0; c < calls; ++c) call_wrapped();
                          },
                          1,
                          {}};
      std::vector<Timed*> items = {&timed_direct, &timed_wrapped};
      MeasureInterleaved(items, policy);
      const Summary s_direct = Summarise(timed_direct.seconds_per_call);
      const Summary s_wrapped = Summarise(timed_wrapped.seconds_per_call);
      const double flops = 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
      std::printf("%6zu %8d | %13.1f %8s | %13.1f %8s | %13.0f%%\n", n, openblas_get_num_threads(),
                  flops / s_direct.median / 1e9, Format("%.1f%%", 100 * s_direct.Spread()).c_str(),
                  flops / s_wrapped.median / 1e9, Format("%.1f%%", 100 * s_wrapped.Spread()).c_str(),
                  100 * s_direct.median / s_wrapped.median);
    }
  }
  return all_right;
}

// --- the targets --------------------------------------------------------------------------

void PrintTargets(const std::vector<SizeResult>& results, const std::vector<unsigned>& threads) {
  auto size_result = [&](std::size_t n) -> const SizeResult* {
    for (const SizeResult& r : results) {
      if (r.n == n) return &r;
    }
    return nullptr;
  };
  const bool have_one = std::find(threads.begin(), threads.end(), 1u) != threads.end();
  const bool have_two = std::find(threads.begin(), threads.end(), 2u) != threads.end();
  std::printf("\ntargets (informative: speed never fails this run)\n");

  std::printf("  N = 1e6, 1 thread: time within 1.20x of the y = 2x bound for the same bytes\n");
  const SizeResult* at_1e6 = size_result(1000000);
  for (const char* name : {"relu", "reluDerivative", "multiply", "sigmoidDerivative", "tanhDerivative"}) {
    const Row* row = at_1e6 ? at_1e6->Find(name) : nullptr;
    if (!at_1e6 || !have_one) {
      std::printf("    -     %-18s not measured (needs 1e6 in --sizes and 1 in --threads)\n", name);
    } else if (!row || !row->Has(1) || !at_1e6->bound_gbps.count(1)) {
      std::printf("    MISS  %-18s no valid measurement\n", name);
    } else {
      const double ratio = at_1e6->bound_gbps.at(1) / row->GigabytesPerSecond(1);
      std::printf("    %-5s %-18s %.2fx the bound\n", ratio <= 1.2 ? "PASS" : "MISS", name, ratio);
    }
  }

  std::printf("  N = 1e7, 2 threads: at least 80%% of the y = 2x bandwidth\n");
  const SizeResult* at_1e7 = size_result(10000000);
  for (const char* name : {"sigmoid", "sigmoidDerivative", "tanh", "tanhDerivative", "softmax"}) {
    const Row* row = at_1e7 ? at_1e7->Find(name) : nullptr;
    if (!KernelThreadsAvailable()) {
      std::printf("    -     %-18s not measured: no kernel thread pool in this build\n", name);
    } else if (!at_1e7 || !have_two) {
      std::printf("    -     %-18s not measured (needs 1e7 in --sizes and 2 in --threads)\n", name);
    } else if (!row || !row->Has(2) || !at_1e7->bound_gbps.count(2)) {
      std::printf("    MISS  %-18s no valid measurement\n", name);
    } else {
      const double share = row->GigabytesPerSecond(2) / at_1e7->bound_gbps.at(2);
      std::printf("    %-5s %-18s %.0f%% of the bound\n", share >= 0.8 ? "PASS" : "MISS", name, 100 * share);
    }
  }
}

void PrintHeader(const Options& options, const std::vector<unsigned>& threads, const std::string& load) {
  std::printf("blaskit native benchmark (native/bench/bench_kernels.cc)%s\n", options.quick ? ", --quick" : "");
  std::printf("date         %s\n", UtcNow().c_str());
  std::printf("cpu          %s, %u logical CPUs; SIMD flags:%s\n", CpuInfoField("model name").c_str(),
              std::thread::hardware_concurrency(), SimdFlags().c_str());
  std::printf("SIMD target  %s\n", SimdTarget().c_str());
  std::printf("OpenBLAS     %s; core %s; %d thread(s)\n", BlasConfig(), openblas_get_corename(),
              openblas_get_num_threads());
  std::printf("BLAS env     %s, %s, %s\n", EnvOrUnset("OPENBLAS_CORETYPE").c_str(),
              EnvOrUnset("OPENBLAS_L2_SIZE").c_str(), EnvOrUnset("OPENBLAS_NUM_THREADS").c_str());
  std::string pool = "kernel pool  ";
  if (KernelThreadsAvailable()) {
#if BLASKIT_BENCH_HAVE_POOL
    pool += Format("blaskit::parallel, %u thread(s) by default (%s); timed on", blaskit::parallel::NumThreads(),
                   EnvOrUnset("BLASKIT_NUM_THREADS").c_str());
#endif
    for (unsigned t : threads) pool += Format(" %u", t);
    pool += " thread(s)";
  } else {
    pool += "not in this build (native/parallel/pool.h missing): the threaded columns are unavailable";
  }
  std::printf("%s\n", pool.c_str());
#ifdef __clang__
  const char* compiler = "clang";
#else
  const char* compiler = "GCC";
#endif
  std::printf("compiler     %s %s, -O2 for baseline x86-64; y = 2x built for each width the CPU runs\n", compiler,
              __VERSION__);
  std::printf("load         %s (/proc/loadavg at the start)\n", load.c_str());
  const std::string method[] = {
      Format("inputs uniform in [-%g, %g] (fixed seeds), 64-byte aligned; each output is", kInputRange, kInputRange),
      "written before timing (a caller that reuses `out`), and checked against a scalar",
      Format("formula before it is timed. Interleaved rounds, ~%.2f s of samples per row;", options.quick ? 0.03 : 0.2),
      "median, and spread = half the interquartile range. GB/s counts each input read",
      "once and the output written once. %bound = GB/s over the bound: the fastest",
      "y = 2x loop in the same rounds, of every vector width, on one thread or (on T",
      "threads) split across the kernels' pool like a kernel. memcpy may store",
      "non-temporally on large arrays, so it can beat the bound. Marks: r = read-only",
      "traffic (dot), w = write-only (outer): their %bound compares unlike traffic.",
  };
  for (const std::string& line : method) {
    std::printf("%s %s\n", &line == method ? "method      " : "            ", line.c_str());
  }
}

int Main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, options)) {
    std::fputs(kUsage, stderr);
    return kExitCannotRun;
  }
  std::vector<unsigned> threads;
  for (unsigned t : options.threads) {
    if (t == 0) continue;
    if (t > 1 && !KernelThreadsAvailable()) continue;
    if (std::find(threads.begin(), threads.end(), t) == threads.end()) threads.push_back(t);
  }
  std::sort(threads.begin(), threads.end());
  if (threads.empty()) threads.push_back(1);
  const std::string load_at_start = ReadFirstLine("/proc/loadavg");
  PrintHeader(options, threads, load_at_start);

  const SamplingPolicy policy = options.quick ? SamplingPolicy{0.03, 3, 0.0002} : SamplingPolicy{0.2, 5, 0.0005};
  const Clock::time_point start = Clock::now();
  bool all_right = true;
  std::vector<SizeResult> results;
  for (std::size_t n : options.sizes) {
    Inputs inputs(n);
    SizeResult result;
    result.n = n;
    result.rows = inputs.rows;
    result.cols = inputs.cols;
    for (unsigned t : threads) {
      if (!SetKernelThreads(t)) {
        std::printf("kernel pool did not accept %u thread(s): that column is skipped\n", t);
        continue;
      }
      all_right &= MeasureBlock(inputs, t, policy, result);
    }
    PrintSizeTable(result, threads);
    PrintFloat32Ratios(result, threads);
    std::fflush(stdout);
    results.push_back(std::move(result));
  }
  std::vector<unsigned> blas_threads;
  for (unsigned t : options.threads) {
    if (t > 0 && std::find(blas_threads.begin(), blas_threads.end(), t) == blas_threads.end()) {
      blas_threads.push_back(t);
    }
  }
  std::sort(blas_threads.begin(), blas_threads.end());
  all_right &= RunDgemm(options.dgemm_sizes, blas_threads, policy);
  PrintTargets(results, threads);
  const std::string load_at_end = ReadFirstLine("/proc/loadavg");
  std::printf("\nload         %s (/proc/loadavg at the end); %.1f s in all\n", load_at_end.c_str(),
              SecondsSince(start));
  // This run keeps at most max(threads) CPUs busy, so a load average above
  // the CPU count means that other work shared the machine.
  const double cpus = std::thread::hardware_concurrency();
  const double busiest = std::max(std::atof(load_at_start.c_str()), std::atof(load_at_end.c_str()));
  if (cpus > 0 && busiest > cpus) {
    std::printf(
        "WARNING      load average %.2f on %.0f CPUs: other work shared the machine, so the\n"
        "             figures are noisy (see the spread column); rerun on a quiet machine\n",
        busiest, cpus);
  }
  std::printf("outputs      %s\n",
              all_right ? "all checked and right" : "SOME WRONG (see WRONG OUTPUT above): exit status 1");
  return all_right ? 0 : kExitWrongOutput;
}

}  // namespace
}  // namespace blaskit::bench

int main(int argc, char** argv) { return blaskit::bench::Main(argc, argv); }
