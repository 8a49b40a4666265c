// Node-API glue: unpacks arguments, re-checks every length a kernel will rely
// on, and calls the kernel. No arithmetic lives here.
//
// The TypeScript layer (lib/) has already validated kinds and shapes and
// allocated the outputs; these checks are the second line of defence, so that
// calling the raw binding directly with bad arguments throws instead of
// reading or writing outside the caller's buffers.
#include <napi.h>

#include <cstddef>

#include "args.h"
#include "async/worker.h"
#include "blas/blas.h"
#include "kernels/activations.h"
#include "kernels/binary.h"
#include "kernels/rows.h"
#include "memory/fresh.h"

namespace {

using blaskit::StridedOperand;
using namespace blaskit::glue;

template <void (*Kernel)(const double*, double*, std::size_t)>
Napi::Value CallUnary(const Napi::CallbackInfo& info, const char* function) {
  const Float64Span x = GetFloat64Array(info, 0, function, "x");
  const Float64Span y = GetFloat64Array(info, 1, function, "y");
  RequireLength(info.Env(), y, x.length, function, "y");
  Kernel(x.data, y.data, x.length);
  return info.Env().Undefined();
}

Napi::Value CallSigmoid(const Napi::CallbackInfo& info) { return CallUnary<blaskit::Sigmoid>(info, "sigmoid"); }
Napi::Value CallSigmoidDerivative(const Napi::CallbackInfo& info) {
  return CallUnary<blaskit::SigmoidDerivative>(info, "sigmoidDerivative");
}
Napi::Value CallTanh(const Napi::CallbackInfo& info) { return CallUnary<blaskit::Tanh>(info, "tanh"); }
Napi::Value CallTanhDerivative(const Napi::CallbackInfo& info) {
  return CallUnary<blaskit::TanhDerivative>(info, "tanhDerivative");
}
Napi::Value CallRelu(const Napi::CallbackInfo& info) { return CallUnary<blaskit::Relu>(info, "relu"); }
Napi::Value CallReluDerivative(const Napi::CallbackInfo& info) {
  return CallUnary<blaskit::ReluDerivative>(info, "reluDerivative");
}

template <void (*Kernel)(const double*, double*, std::size_t, std::size_t)>
Napi::Value CallRows(const Napi::CallbackInfo& info, const char* function) {
  const Float64Span x = GetFloat64Array(info, 0, function, "x");
  const Float64Span y = GetFloat64Array(info, 1, function, "y");
  const std::size_t rows = GetSize(info, 2, function, "rows");
  const std::size_t cols = GetSize(info, 3, function, "cols");
  const std::size_t size = CheckedMultiply(info.Env(), rows, cols, function);
  RequireLength(info.Env(), x, size, function, "x");
  RequireLength(info.Env(), y, size, function, "y");
  Kernel(x.data, y.data, rows, cols);
  return info.Env().Undefined();
}

Napi::Value CallSoftmaxRows(const Napi::CallbackInfo& info) {
  return CallRows<blaskit::SoftmaxRows>(info, "softmaxRows");
}
Napi::Value CallNormalizeRows(const Napi::CallbackInfo& info) {
  return CallRows<blaskit::NormalizeRows>(info, "normalizeRows");
}

// multiply(a, aRowStride, aColStride, b, bRowStride, bColStride, out, rows, cols)
Napi::Value CallMultiply(const Napi::CallbackInfo& info) {
  const char* function = "multiply";
  const Napi::Env env = info.Env();
  const Float64Span a = GetFloat64Array(info, 0, function, "a");
  const StridedOperand a_view{a.data, GetSize(info, 1, function, "aRowStride"),
                              GetSize(info, 2, function, "aColStride")};
  const Float64Span b = GetFloat64Array(info, 3, function, "b");
  const StridedOperand b_view{b.data, GetSize(info, 4, function, "bRowStride"),
                              GetSize(info, 5, function, "bColStride")};
  const Float64Span out = GetFloat64Array(info, 6, function, "out");
  const std::size_t rows = GetSize(info, 7, function, "rows");
  const std::size_t cols = GetSize(info, 8, function, "cols");
  RequireLength(env, out, CheckedMultiply(env, rows, cols, function), function, "out");
  if (rows == 0 || cols == 0) return env.Undefined();
  // The last element each strided operand is read at must lie inside it.
  auto require_reach = [&](const Float64Span& span, const StridedOperand& view, const char* argument) {
    const std::size_t last = CheckedMultiply(env, rows - 1, view.row_stride, function) +
                             CheckedMultiply(env, cols - 1, view.col_stride, function);
    if (last < CheckedMultiply(env, rows - 1, view.row_stride, function) || last >= span.length) {
      Throw(env, false, "ERR_BLASKIT_NATIVE_ARGUMENT",
            Where(function, argument) + "is too short for its strides");
    }
  };
  require_reach(a, a_view, "a");
  require_reach(b, b_view, "b");
  blaskit::MultiplyBroadcast(a_view, b_view, out.data, rows, cols);
  return env.Undefined();
}

Napi::Value CallOuter(const Napi::CallbackInfo& info) {
  const char* function = "outer";
  const Float64Span a = GetFloat64Array(info, 0, function, "a");
  const Float64Span b = GetFloat64Array(info, 1, function, "b");
  const Float64Span out = GetFloat64Array(info, 2, function, "out");
  RequireLength(info.Env(), out, CheckedMultiply(info.Env(), a.length, b.length, function), function, "out");
  blaskit::Outer(a.data, a.length, b.data, b.length, out.data);
  return info.Env().Undefined();
}

Napi::Value CallDot(const Napi::CallbackInfo& info) {
  const char* function = "dot";
  const Float64Span a = GetFloat64Array(info, 0, function, "a");
  const Float64Span b = GetFloat64Array(info, 1, function, "b");
  RequireLength(info.Env(), b, a.length, function, "b");
  return Napi::Number::New(info.Env(), blaskit::Dot(a.data, b.data, a.length));
}

// matVec(a, rows, cols, x, y, transpose)
Napi::Value CallMatVec(const Napi::CallbackInfo& info) {
  const char* function = "matVec";
  const Napi::Env env = info.Env();
  const Float64Span a = GetFloat64Array(info, 0, function, "a");
  const std::size_t rows = GetSize(info, 1, function, "rows");
  const std::size_t cols = GetSize(info, 2, function, "cols");
  const Float64Span x = GetFloat64Array(info, 3, function, "x");
  const Float64Span y = GetFloat64Array(info, 4, function, "y");
  if (!info[5].IsBoolean()) {
    Throw(env, true, "ERR_BLASKIT_NATIVE_ARGUMENT", Where(function, "transpose") + "must be a boolean");
  }
  const bool transpose = info[5].As<Napi::Boolean>().Value();
  RequireLength(env, a, CheckedMultiply(env, rows, cols, function), function, "a");
  RequireLength(env, x, transpose ? rows : cols, function, "x");
  RequireLength(env, y, transpose ? cols : rows, function, "y");
  blaskit::MatVec(a.data, rows, cols, x.data, y.data, transpose);
  return env.Undefined();
}

// matMul(a, b, c, m, k, n)
Napi::Value CallMatMul(const Napi::CallbackInfo& info) {
  const char* function = "matMul";
  const Napi::Env env = info.Env();
  const Float64Span a = GetFloat64Array(info, 0, function, "a");
  const Float64Span b = GetFloat64Array(info, 1, function, "b");
  const Float64Span c = GetFloat64Array(info, 2, function, "c");
  const std::size_t m = GetSize(info, 3, function, "m");
  const std::size_t k = GetSize(info, 4, function, "k");
  const std::size_t n = GetSize(info, 5, function, "n");
  RequireLength(env, a, CheckedMultiply(env, m, k, function), function, "a");
  RequireLength(env, b, CheckedMultiply(env, k, n, function), function, "b");
  RequireLength(env, c, CheckedMultiply(env, m, n, function), function, "c");
  blaskit::MatMul(a.data, b.data, c.data, m, k, n);
  return env.Undefined();
}

Napi::Value CallBlasConfig(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), blaskit::BlasConfig());
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("sigmoid", Napi::Function::New(env, CallSigmoid, "sigmoid"));
  exports.Set("sigmoidDerivative", Napi::Function::New(env, CallSigmoidDerivative, "sigmoidDerivative"));
  exports.Set("tanh", Napi::Function::New(env, CallTanh, "tanh"));
  exports.Set("tanhDerivative", Napi::Function::New(env, CallTanhDerivative, "tanhDerivative"));
  exports.Set("relu", Napi::Function::New(env, CallRelu, "relu"));
  exports.Set("reluDerivative", Napi::Function::New(env, CallReluDerivative, "reluDerivative"));
  exports.Set("softmaxRows", Napi::Function::New(env, CallSoftmaxRows, "softmaxRows"));
  exports.Set("normalizeRows", Napi::Function::New(env, CallNormalizeRows, "normalizeRows"));
  exports.Set("multiply", Napi::Function::New(env, CallMultiply, "multiply"));
  exports.Set("outer", Napi::Function::New(env, CallOuter, "outer"));
  exports.Set("dot", Napi::Function::New(env, CallDot, "dot"));
  exports.Set("matVec", Napi::Function::New(env, CallMatVec, "matVec"));
  exports.Set("matMul", Napi::Function::New(env, CallMatMul, "matMul"));
  exports.Set("blasConfig", Napi::Function::New(env, CallBlasConfig, "blasConfig"));
  exports.Set("runAsync", Napi::Function::New(env, blaskit::RunAsync, "runAsync"));
  exports.Set("adviseHugePages", Napi::Function::New(env, blaskit::CallAdviseHugePages, "adviseHugePages"));
  return exports;
}

}  // namespace

NODE_API_MODULE(blaskit, Init)
