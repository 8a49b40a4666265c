#include "async/job.h"

#include <cstdlib>
#include <limits>
#include <unordered_map>

#include "blas/blas.h"
#include "kernels/activations.h"
#include "kernels/binary.h"
#include "kernels/dense.h"
#include "kernels/rows.h"

namespace blaskit {

bool ParseJobKind(const std::string& name, JobKind* kind) {
  static const std::unordered_map<std::string, JobKind> kKinds = {
      {"sigmoid", JobKind::kSigmoid},
      {"sigmoidDerivative", JobKind::kSigmoidDerivative},
      {"tanh", JobKind::kTanh},
      {"tanhDerivative", JobKind::kTanhDerivative},
      {"relu", JobKind::kRelu},
      {"reluDerivative", JobKind::kReluDerivative},
      {"softmaxRows", JobKind::kSoftmaxRows},
      {"normalizeRows", JobKind::kNormalizeRows},
      {"add", JobKind::kAdd},
      {"subtract", JobKind::kSubtract},
      {"multiply", JobKind::kMultiply},
      {"divide", JobKind::kDivide},
      {"dense", JobKind::kDense},
      {"outer", JobKind::kOuter},
      {"dot", JobKind::kDot},
      {"matVec", JobKind::kMatVec},
      {"matMul", JobKind::kMatMul},
  };
  const auto found = kKinds.find(name);
  if (found == kKinds.end()) return false;
  *kind = found->second;
  return true;
}

namespace {

constexpr std::size_t kMaxSize = std::numeric_limits<std::size_t>::max();

// a * b, or false when it overflows.
bool Multiply(std::size_t a, std::size_t b, std::size_t* product) {
  if (a != 0 && b > kMaxSize / a) return false;
  *product = a * b;
  return true;
}

bool Fail(std::string* error, const std::string& message) {
  *error = message;
  return false;
}

bool Expect(bool condition, std::string* error, const char* message) { return condition || Fail(error, message); }

// The leading dims, rows, cols and strides of a multiply job, padded to 2-D.
struct BroadcastPlan {
  std::vector<std::size_t> dims, strides_a, strides_b;
};

bool ReadBroadcastPlan(const std::vector<std::size_t>& params, BroadcastPlan* plan) {
  if (params.empty()) return false;
  const std::size_t ndim = params[0];
  if (ndim > 64 || params.size() != 1 + 3 * ndim) return false;
  plan->dims.assign(params.begin() + 1, params.begin() + 1 + ndim);
  plan->strides_a.assign(params.begin() + 1 + ndim, params.begin() + 1 + 2 * ndim);
  plan->strides_b.assign(params.begin() + 1 + 2 * ndim, params.end());
  while (plan->dims.size() < 2) {
    plan->dims.insert(plan->dims.begin(), 1);
    plan->strides_a.insert(plan->strides_a.begin(), 0);
    plan->strides_b.insert(plan->strides_b.begin(), 0);
  }
  return true;
}

// True if every element the strides reach lies inside an operand of `length`.
bool ReachFits(const std::vector<std::size_t>& dims, const std::vector<std::size_t>& strides, std::size_t length) {
  std::size_t last = 0;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    std::size_t step = 0;
    if (!Multiply(dims[i] - 1, strides[i], &step) || last > kMaxSize - step) return false;
    last += step;
  }
  return last < length;
}

BinaryOp OpOf(JobKind kind) {
  switch (kind) {
    case JobKind::kAdd:
      return BinaryOp::kAdd;
    case JobKind::kSubtract:
      return BinaryOp::kSubtract;
    case JobKind::kDivide:
      return BinaryOp::kDivide;
    default:
      return BinaryOp::kMultiply;
  }
}

}  // namespace

bool ValidateJob(JobKind kind, const std::vector<std::size_t>& sizes, const std::vector<std::size_t>& params,
                 std::size_t result_length, std::string* error) {
  switch (kind) {
    case JobKind::kSigmoid:
    case JobKind::kSigmoidDerivative:
    case JobKind::kTanh:
    case JobKind::kTanhDerivative:
    case JobKind::kRelu:
    case JobKind::kReluDerivative:
      return Expect(sizes.size() == 1 && params.empty(), error, "expects one input and no parameters") &&
             Expect(result_length == sizes[0], error, "result length differs from the input's");
    case JobKind::kSoftmaxRows:
    case JobKind::kNormalizeRows: {
      std::size_t size = 0;
      return Expect(sizes.size() == 1 && params.size() == 2, error, "expects one input, rows and cols") &&
             Expect(Multiply(params[0], params[1], &size) && size == sizes[0], error,
                    "rows x cols differs from the input's length") &&
             Expect(result_length == size, error, "result length differs from the input's");
    }
    case JobKind::kAdd:
    case JobKind::kSubtract:
    case JobKind::kMultiply:
    case JobKind::kDivide: {
      BroadcastPlan plan;
      if (!Expect(sizes.size() == 2 && ReadBroadcastPlan(params, &plan), error,
                  "expects two inputs and a broadcast plan")) {
        return false;
      }
      std::size_t size = 1;
      for (std::size_t dim : plan.dims) {
        if (!Multiply(size, dim, &size)) return Fail(error, "the broadcast shape overflows");
      }
      if (!Expect(result_length == size, error, "result length differs from the broadcast shape's")) return false;
      if (size == 0) return true;
      return Expect(ReachFits(plan.dims, plan.strides_a, sizes[0]) && ReachFits(plan.dims, plan.strides_b, sizes[1]),
                    error, "an operand is too short for its strides");
    }
    case JobKind::kOuter: {
      std::size_t size = 0;
      return Expect(sizes.size() == 2 && params.empty(), error, "expects two inputs") &&
             Expect(Multiply(sizes[0], sizes[1], &size) && result_length == size, error,
                    "result length differs from a.size x b.size");
    }
    case JobKind::kDot:
      return Expect(sizes.size() == 2 && params.empty(), error, "expects two inputs") &&
             Expect(sizes[0] == sizes[1], error, "the vectors differ in length") &&
             Expect(result_length == 1, error, "the result is one number");
    case JobKind::kMatVec: {
      std::size_t size = 0;
      if (!Expect(sizes.size() == 2 && params.size() == 3 && params[2] <= 1, error,
                  "expects a matrix, a vector, rows, cols and transpose")) {
        return false;
      }
      const bool transpose = params[2] == 1;
      return Expect(Multiply(params[0], params[1], &size) && size == sizes[0], error,
                    "rows x cols differs from the matrix's length") &&
             Expect(sizes[1] == (transpose ? params[0] : params[1]), error, "the vector's length does not match") &&
             Expect(result_length == (transpose ? params[1] : params[0]), error, "the result's length does not match");
    }
    case JobKind::kMatMul: {
      std::size_t mk = 0, kn = 0, mn = 0;
      return Expect(sizes.size() == 2 && params.size() == 3, error, "expects two matrices and m, k, n") &&
             Expect(Multiply(params[0], params[1], &mk) && mk == sizes[0], error, "m x k differs from a's length") &&
             Expect(Multiply(params[1], params[2], &kn) && kn == sizes[1], error, "k x n differs from b's length") &&
             Expect(Multiply(params[0], params[2], &mn) && mn == result_length, error,
                    "m x n differs from the result's length");
    }
    case JobKind::kDense: {
      std::size_t mk = 0, kn = 0, mn = 0;
      return Expect((sizes.size() == 2 || sizes.size() == 3) && params.size() == 4, error,
                    "expects x, w, an optional bias and m, k, n, activation") &&
             Expect(params[3] < kActivations, error, "unknown activation") &&
             Expect(Multiply(params[0], params[1], &mk) && mk == sizes[0], error, "m x k differs from x's length") &&
             Expect(Multiply(params[1], params[2], &kn) && kn == sizes[1], error, "k x n differs from w's length") &&
             Expect(sizes.size() == 2 || sizes[2] == params[2], error, "the bias's length differs from n") &&
             Expect(Multiply(params[0], params[2], &mn) && mn == result_length, error,
                    "m x n differs from the result's length");
    }
  }
  return Fail(error, "unknown job kind");
}

namespace {

// The operand type of the strided binary kernel for each element type.
template <typename T>
struct StridedOf;
template <>
struct StridedOf<double> {
  using type = StridedOperand;
};
template <>
struct StridedOf<float> {
  using type = StridedOperand32;
};

}  // namespace

void Job::Run() {
  if (inputs_released_) std::abort();  // a bug, never data: see ReleaseInputs()
  if (type == ElementType::kFloat32) return RunAs<float>();
  return RunAs<double>();
}

// One body for both element types: every kernel is overloaded on float and
// double (the float32 overloads declared beside the float64 ones).
template <typename T>
void Job::RunAs() {
  T* out = result.data<T>();
  const auto in = [this](std::size_t i) { return inputs[i].data<T>(); };
  switch (kind) {
    case JobKind::kSigmoid:
      return Sigmoid(in(0), out, inputs[0].size());
    case JobKind::kSigmoidDerivative:
      return SigmoidDerivative(in(0), out, inputs[0].size());
    case JobKind::kTanh:
      return Tanh(in(0), out, inputs[0].size());
    case JobKind::kTanhDerivative:
      return TanhDerivative(in(0), out, inputs[0].size());
    case JobKind::kRelu:
      return Relu(in(0), out, inputs[0].size());
    case JobKind::kReluDerivative:
      return ReluDerivative(in(0), out, inputs[0].size());
    case JobKind::kSoftmaxRows:
      return SoftmaxRows(in(0), out, params[0], params[1]);
    case JobKind::kNormalizeRows:
      return NormalizeRows(in(0), out, params[0], params[1]);
    case JobKind::kAdd:
    case JobKind::kSubtract:
    case JobKind::kMultiply:
    case JobKind::kDivide: {
      if (result.size() == 0) return;
      const BinaryOp op = OpOf(kind);
      BroadcastPlan plan;
      ReadBroadcastPlan(params, &plan);
      // The last two dims go to the 2-D kernel; the leading ones are walked here.
      const std::size_t lead = plan.dims.size() - 2;
      const std::size_t rows = plan.dims[lead], cols = plan.dims[lead + 1];
      std::vector<std::size_t> index(lead, 0);
      for (std::size_t start = 0; start < result.size(); start += rows * cols) {
        std::size_t offset_a = 0, offset_b = 0;
        for (std::size_t d = 0; d < lead; ++d) {
          offset_a += index[d] * plan.strides_a[d];
          offset_b += index[d] * plan.strides_b[d];
        }
        BinaryBroadcast(op,
                        typename StridedOf<T>::type{in(0) + offset_a, plan.strides_a[lead], plan.strides_a[lead + 1]},
                        typename StridedOf<T>::type{in(1) + offset_b, plan.strides_b[lead], plan.strides_b[lead + 1]},
                        out + start, rows, cols);
        for (std::size_t d = lead; d-- > 0;) {
          if (++index[d] < plan.dims[d]) break;
          index[d] = 0;
        }
      }
      return;
    }
    case JobKind::kOuter:
      return Outer(in(0), inputs[0].size(), in(1), inputs[1].size(), out);
    case JobKind::kDot:
      out[0] = Dot(in(0), in(1), inputs[0].size());
      return;
    case JobKind::kMatVec:
      return MatVec(in(0), params[0], params[1], in(1), out, params[2] == 1);
    case JobKind::kMatMul:
      return MatMul(in(0), in(1), out, params[0], params[1], params[2]);
    case JobKind::kDense:
      return Dense(in(0), in(1), inputs.size() == 3 ? in(2) : static_cast<const T*>(nullptr), out, params[0], params[1],
                   params[2], static_cast<Activation>(params[3]));
  }
}

}  // namespace blaskit
