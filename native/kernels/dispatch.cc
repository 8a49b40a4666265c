#include "kernels/dispatch.h"

#include <cstdlib>
#include <sstream>

#if defined(__x86_64__) || defined(__i386__)
#define BLASKIT_X86 1
#endif

namespace blaskit {

// Each kernel of a target, for double and float elements (overloads).
#define BLASKIT_DECLARE_KERNELS(T)                                                 \
  void Sigmoid(const T*, T*, std::size_t);                                         \
  void SigmoidDerivative(const T*, T*, std::size_t);                               \
  void Tanh(const T*, T*, std::size_t);                                            \
  void TanhDerivative(const T*, T*, std::size_t);                                  \
  void Relu(const T*, T*, std::size_t);                                            \
  void ReluDerivative(const T*, T*, std::size_t);                                  \
  void Add(const T*, const T*, T*, std::size_t);                                   \
  void Subtract(const T*, const T*, T*, std::size_t);                              \
  void Multiply(const T*, const T*, T*, std::size_t);                              \
  void Divide(const T*, const T*, T*, std::size_t);                                \
  void AddScalar(const T*, T, T*, std::size_t);                                    \
  void SubtractScalar(const T*, T, T*, std::size_t);                               \
  void MultiplyScalar(const T*, T, T*, std::size_t);                               \
  void DivideScalar(const T*, T, T*, std::size_t);                                 \
  void ScalarAdd(T, const T*, T*, std::size_t);                                    \
  void ScalarSubtract(T, const T*, T*, std::size_t);                               \
  void ScalarMultiply(T, const T*, T*, std::size_t);                               \
  void ScalarDivide(T, const T*, T*, std::size_t);                                 \
  void MatMulSmall(const T*, const T*, T*, std::size_t, std::size_t, std::size_t); \
  void MatVecSmall(const T*, std::size_t, std::size_t, const T*, T*);              \
  void SoftmaxRows(const T*, T*, std::size_t, std::size_t, double*);               \
  void NormalizeRows(const T*, T*, std::size_t, std::size_t);

#define BLASKIT_DECLARE_TARGET(ns) \
  namespace simd {                 \
  namespace ns {                   \
  BLASKIT_DECLARE_KERNELS(double)  \
  BLASKIT_DECLARE_KERNELS(float)   \
  }                                \
  }

// One element type's entries of a target (the overload is picked by the
// field's type).
#define BLASKIT_ELEMENT_KERNELS(ns)                                                                           \
  {                                                                                                           \
    simd::ns::Sigmoid, simd::ns::SigmoidDerivative, simd::ns::Tanh, simd::ns::TanhDerivative, simd::ns::Relu, \
        simd::ns::ReluDerivative, simd::ns::SoftmaxRows, simd::ns::NormalizeRows,                             \
        {simd::ns::Add, simd::ns::Subtract, simd::ns::Multiply, simd::ns::Divide},                            \
        {simd::ns::AddScalar, simd::ns::SubtractScalar, simd::ns::MultiplyScalar, simd::ns::DivideScalar},    \
        {simd::ns::ScalarAdd, simd::ns::ScalarSubtract, simd::ns::ScalarMultiply, simd::ns::ScalarDivide},    \
        simd::ns::MatMulSmall, simd::ns::MatVecSmall                                                          \
  }

#define BLASKIT_TABLE(ns) \
  KernelTable { #ns, BLASKIT_ELEMENT_KERNELS(ns), BLASKIT_ELEMENT_KERNELS(ns) }

BLASKIT_DECLARE_TARGET(baseline)
#ifdef BLASKIT_X86
BLASKIT_DECLARE_TARGET(avx2)
BLASKIT_DECLARE_TARGET(avx512)
#endif

namespace {

const KernelTable kBaseline = BLASKIT_TABLE(baseline);
#ifdef BLASKIT_X86
const KernelTable kAvx2 = BLASKIT_TABLE(avx2);
const KernelTable kAvx512 = BLASKIT_TABLE(avx512);
#endif

// The CPU (and the OS, which must save the wider registers: GCC's
// __builtin_cpu_supports checks XCR0 too) supports the target's whole ISA
// level: x86-64-v4 = AVX-512 F/BW/CD/DQ/VL, x86-64-v3 = AVX2, FMA, BMI1/2,
// F16C, LZCNT, MOVBE.
bool CpuSupports(const KernelTable& table) {
#ifdef BLASKIT_X86
  __builtin_cpu_init();
  if (&table == &kAvx512) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && CpuSupports(kAvx2);
  }
  if (&table == &kAvx2) {
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                      __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
#if defined(__clang__)
    // clang 14 (the fuzzer's build) cannot name f16c, lzcnt or movbe here;
    // every CPU with AVX2, FMA and BMI2 has them.
    return avx2;
#else
    return avx2 && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("lzcnt") && __builtin_cpu_supports("movbe");
#endif
  }
#endif
  return &table == &kBaseline;
}

// Best first.
std::vector<const KernelTable*> AllTargets() {
#ifdef BLASKIT_X86
  return {&kAvx512, &kAvx2, &kBaseline};
#else
  return {&kBaseline};
#endif
}

std::string DisabledList() {
  const char* value = std::getenv("BLASKIT_DISABLE_TARGETS");
  return value == nullptr ? "" : value;
}

bool IsDisabled(const std::string& disabled, const std::string& target) {
  std::stringstream list(disabled);
  std::string item;
  while (std::getline(list, item, ',')) {
    const auto begin = item.find_first_not_of(" \t");
    const auto end = item.find_last_not_of(" \t");
    if (begin != std::string::npos && item.substr(begin, end - begin + 1) == target) return true;
  }
  return false;
}

struct Choice {
  const KernelTable* table;
  DispatchInfo info;
};

Choice Choose() {
  Choice choice{&kBaseline, {"baseline", false, DisabledList(), {}}};
  bool chosen = false;
  for (const KernelTable* table : AllTargets()) {
    if (!CpuSupports(*table)) continue;
    choice.info.supported.push_back(table->target);
    if (chosen) continue;
    // The baseline cannot be disabled: it is what every machine runs.
    if (table != &kBaseline && IsDisabled(choice.info.disabled, table->target)) {
      choice.info.forced = true;
      continue;
    }
    choice.table = table;
    choice.info.target = table->target;
    chosen = true;
  }
  return choice;
}

const Choice& TheChoice() {
  static const Choice choice = Choose();
  return choice;
}

}  // namespace

const KernelTable& Kernels() { return *TheChoice().table; }

DispatchInfo GetDispatchInfo() { return TheChoice().info; }

}  // namespace blaskit
