// libFuzzer harness over the C++ side of every call: the argument checking
// that guards the kernels (ValidateJob, which runAsync relies on; the sync
// entry points check the same lengths in args.h) and every kernel (Job::Run).
//
// The bytes choose a job kind, how many inputs of which lengths, the plain-number
// parameters (anything, huge and overflowing included), a result length and
// the input values (NaN, infinities, signed zeros, subnormals and extremes
// included). Whatever ValidateJob accepts is run under ASan and UBSan: a read
// or write outside the buffers, or undefined behaviour, is a crash. The exact
// kernels (relu and its derivative, outer) are also compared bit for
// bit with their scalar definitions.
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

void CheckExactKernels(const Job& job) {
  const double* y = job.result.data();
  switch (job.kind) {
    case JobKind::kRelu:
    case JobKind::kReluDerivative:
      for (std::size_t i = 0; i < job.result.size(); ++i) {
        const double x = job.inputs[0].data()[i];
        const double expected = job.kind == JobKind::kRelu ? blaskit::ReluScalar(x) : blaskit::ReluDerivativeScalar(x);
        if (!SameBits(y[i], expected)) std::abort();
      }
      return;
    case JobKind::kOuter: {
      const std::size_t nb = job.inputs[1].size();
      for (std::size_t i = 0; i < job.result.size(); ++i) {
        const double expected = job.inputs[0].data()[i / nb] * job.inputs[1].data()[i % nb];
        if (!SameBits(y[i], expected) && !(std::isnan(y[i]) && std::isnan(expected))) std::abort();
      }
      return;
    }
    default:
      return;
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
  for (std::size_t s : sizes) {
    JobBuffer input(s);
    for (std::size_t i = 0; i < s; ++i) input.data()[i] = Value(data);
    job.inputs.push_back(std::move(input));
  }
  job.result = JobBuffer(result_length);
  job.Run();
  CheckExactKernels(job);
  return 0;
}
