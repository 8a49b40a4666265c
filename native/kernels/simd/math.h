// The arithmetic every SIMD kernel shares: an exp whose result carries about
// 60 correct bits (as a double plus a correction), and the error-free
// transformations that carry them through a division without losing them.
//
// Why our own exp: the kernels must be plain loops the compiler vectorises
// for each target, with no library call inside, and must land within 1 ULP
// after the division that follows the exp. glibc's exp is a scalar call;
// glibc's libmvec needs -ffast-math and is up to 4 ULP (Linux only); Debian's
// Highway 1.0.3 returns 0 for exp(NaN) and ships only as a shared library;
// SLEEF 3.5's tanh measured 2-4x slower here and is shared-only too. An exp
// written as the plain code below costs about 40 vector operations per 8
// elements and loses under 2^-59 relatively.
//
// Results are the same on every target with FMA (AVX-512, AVX2, arm64): the
// kernels are built with -ffp-contract=off and fuse only where the source asks
// (Fma). The baseline x86-64 target has no FMA: there Fma is a multiply and an
// add, and the exact product error is Dekker's (exact all the same), so its
// results may differ in the last bit, within the same bounds. The TypeScript
// twins (lib/reference/) follow the baseline target's arithmetic.
//
// Included once per target by native/kernels/simd/target_*.cc, inside a
// namespace of its own (BLASKIT_TARGET), so that no inline function compiled
// for AVX-512 can be picked by the linker for the baseline code.
#pragma once

#include <cstdint>

#ifndef BLASKIT_TARGET
#error "define BLASKIT_TARGET (the target's namespace) before including simd/math.h"
#endif

#define BLASKIT_INLINE static inline __attribute__((always_inline))

namespace blaskit {
namespace simd {
namespace BLASKIT_TARGET {

// Adding then subtracting 1.5 * 2^52 rounds a double of magnitude below 2^51
// to the nearest integer (ties to even), and leaves that integer in the low
// bits of the sum: no conversion instruction, which AVX2 lacks for 64-bit ints.
constexpr double kShifter = 6755399441055744.0;  // 0x1.8p52
constexpr double kInvLn2 = 1.4426950408889634;
// ln 2 in two parts (fdlibm's): kLn2Hi has 21 trailing zero bits, so k * kLn2Hi
// is exact for |k| < 2^21 and x - k * kLn2Hi is exact (Sterbenz).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
// P(r) = (e^r - 1 - r - r^2/2) / r^3 ~ 1/3! + r/4! + ..., as a degree-9
// polynomial fitted on [-ln2/2, ln2/2] (Chebyshev interpolation in mpmath at
// 120 bits, coefficients then rounded to double): r^3 P(r) is within 2^-60.3
// of the true tail there, where the Taylor series needs degree 11 for that.
constexpr double kP0 = 0.16666666666666669;
constexpr double kP1 = 0.041666666666666664;
constexpr double kP2 = 0.008333333333330065;
constexpr double kP3 = 0.0013888888888886554;
constexpr double kP4 = 0.00019841269863040545;
constexpr double kP5 = 2.4801587317135164e-05;
constexpr double kP6 = 2.755726848030982e-06;
constexpr double kP7 = 2.755728298405573e-07;
constexpr double kP8 = 2.510037583265786e-08;
constexpr double kP9 = 2.0911229729827565e-09;

BLASKIT_INLINE std::uint64_t Bits(double x) {
  std::uint64_t b;
  __builtin_memcpy(&b, &x, sizeof b);
  return b;
}

BLASKIT_INLINE double FromBits(std::uint64_t b) {
  double x;
  __builtin_memcpy(&x, &b, sizeof x);
  return x;
}

BLASKIT_INLINE double Abs(double x) { return FromBits(Bits(x) & 0x7fffffffffffffffULL); }

// |magnitude| with the sign of `sign` (NaN signs included).
BLASKIT_INLINE double WithSignOf(double magnitude, double sign) {
  return FromBits((Bits(magnitude) & 0x7fffffffffffffffULL) | (Bits(sign) & 0x8000000000000000ULL));
}

// The nearest integer to x (|x| < 2^51), ties to even.
BLASKIT_INLINE double RoundToInt(double x) { return (x + kShifter) - kShifter; }

// 2^k for an integer-valued k in [-1022, 1023], built from its bits.
BLASKIT_INLINE double Pow2(double k) { return FromBits((Bits(k + kShifter) + 1023) << 52); }

// a * b - p exactly, where p = RN(a * b).
BLASKIT_INLINE double ProductError(double a, double b, double p) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return __builtin_fma(a, b, -p);
#else
  // Veltkamp's split into 26-bit halves, then Dekker's exact product.
  constexpr double kSplit = 134217729.0;  // 2^27 + 1
  const double ca = kSplit * a;
  const double a_hi = ca - (ca - a);
  const double a_lo = a - a_hi;
  const double cb = kSplit * b;
  const double b_hi = cb - (cb - b);
  const double b_lo = b - b_hi;
  return a_lo * b_lo - (((p - a_hi * b_hi) - a_lo * b_hi) - a_hi * b_lo);
#endif
}

// a * b + c: fused (one rounding) where the target has FMA, else two
// roundings. Only used where either is accurate enough.
BLASKIT_INLINE double Fma(double a, double b, double c) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return __builtin_fma(a, b, c);
#else
  return a * b + c;
#endif
}

// exp(a + a_lo) = 2^k * (1 + hi + lo), where hi + lo = e^r - 1 for the reduced
// argument r in [-ln2/2, ln2/2], within 2^-55 relatively of the true value
// (and of its own size: for a near 0, hi + lo is expm1(a) to that accuracy).
// `a_lo` is a correction far below a's ULP (0 for a plain argument).
// Requires a >= -1100 (callers clamp); NaN propagates into hi.
struct ExpParts {
  double k;
  double hi;
  double lo;
};

BLASKIT_INLINE ExpParts ExpReduced(double a, double a_lo) {
  const double k = Fma(a, kInvLn2, kShifter) - kShifter;  // nearest integer to a / ln 2
  const double r0 = Fma(-k, kLn2Hi, a);                   // exact
  const double r = Fma(-k, kLn2Lo, r0);
  const double r_lo = Fma(-k, kLn2Lo, r0 - r) + a_lo;  // what r left out
  // e^r - 1 = r + tail, tail = r^2/2 + r^3 P(r), |tail| <= 0.2 |r|: r is
  // carried exactly and the tail's rounding weighs under 2^-55 of the sum.
  // Estrin's scheme keeps dependency chains short so the vector units stay
  // busy (Horner's chain was 1.7x slower here).
  const double r2 = r * r;
  const double r4 = r2 * r2;
  const double p01 = Fma(r, kP1, kP0);
  const double p23 = Fma(r, kP3, kP2);
  const double p45 = Fma(r, kP5, kP4);
  const double p67 = Fma(r, kP7, kP6);
  const double p89 = Fma(r, kP9, kP8);
  const double p0to3 = Fma(r2, p23, p01);
  const double p4to7 = Fma(r2, p67, p45);
  const double poly = Fma(r4, Fma(r4, p89, p4to7), p0to3);
  const double tail = Fma(r2 * r, poly, 0.5 * r2);
  const double hi = r + tail;  // Fast2Sum: |r| >= |tail|
  // e^(r + r_lo) - 1 = (e^r - 1) + r_lo * e^r: r_lo * (1 + hi) to first order.
  const double lo = (tail - (hi - r)) + Fma(r_lo, hi, r_lo);
  return {k, hi, lo};
}

// A value as an unevaluated sum hi + lo.
struct DoubleDouble {
  double hi;
  double lo;
};

// 1 + hi + lo of ExpParts, normalised.
BLASKIT_INLINE DoubleDouble OnePlus(const ExpParts& e) {
  const double sum = 1.0 + e.hi;  // Fast2Sum: |hi| < 0.5
  return {sum, (e.hi - (sum - 1.0)) + e.lo};
}

// 2^k as p1 * p2, both normal powers of two, p2 = 1 unless k < -1000: a
// result 2^k * m is computed as (m * p1) * p2 so that a subnormal is rounded
// once, at the last multiplication. k >= -1587 (arguments >= -1100).
struct SplitPow2 {
  double p1;
  double p2;
};

BLASKIT_INLINE SplitPow2 SplitExponent(double k) {
  const double k1 = k < -1000.0 ? -1000.0 : k;  // NaN (from NaN input) stays NaN
  return {Pow2(k1), Pow2(k - k1)};
}

// n - q * d exactly, for q within an ULP of n / d (the residual of a division
// is then a double).
BLASKIT_INLINE double Residual(double n, double q, double d) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return __builtin_fma(-q, d, n);
#else
  const double p = q * d;
  return (n - p) - ProductError(q, d, p);
#endif
}

// RN((nh + nl) / (dh + dl)) to within a few 2^-100 before the final rounding,
// for |nl| <= 2^-50 |nh| and |dl| <= 2^-50 |dh|: the quotient of the high
// parts, corrected by the exact residual nh - q * dh.
BLASKIT_INLINE double DivideDD(double nh, double nl, double dh, double dl) {
  const double inverse = 1.0 / dh;
  const double q = nh * inverse;
  return Fma(Fma(-q, dl, Residual(nh, q, dh) + nl), inverse, q);
}

// 1 / (dh + dl) as a double-double.
BLASKIT_INLINE DoubleDouble ReciprocalDD(double dh, double dl) {
  const double inverse = 1.0 / dh;
  return {inverse, Fma(-inverse, dl, Residual(1.0, inverse, dh)) * inverse};
}

// RN((xh + xl) * (rh + rl)) to within a few 2^-100 before the final rounding.
// Where the product is below 2^-960, x is first scaled up by 2^600 and the
// result back down: Dekker's product error (no FMA) is exact only while its
// partial products stay clear of underflow, and without the scaling the
// baseline target was 2 ULP off on tiny results (found by
// scripts/accuracy-report.ts). A subnormal result is then rounded twice, at
// most 2^-52 ULP more than once.
constexpr double kTinyProduct = 1.0261342003245941e-289;  // 2^-960
constexpr double kScaleUp = 4.149515568880993e+180;       // 2^600
constexpr double kScaleDown = 2.409919865102884e-181;     // 2^-600

// The same where every product is 0 or at least 2^-960 (the caller knows): no
// scaling, the same bits.
BLASKIT_INLINE double MultiplyDDNormal(double xh, double xl, double rh, double rl) {
  const double p = xh * rh;
  return p + (ProductError(xh, rh, p) + (xh * rl + xl * rh));
}

BLASKIT_INLINE double MultiplyDD(double xh, double xl, double rh, double rl) {
  const bool tiny = Abs(xh * rh) < kTinyProduct;
  const double up = tiny ? kScaleUp : 1.0;
  const double down = tiny ? kScaleDown : 1.0;
  const double sh = xh * up;
  const double sl = xl * up;
  const double p = sh * rh;
  return (p + (ProductError(sh, rh, p) + (sh * rl + sl * rh))) * down;
}

// s + v as (s', error) exactly, any magnitudes (Knuth's TwoSum).
BLASKIT_INLINE DoubleDouble TwoSum(double s, double v) {
  const double sum = s + v;
  const double v_part = sum - s;
  return {sum, (s - (sum - v_part)) + (v - v_part)};
}

}  // namespace BLASKIT_TARGET
}  // namespace simd
}  // namespace blaskit
