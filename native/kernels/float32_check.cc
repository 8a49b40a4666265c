// Standalone checks of the float32 kernels (issue 14) against their float64
// twins, built and run by scripts/test-float32-kernels.sh once per SIMD target
// this machine has (BLASKIT_DISABLE_TARGETS), on one and two threads:
//   - every activation: float result == (float) of the double kernel's result
//     on the widened input, bit for bit (NaN: NaN), on ~2e7 random float bit
//     patterns, the special values and the float neighbours of each
//     saturation point, in place and not, at every tail length;
//   - softmax and normalizeRows rows of 1..300 columns: == (float) of the
//     double rows, including rows of NaN, infinities, zeros, subnormals and
//     huge spreads;
//   - add, subtract, multiply, divide (contiguous, broadcast with stride 0,
//     strided) and outer: == the IEEE float operation;
//   - small products, sdot, sgemv and sgemm through the gate: within the
//     float32 error bound of a double reference, and the same bits on one and
//     two threads; dense == the unfused float32 calls.
// Prints a digest of every result that must not depend on the target (the
// script compares them across targets) and ends with `N passed, N failed`.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "blas/blas.h"
#include "kernels/activations.h"
#include "kernels/binary.h"
#include "kernels/dense.h"
#include "kernels/dispatch.h"
#include "kernels/products.h"
#include "kernels/rows.h"
#include "parallel/pool.h"

namespace {

using namespace blaskit;

int g_passed = 0;
int g_failed = 0;

void Check(bool ok, const std::string& name, const std::string& detail = "") {
  if (ok) {
    ++g_passed;
    std::printf("ok   %s\n", name.c_str());
  } else {
    ++g_failed;
    std::printf("FAIL %s%s%s\n", name.c_str(), detail.empty() ? "" : ": ", detail.c_str());
  }
  std::fflush(stdout);
}

std::uint32_t Bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

float FromBits(std::uint32_t b) {
  float v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

// The same value: equal bits, or both NaN (payloads are not part of the API).
bool Same(float a, float b) { return Bits(a) == Bits(b) || (std::isnan(a) && std::isnan(b)); }

std::string Describe(float x, float got, float want) {
  char text[160];
  std::snprintf(text, sizeof text, "x = %.9g (0x%08x): got %.9g (0x%08x), want %.9g (0x%08x)", x, Bits(x), got,
                Bits(got), want, Bits(want));
  return text;
}

// splitmix64: the same numbers on every run and machine.
struct Random {
  std::uint64_t state;
  std::uint64_t Next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  float AnyFloat() { return FromBits(static_cast<std::uint32_t>(Next())); }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1p-53; }  // [0, 1)
  float Between(double lo, double hi) { return static_cast<float>(lo + (hi - lo) * Uniform()); }
};

// FNV-1a over result bits (NaN folded to one pattern): the digest the script
// compares across targets.
struct Digest {
  std::uint64_t value = 0xcbf29ce484222325ULL;
  void Add(float v) {
    const std::uint32_t b = std::isnan(v) ? 0x7fc00000u : Bits(v);
    for (int i = 0; i < 4; ++i) value = (value ^ ((b >> (8 * i)) & 0xff)) * 0x100000001b3ULL;
  }
  void Add(const std::vector<float>& values) {
    for (float v : values) Add(v);
  }
};

std::vector<double> Widen(const std::vector<float>& x) { return std::vector<double>(x.begin(), x.end()); }

// --- activations -------------------------------------------------------------

struct Activation32 {
  const char* name;
  void (*f32)(const float*, float*, std::size_t);
  void (*f64)(const double*, double*, std::size_t);
  // |x| where the float result saturates or the double kernel changes path:
  // each is checked with its float neighbours.
  std::vector<double> edges;
};

std::vector<Activation32> Activations() {
  // sigma(x) rounds to 1f above ~16.64 and underflows float below ~-103.97;
  // tanh rounds to 1f above ~9.01; the derivatives underflow float near 103.97
  // and 51.99; 690, 345 and 18 are the double kernels' near/far limits, 745.13
  // and 760 the double underflow and clamp. Exact values are not needed: 64
  // neighbours each side of each are checked.
  const std::vector<double> common = {9.010913, 16.635532, 17.328680, 18.0,  51.986, 87.33655, 88.72284, 89.41599,
                                      100.0,    103.27893, 103.97208, 104.0, 345.0,  690.0,    708.4,    709.78,
                                      745.1332, 760.0,     0.5,       0.125, 1e-4,   2.0,      32.0,     64.0};
  return {
      {"sigmoid", Sigmoid, Sigmoid, common}, {"sigmoidDerivative", SigmoidDerivative, SigmoidDerivative, common},
      {"tanh", Tanh, Tanh, common},          {"tanhDerivative", TanhDerivative, TanhDerivative, common},
      {"relu", Relu, Relu, common},          {"reluDerivative", ReluDerivative, ReluDerivative, common},
  };
}

std::vector<float> SpecialFloats(const std::vector<double>& edges) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> v = {0.0f,
                          -0.0f,
                          inf,
                          -inf,
                          std::numeric_limits<float>::quiet_NaN(),
                          -std::numeric_limits<float>::quiet_NaN(),
                          std::numeric_limits<float>::max(),
                          -std::numeric_limits<float>::max(),
                          std::numeric_limits<float>::min(),
                          -std::numeric_limits<float>::min(),
                          std::numeric_limits<float>::denorm_min(),
                          -std::numeric_limits<float>::denorm_min(),
                          FromBits(0x007fffff),
                          FromBits(0x807fffff),
                          FromBits(0x00400000),
                          FromBits(0x7f800001),  // a signalling NaN
                          1.0f,
                          -1.0f};
  for (double edge : edges) {
    for (double sign : {1.0, -1.0}) {
      float x = static_cast<float>(sign * edge);
      for (int i = 0; i < 64; ++i) x = std::nextafter(x, -inf * static_cast<float>(sign));
      for (int i = 0; i < 129; ++i) {
        v.push_back(x);
        x = std::nextafter(x, inf * static_cast<float>(sign));
      }
    }
  }
  return v;
}

// Runs f32 on x (in place if asked) and compares with (float) of f64 on the
// widened x. Returns the first mismatch's description, or "".
std::string CompareActivation(const Activation32& a, const std::vector<float>& x, bool in_place, Digest* digest) {
  std::vector<double> wide = Widen(x);
  std::vector<double> want(x.size());
  a.f64(wide.data(), want.data(), wide.size());
  std::vector<float> got = x;
  if (in_place) {
    a.f32(got.data(), got.data(), got.size());
  } else {
    a.f32(x.data(), got.data(), got.size());
  }
  if (digest != nullptr) digest->Add(got);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float w = static_cast<float>(want[i]);
    if (!Same(got[i], w)) return "index " + std::to_string(i) + ": " + Describe(x[i], got[i], w);
  }
  return "";
}

void CheckActivations(std::size_t random_count, Digest* digest) {
  for (const Activation32& a : Activations()) {
    const std::string name = std::string(a.name) + ": ";
    Random random{0x5eed0001};
    // Random bit patterns, in blocks of 1M (threaded: above both thresholds).
    std::string failure;
    for (std::size_t done = 0; done < random_count && failure.empty();) {
      const std::size_t n = std::min<std::size_t>(1 << 20, random_count - done);
      std::vector<float> x(n);
      for (float& v : x) v = random.AnyFloat();
      failure = CompareActivation(a, x, false, digest);
      done += n;
    }
    Check(failure.empty(), name + std::to_string(random_count) + " random float bit patterns == (float) f64 kernel",
          failure);
    // Uniform in [-40, 40], where most of the finite results vary.
    {
      std::vector<float> x(1 << 20);
      for (float& v : x) v = random.Between(-40.0, 40.0);
      failure = CompareActivation(a, x, false, digest);
      if (failure.empty()) failure = CompareActivation(a, x, true, nullptr);
      Check(failure.empty(), name + "1M uniform in [-40, 40], out of place and in place", failure);
    }
    {
      const std::vector<float> x = SpecialFloats(a.edges);
      failure = CompareActivation(a, x, false, digest);
      if (failure.empty()) failure = CompareActivation(a, x, true, nullptr);
      Check(failure.empty(),
            name + std::to_string(x.size()) + " special values (+-0, +-Inf, NaN, subnormals, max, saturation edges)",
            failure);
    }
    // Every tail length from an odd offset, and an in-place block boundary.
    {
      std::vector<float> pool(600);
      for (float& v : pool) v = random.Between(-800.0, 800.0);
      for (std::size_t n = 0; n <= 300 && failure.empty(); ++n) {
        const std::vector<float> x(pool.begin() + 1, pool.begin() + 1 + n);
        failure = CompareActivation(a, x, n % 2 == 0, nullptr);
      }
      Check(failure.empty(), name + "lengths 0..300 at an odd offset, alternately in place", failure);
    }
  }
}

// --- rows ---------------------------------------------------------------------

std::vector<float> RandomRow(Random& random, std::size_t cols, int kind) {
  std::vector<float> row(cols);
  const float inf = std::numeric_limits<float>::infinity();
  for (float& v : row) {
    switch (kind) {
      case 0:
        v = random.Between(-10.0, 10.0);
        break;
      case 1:  // a spread beyond the double kernel's near rows (600)
        v = random.Between(-1000.0, 1000.0);
        break;
      case 2:  // huge and tiny magnitudes
        v = random.Next() % 2 ? random.Between(-3e38, 3e38) : random.Between(-1e-40, 1e-40);
        break;
      default:
        v = random.AnyFloat();
        break;
    }
  }
  if (kind == 3 && cols > 0) {  // some rows with one special value
    const float specials[] = {inf, -inf, std::numeric_limits<float>::quiet_NaN(), 0.0f, -0.0f};
    row[random.Next() % cols] = specials[random.Next() % 5];
  }
  return row;
}

std::string CompareRows(void (*f32)(const float*, float*, std::size_t, std::size_t),
                        void (*f64)(const double*, double*, std::size_t, std::size_t), const std::vector<float>& x,
                        std::size_t rows, std::size_t cols, bool in_place, Digest* digest) {
  std::vector<double> wide = Widen(x);
  std::vector<double> want(x.size());
  f64(wide.data(), want.data(), rows, cols);
  std::vector<float> got = x;
  if (in_place) {
    f32(got.data(), got.data(), rows, cols);
  } else {
    f32(x.data(), got.data(), rows, cols);
  }
  if (digest != nullptr) digest->Add(got);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float w = static_cast<float>(want[i]);
    if (!Same(got[i], w)) {
      return "cols " + std::to_string(cols) + ", index " + std::to_string(i) + ": " + Describe(x[i], got[i], w);
    }
  }
  return "";
}

void CheckRows(Digest* digest) {
  struct RowKernel {
    const char* name;
    void (*f32)(const float*, float*, std::size_t, std::size_t);
    void (*f64)(const double*, double*, std::size_t, std::size_t);
  };
  const RowKernel kernels[] = {{"softmax", SoftmaxRows, SoftmaxRows}, {"normalizeRows", NormalizeRows, NormalizeRows}};
  for (const RowKernel& k : kernels) {
    const std::string name = std::string(k.name) + ": ";
    Random random{0x5eed0002};
    std::string failure;
    for (std::size_t cols = 1; cols <= 300 && failure.empty(); ++cols) {
      for (int kind = 0; kind < 4 && failure.empty(); ++kind) {
        std::vector<float> x;
        const std::size_t rows = 3;
        for (std::size_t r = 0; r < rows; ++r) {
          const std::vector<float> row = RandomRow(random, cols, kind);
          x.insert(x.end(), row.begin(), row.end());
        }
        failure = CompareRows(k.f32, k.f64, x, rows, cols, kind % 2 == 1, digest);
      }
    }
    Check(failure.empty(), name + "rows of 1..300 columns (moderate, wide spread, huge/tiny, special) == (float) f64",
          failure);
    // Whole special rows.
    {
      const float inf = std::numeric_limits<float>::infinity();
      const float nan = std::numeric_limits<float>::quiet_NaN();
      const float tiny = std::numeric_limits<float>::denorm_min();
      const std::vector<std::vector<float>> rows = {
          {0, 0, 0},   {-0.0f, 0, -0.0f},   {inf, 1, 2},    {-inf, -inf, -inf}, {-inf, 1, 2},   {nan, 1, 2},
          {inf, -inf}, {tiny, -tiny, tiny}, {3e38f, 3e38f}, {1e-45f, 1e-45f},   {1000, 1000, 0}};
      failure.clear();
      for (const auto& row : rows) {
        if (failure.empty()) failure = CompareRows(k.f32, k.f64, row, 1, row.size(), false, digest);
      }
      Check(failure.empty(), name + "special rows (zeros, infinities, NaN, subnormals, max, overflow of naive forms)",
            failure);
    }
    // Many rows: split across threads.
    {
      const std::size_t rows = 4000;
      const std::size_t cols = 100;
      std::vector<float> x(rows * cols);
      for (float& v : x) v = random.Between(-50.0, 50.0);
      failure = CompareRows(k.f32, k.f64, x, rows, cols, false, digest);
      Check(failure.empty(), name + "4000 x 100 (threaded) == (float) f64", failure);
    }
    // One row long enough for the heap scratch (> 4096 doubles of it).
    {
      std::vector<float> x(5000);
      for (float& v : x) v = random.Between(-700.0, 700.0);
      failure = CompareRows(k.f32, k.f64, x, 1, x.size(), true, digest);
      Check(failure.empty(), name + "a row of 5000 in place (heap scratch) == (float) f64", failure);
    }
  }
}

// --- binary and outer ---------------------------------------------------------

const char* OpName(BinaryOp op) {
  const char* names[] = {"add", "subtract", "multiply", "divide"};
  return names[static_cast<unsigned>(op)];
}

// A random float: mostly moderate values, sometimes any bit pattern (NaN,
// infinities, subnormals, zeros).
float MixedFloat(Random& random) { return random.Next() % 4 == 0 ? random.AnyFloat() : random.Between(-100.0, 100.0); }

void CheckBinary(Digest* digest) {
  Random random{0x5eed0003};
  for (unsigned o = 0; o < kBinaryOps; ++o) {
    const BinaryOp op = static_cast<BinaryOp>(o);
    const std::string name = std::string(OpName(op)) + ": ";
    std::string failure;
    // Shapes: (rows, cols) and the strides of each operand (row, col).
    struct Shape {
      const char* what;
      std::size_t rows, cols, a_row, a_col, b_row, b_col;
    };
    const Shape shapes[] = {
        {"contiguous 1M (threaded)", 1, 1 << 20, 0, 1, 0, 1},
        {"contiguous 37", 1, 37, 0, 1, 0, 1},
        {"x op scalar (stride 0)", 1, 1001, 0, 1, 0, 0},
        {"scalar op x", 1, 999, 0, 0, 0, 1},
        {"x op scalar 1M (threaded)", 1, 1 << 20, 0, 1, 0, 0},
        {"(m,n) op (n,) broadcast rows", 67, 131, 131, 1, 0, 1},
        {"(m,n) op (m,1) broadcast columns", 65, 33, 33, 1, 1, 0},
        {"(m,1) op (1,n) outer-like", 31, 45, 1, 0, 0, 1},
        {"strided columns (2, 3)", 17, 29, 29 * 2, 2, 29 * 3, 3},
        {"(2048,300) op (300,) (threaded rows)", 2048, 300, 300, 1, 0, 1},
    };
    for (const Shape& s : shapes) {
      const std::size_t a_len = (s.rows - 1) * s.a_row + (s.cols - 1) * s.a_col + 1;
      const std::size_t b_len = (s.rows - 1) * s.b_row + (s.cols - 1) * s.b_col + 1;
      std::vector<float> a(a_len), b(b_len), out(s.rows * s.cols);
      for (float& v : a) v = MixedFloat(random);
      for (float& v : b) v = MixedFloat(random);
      BinaryBroadcast(op, StridedOperand32{a.data(), s.a_row, s.a_col}, StridedOperand32{b.data(), s.b_row, s.b_col},
                      out.data(), s.rows, s.cols);
      digest->Add(out);
      failure.clear();
      for (std::size_t i = 0; i < s.rows && failure.empty(); ++i) {
        for (std::size_t j = 0; j < s.cols; ++j) {
          const float x = a[i * s.a_row + j * s.a_col];
          const float y = b[i * s.b_row + j * s.b_col];
          const float want = ApplyBinary<float>(op, x, y);
          // The double operation rounded once is the same number.
          const float via_double = static_cast<float>(ApplyBinary<double>(op, x, y));
          const float got = out[i * s.cols + j];
          if (!Same(got, want) || !Same(want, via_double)) {
            failure = "(" + std::to_string(i) + ", " + std::to_string(j) + "): " + Describe(x, got, want);
            break;
          }
        }
      }
      Check(failure.empty(), name + s.what, failure);
    }
    // Every length 0..70 from an odd offset, in place on a.
    failure.clear();
    for (std::size_t n = 0; n <= 70 && failure.empty(); ++n) {
      std::vector<float> a(n + 1), b(n + 1);
      for (float& v : a) v = MixedFloat(random);
      for (float& v : b) v = MixedFloat(random);
      std::vector<float> out = a;
      BinaryBroadcast(op, StridedOperand32{out.data() + 1, 0, 1}, StridedOperand32{b.data() + 1, 0, 1}, out.data() + 1,
                      1, n);
      for (std::size_t i = 1; i <= n; ++i) {
        if (!Same(out[i], ApplyBinary<float>(op, a[i], b[i]))) {
          failure = "n " + std::to_string(n) + ": " + Describe(a[i], out[i], ApplyBinary<float>(op, a[i], b[i]));
          break;
        }
      }
    }
    Check(failure.empty(), name + "lengths 0..70 at an odd offset, in place", failure);
  }
  // Outer.
  for (const auto& size : std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {7, 33}, {100, 1}, {1200, 1000}}) {
    std::vector<float> a(size.first), b(size.second), out(size.first * size.second);
    for (float& v : a) v = MixedFloat(random);
    for (float& v : b) v = MixedFloat(random);
    Outer(a.data(), a.size(), b.data(), b.size(), out.data());
    digest->Add(out);
    std::string failure;
    for (std::size_t i = 0; i < a.size() && failure.empty(); ++i) {
      for (std::size_t j = 0; j < b.size(); ++j) {
        if (!Same(out[i * b.size() + j], a[i] * b[j])) {
          failure =
              std::to_string(i) + "," + std::to_string(j) + ": " + Describe(a[i], out[i * b.size() + j], a[i] * b[j]);
          break;
        }
      }
    }
    Check(failure.empty(), "outer " + std::to_string(size.first) + " x " + std::to_string(size.second), failure);
  }
}

// --- products -----------------------------------------------------------------

// C (m x n) of the float product, checked against a double reference: each
// element within k * 2^-24 * sum |a||b| * 1.01 (the float32 bound of a sum of
// k rounded products, with margin), plus the smallest normal float.
std::string CheckProduct(const std::vector<float>& a, const std::vector<float>& b, const std::vector<float>& c,
                         std::size_t m, std::size_t k, std::size_t n) {
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0.0;
      double magnitude = 0.0;
      for (std::size_t p = 0; p < k; ++p) {
        const double term = static_cast<double>(a[i * k + p]) * static_cast<double>(b[p * n + j]);
        sum += term;
        magnitude += std::fabs(term);
      }
      const double bound = static_cast<double>(k + 1) * 0x1p-24 * magnitude * 1.01 + 1.2e-38;
      const double error = std::fabs(static_cast<double>(c[i * n + j]) - sum);
      if (!(error <= bound)) {
        char text[200];
        std::snprintf(text, sizeof text, "(%zu, %zu) of %zux%zux%zu: got %.9g, reference %.12g, error %.3g > %.3g", i,
                      j, m, k, n, static_cast<double>(c[i * n + j]), sum, error, bound);
        return text;
      }
    }
  }
  return "";
}

std::vector<float> RandomMatrix(Random& random, std::size_t count) {
  std::vector<float> v(count);
  for (float& x : v) x = random.Between(-1.0, 1.0);
  return v;
}

void CheckProducts(Digest* digest) {
  Random random{0x5eed0004};
  struct Size {
    std::size_t m, k, n;
  };
  // Below the gate (small kernels, tails of every width), the matrix-vector
  // shapes on both sides of it, and above it (sgemm, sgemv).
  const Size sizes[] = {{1, 1, 1},     {3, 5, 7},     {4, 8, 16},      {5, 17, 33},     {13, 64, 31},
                        {64, 64, 64},  {1, 300, 9},   {200, 300, 1},   {1, 40, 70},     {130, 300, 1},
                        {300, 300, 1}, {1, 300, 300}, {129, 150, 140}, {200, 200, 200}, {2, 0, 3}};
  for (const Size& s : sizes) {
    const std::vector<float> a = RandomMatrix(random, s.m * s.k);
    const std::vector<float> b = RandomMatrix(random, s.k * s.n);
    std::vector<float> c(s.m * s.n, std::numeric_limits<float>::quiet_NaN());
    MatMul(a.data(), b.data(), c.data(), s.m, s.k, s.n);
    const ProductKernel kernel = ChooseProductKernel(s.m, s.k, s.n);
    const char* path = kernel == ProductKernel::kBlas ? "OpenBLAS" : "small kernel";
    if (kernel != ProductKernel::kBlas) digest->Add(c);
    char name[120];
    std::snprintf(name, sizeof name, "MatMul %zux%zux%zu (%s) within the float32 bound", s.m, s.k, s.n, path);
    Check(CheckProduct(a, b, c, s.m, s.k, s.n).empty(), name, CheckProduct(a, b, c, s.m, s.k, s.n));
  }
  // Direct OpenBLAS entry points and MatVec both ways.
  {
    const std::size_t m = 70, k = 90, n = 50;
    const std::vector<float> a = RandomMatrix(random, m * k);
    const std::vector<float> b = RandomMatrix(random, k * n);
    std::vector<float> c(m * n);
    BlasMatMul(a.data(), b.data(), c.data(), m, k, n);
    Check(CheckProduct(a, b, c, m, k, n).empty(), "BlasMatMul 70x90x50 (sgemm) within the float32 bound",
          CheckProduct(a, b, c, m, k, n));
    std::vector<float> x = RandomMatrix(random, k), y(m);
    BlasMatVec(a.data(), m, k, x.data(), y.data(), false);
    Check(CheckProduct(a, x, y, m, k, 1).empty(), "BlasMatVec A x (sgemv) within the float32 bound",
          CheckProduct(a, x, y, m, k, 1));
    std::vector<float> x2 = RandomMatrix(random, m), y2(k);
    BlasMatVec(a.data(), m, k, x2.data(), y2.data(), true);
    // x A = (1 x m)(m x k).
    Check(CheckProduct(x2, a, y2, 1, m, k).empty(), "BlasMatVec x A (sgemv, transposed) within the float32 bound",
          CheckProduct(x2, a, y2, 1, m, k));
    for (std::size_t rows : {7, 300}) {
      const std::vector<float> big = RandomMatrix(random, rows * 300);
      std::vector<float> v = RandomMatrix(random, 300), out(rows), out_t(300);
      MatVec(big.data(), rows, 300, v.data(), out.data(), false);
      std::vector<float> v_t = RandomMatrix(random, rows);
      MatVec(big.data(), rows, 300, v_t.data(), out_t.data(), true);
      const std::string both = CheckProduct(big, v, out, rows, 300, 1) + CheckProduct(v_t, big, out_t, 1, rows, 300);
      Check(both.empty(), "MatVec " + std::to_string(rows) + "x300, plain and transposed, within the float32 bound",
            both);
    }
  }
  // sdot, against the double sum.
  for (std::size_t n : {0, 1, 15, 1000, 100000}) {
    const std::vector<float> a = RandomMatrix(random, n), b = RandomMatrix(random, n);
    const float got = Dot(a.data(), b.data(), n);
    Check(CheckProduct(a, b, {got}, 1, n, 1).empty(), "Dot (sdot) n = " + std::to_string(n),
          CheckProduct(a, b, {got}, 1, n, 1));
  }
  // Same bits on one and two threads: a small product big enough to split.
  {
    const std::size_t m = 128, k = 128, n = 100;
    const std::vector<float> a = RandomMatrix(random, m * k), b = RandomMatrix(random, k * n);
    std::vector<float> one(m * n), two(m * n);
    const unsigned threads = parallel::NumThreads();
    parallel::SetNumThreads(1);
    SmallMatMul(a.data(), b.data(), one.data(), m, k, n);
    parallel::SetNumThreads(2);
    SmallMatMul(a.data(), b.data(), two.data(), m, k, n);
    parallel::SetNumThreads(threads);
    Check(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)) == 0,
          "SmallMatMul 128x128x100: the same bits on 1 and 2 threads");
    digest->Add(one);
  }
  // Dense == the unfused float32 calls, below and above the gate.
  const Activation dense_activations[] = {Activation::kNone, Activation::kRelu, Activation::kSigmoid, Activation::kTanh,
                                          Activation::kSoftmax};
  const Size dense_sizes[] = {{37, 20, 10}, {1, 30, 40}, {50, 64, 1}, {300, 200, 150}};
  for (const Size& s : dense_sizes) {
    for (Activation act : dense_activations) {
      const std::vector<float> x = RandomMatrix(random, s.m * s.k), w = RandomMatrix(random, s.k * s.n);
      const std::vector<float> bias = RandomMatrix(random, s.n);
      std::vector<float> fused(s.m * s.n), unfused(s.m * s.n);
      Dense(x.data(), w.data(), bias.data(), fused.data(), s.m, s.k, s.n, act);
      MatMul(x.data(), w.data(), unfused.data(), s.m, s.k, s.n);
      BinaryBroadcast(BinaryOp::kAdd, StridedOperand32{unfused.data(), s.n, 1}, StridedOperand32{bias.data(), 0, 1},
                      unfused.data(), s.m, s.n);
      switch (act) {
        case Activation::kRelu:
          Relu(unfused.data(), unfused.data(), unfused.size());
          break;
        case Activation::kSigmoid:
          Sigmoid(unfused.data(), unfused.data(), unfused.size());
          break;
        case Activation::kTanh:
          Tanh(unfused.data(), unfused.data(), unfused.size());
          break;
        case Activation::kSoftmax:
          SoftmaxRows(unfused.data(), unfused.data(), s.m, s.n);
          break;
        case Activation::kNone:
          break;
      }
      char name[120];
      std::snprintf(name, sizeof name, "Dense %zux%zux%zu activation %u == the unfused float32 calls", s.m, s.k, s.n,
                    static_cast<unsigned>(act));
      Check(std::memcmp(fused.data(), unfused.data(), fused.size() * sizeof(float)) == 0, name);
    }
  }
}

// The activations again on two threads and on one: the same bits (the
// element results do not depend on the split).
void CheckThreads() {
  Random random{0x5eed0005};
  std::vector<float> x(3 << 20);
  for (float& v : x) v = random.Between(-30.0, 30.0);
  const unsigned threads = parallel::NumThreads();
  for (const Activation32& a : Activations()) {
    std::vector<float> one(x.size()), two(x.size());
    parallel::SetNumThreads(1);
    a.f32(x.data(), one.data(), x.size());
    parallel::SetNumThreads(2);
    a.f32(x.data(), two.data(), x.size());
    Check(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)) == 0,
          std::string(a.name) + ": 3M elements, the same bits on 1 and 2 threads");
  }
  parallel::SetNumThreads(threads);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t random_count = 20000000;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--random=", 9) == 0) random_count = std::strtoull(argv[i] + 9, nullptr, 10);
  }
  std::printf("target %s, %u thread(s)\n", GetDispatchInfo().target.c_str(), parallel::NumThreads());
  Digest digest;
  CheckActivations(random_count, &digest);
  CheckRows(&digest);
  CheckBinary(&digest);
  CheckProducts(&digest);
  CheckThreads();
  std::printf("digest %016llx\n", static_cast<unsigned long long>(digest.value));
  std::printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
