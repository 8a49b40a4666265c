// libFuzzer harness over the C++ side of every call: the argument checking
// that guards the kernels (ValidateJob, which runAsync relies on; the sync
// entry points check the same lengths in args.h) and every kernel (Job::Run).
//
// The bytes choose a job kind, how many inputs of which lengths, the plain-number
// parameters (anything, huge and overflowing included), a result length and
// the input values (NaN, infinities, signed zeros, subnormals and extremes
// included), in float64 or float32 (issue 14). Whatever ValidateJob accepts
// is run under ASan and UBSan: a read or write outside the buffers, or
// undefined behaviour, is a crash. The exact float64 kernels (relu and its
// derivative, outer) are also compared bit for bit with their scalar
// definitions, and every float32 kernel whose bits the contract fixes
// (activations, rows, add/subtract/multiply/divide, outer: the float64 result
// on the widened inputs, rounded once) with the float64 job rounded to float32.
//
// Built and run by `npm run fuzz` (scripts/fuzz.sh); seed corpus in corpus/.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "async/job.h"
#include "kernels/activations.h"

namespace {

using blaskit::ElementType;
using blaskit::Job;
using blaskit::JobBuffer;
using blaskit::JobKind;

constexpr std::size_t kMaxElements = 1 << 14;  // what the harness allocates at most
constexpr JobKind kKinds[] = {
    JobKind::kSigmoid,     JobKind::kSigmoidDerivative,
    JobKind::kTanh,        JobKind::kTanhDerivative,
    JobKind::kRelu,        JobKind::kReluDerivative,
    JobKind::kSoftmaxRows, JobKind::kNormalizeRows,
    JobKind::kMultiply,    JobKind::kOuter,
    JobKind::kDot,         JobKind::kMatVec,
    JobKind::kMatMul,      JobKind::kAdd,
    JobKind::kSubtract,    JobKind::kDivide,
    JobKind::kDense,
};

double Value(FuzzedDataProvider& data) {
  static constexpr double kSpecial[] = {
      0.0,
      -0.0,
      1.0,
      -1.0,
      std::numeric_limits<double>::quiet_NaN(),
      std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(),
      std::numeric_limits<double>::denorm_min(),
      -std::numeric_limits<double>::denorm_min(),
      std::numeric_limits<double>::min(),
      std::numeric_limits<double>::max(),
      -std::numeric_limits<double>::max(),
      36.8,
      -36.8,
      709.78,
      -709.78,
      710.0,
      -746.0,
      1e200,
      1e-200,
  };
  if (data.ConsumeBool()) return kSpecial[data.ConsumeIntegralInRange<std::size_t>(0, std::size(kSpecial) - 1)];
  return data.ConsumeFloatingPoint<double>();
}

// A float32 input: float32's own special values (its largest, smallest normal
// and subnormal, and the points where its exp-based kernels saturate) or any
// float (the double specials above would mostly round to 0 or Inf).
float Value32(FuzzedDataProvider& data) {
  static constexpr float kSpecial[] = {
      0.0f,
      -0.0f,
      1.0f,
      -1.0f,
      std::numeric_limits<float>::quiet_NaN(),
      std::numeric_limits<float>::infinity(),
      -std::numeric_limits<float>::infinity(),
      std::numeric_limits<float>::denorm_min(),
      -std::numeric_limits<float>::denorm_min(),
      std::numeric_limits<float>::min(),
      std::numeric_limits<float>::max(),
      -std::numeric_limits<float>::max(),
      17.33f,
      -17.33f,
      88.72f,
      -88.72f,
      89.0f,
      -104.0f,
      1e30f,
      1e-30f,
  };
  if (data.ConsumeBool()) return kSpecial[data.ConsumeIntegralInRange<std::size_t>(0, std::size(kSpecial) - 1)];
  return data.ConsumeFloatingPoint<float>();
}

// A parameter: mostly small, sometimes anything (to reach the overflow checks).
std::size_t Param(FuzzedDataProvider& data) {
  switch (data.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      return data.ConsumeIntegral<std::size_t>();
    case 1:
      return std::size_t{1} << data.ConsumeIntegralInRange<int>(0, 63);
    default:
      return data.ConsumeIntegralInRange<std::size_t>(0, 70);
  }
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool SameBits32(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void CheckExactKernels(const Job& job) {
  const double* y = job.result.data<double>();
  switch (job.kind) {
    case JobKind::kRelu:
    case JobKind::kReluDerivative:
      for (std::size_t i = 0; i < job.result.size(); ++i) {
        const double x = job.inputs[0].data<double>()[i];
        const double expected = job.kind == JobKind::kRelu ? blaskit::ReluScalar(x) : blaskit::ReluDerivativeScalar(x);
        if (!SameBits(y[i], expected)) std::abort();
      }
      return;
    case JobKind::kOuter: {
      const std::size_t nb = job.inputs[1].size();
      for (std::size_t i = 0; i < job.result.size(); ++i) {
        const double expected = job.inputs[0].data<double>()[i / nb] * job.inputs[1].data<double>()[i % nb];
        if (!SameBits(y[i], expected) && !(std::isnan(y[i]) && std::isnan(expected))) std::abort();
      }
      return;
    }
    default:
      return;
  }
}

// The float32 kernels whose bits the contract fixes: the same job run in
// float64 on the exactly widened inputs, each result rounded once to float32.
// (Products, dot and dense accumulate in float32 in an order of their own:
// only memory safety is checked for them.)
void CheckFloat32AgainstFloat64(const Job& job) {
  switch (job.kind) {
    case JobKind::kDot:
    case JobKind::kMatVec:
    case JobKind::kMatMul:
    case JobKind::kDense:
      return;
    default:
      break;
  }
  Job wide;
  wide.kind = job.kind;
  wide.type = ElementType::kFloat64;
  wide.params = job.params;
  for (const JobBuffer& input : job.inputs) {
    JobBuffer widened(input.size(), ElementType::kFloat64);
    for (std::size_t i = 0; i < input.size(); ++i) widened.data<double>()[i] = input.data<float>()[i];
    wide.inputs.push_back(std::move(widened));
  }
  wide.result = JobBuffer(job.result.size(), ElementType::kFloat64);
  wide.Run();
  for (std::size_t i = 0; i < job.result.size(); ++i) {
    const float got = job.result.data<float>()[i];
    const float expected = static_cast<float>(wide.result.data<double>()[i]);
    if (!SameBits32(got, expected) && !(std::isnan(got) && std::isnan(expected))) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, std::size_t size) {
  FuzzedDataProvider data(bytes, size);
  Job job;
  job.kind = kKinds[data.ConsumeIntegralInRange<std::size_t>(0, std::size(kKinds) - 1)];

  std::vector<std::size_t> sizes(data.ConsumeIntegralInRange<std::size_t>(0, 3));
  for (std::size_t& s : sizes) s = data.ConsumeIntegralInRange<std::size_t>(0, 300);
  job.params.resize(data.ConsumeIntegralInRange<std::size_t>(0, 10));
  for (std::size_t& p : job.params) p = Param(data);
  // The result length: usually the one the kernel implies, sometimes any.
  std::size_t result_length = data.ConsumeBool() ? Param(data) : (sizes.empty() ? 1 : sizes[0]);

  std::string error;
  if (!blaskit::ValidateJob(job.kind, sizes, job.params, result_length, &error)) {
    if (error.empty()) std::abort();  // a refusal always says why
    return 0;
  }
  if (result_length > kMaxElements) return 0;  // accepted, but too big to run here
  // Chosen after the shape, so that the seeds' shapes stay what they were.
  job.type = data.ConsumeBool() ? ElementType::kFloat32 : ElementType::kFloat64;
  for (std::size_t s : sizes) {
    JobBuffer input(s, job.type);
    for (std::size_t i = 0; i < s; ++i) {
      if (job.type == ElementType::kFloat32) {
        input.data<float>()[i] = Value32(data);
      } else {
        input.data<double>()[i] = Value(data);
      }
    }
    job.inputs.push_back(std::move(input));
  }
  job.result = JobBuffer(result_length, job.type);
  job.Run();
  if (job.type == ElementType::kFloat32) {
    CheckFloat32AgainstFloat64(job);
  } else {
    CheckExactKernels(job);
  }
  return 0;
}
