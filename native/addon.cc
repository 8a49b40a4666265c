// Node-API glue: unpacks arguments, re-checks every length a kernel will rely
// on, and calls the kernel. No arithmetic lives here.
//
// The TypeScript layer (lib/) has already validated kinds and shapes and
// allocated the outputs; these checks are the second line of defence, so that
// calling the raw binding directly with bad arguments throws instead of
// reading or writing outside the caller's buffers.
#include <napi.h>

#include <cstddef>
#include <cstdlib>
#include <mutex>

#include "args.h"
#include "async/worker.h"
#include "blas/blas.h"
#include "kernels/activations.h"
#include "kernels/binary.h"
#include "kernels/dense.h"
#include "kernels/dispatch.h"
#include "kernels/rows.h"
#include "kernels/thresholds.h"
#include "lean.h"
#include "memory/fresh.h"
#include "parallel/pool.h"

namespace {

using namespace blaskit::glue;
namespace lean = blaskit::lean;

// --- lean entry points (lean.h): the hot synchronous calls ------------------
//
// Each takes Float64Arrays or Float32Arrays, all of one type (lean.h
// GetArrayLike), and calls the float64 or the float32 overload of its kernel.
// Each template takes both overloads as two parameters of the same name: the
// parameter's type picks the overload.

template <void (*Kernel64)(const double*, double*, std::size_t), void (*Kernel32)(const float*, float*, std::size_t)>
napi_value LeanUnary(napi_env env, napi_callback_info info, const char* function) {
  napi_value argv[2];
  lean::GetArguments(env, info, argv);
  lean::Span x;
  lean::Span y;
  if (!lean::GetArray(env, argv[0], function, "x", &x) ||
      !lean::GetArrayLike(env, argv[1], x, "x", function, "y", &y) ||
      !lean::RequireLength(env, y, x.length, function, "y")) {
    return nullptr;
  }
  if (x.is_float32()) {
    Kernel32(x.f32(), y.f32(), x.length);
  } else {
    Kernel64(x.f64(), y.f64(), x.length);
  }
  return nullptr;
}

napi_value LeanSigmoid(napi_env env, napi_callback_info info) {
  return LeanUnary<blaskit::Sigmoid, blaskit::Sigmoid>(env, info, "sigmoid");
}
napi_value LeanSigmoidDerivative(napi_env env, napi_callback_info info) {
  return LeanUnary<blaskit::SigmoidDerivative, blaskit::SigmoidDerivative>(env, info, "sigmoidDerivative");
}
napi_value LeanTanh(napi_env env, napi_callback_info info) {
  return LeanUnary<blaskit::Tanh, blaskit::Tanh>(env, info, "tanh");
}
napi_value LeanTanhDerivative(napi_env env, napi_callback_info info) {
  return LeanUnary<blaskit::TanhDerivative, blaskit::TanhDerivative>(env, info, "tanhDerivative");
}
napi_value LeanRelu(napi_env env, napi_callback_info info) {
  return LeanUnary<blaskit::Relu, blaskit::Relu>(env, info, "relu");
}
napi_value LeanReluDerivative(napi_env env, napi_callback_info info) {
  return LeanUnary<blaskit::ReluDerivative, blaskit::ReluDerivative>(env, info, "reluDerivative");
}

// softmaxRows / normalizeRows (x, y, rows, cols)
template <void (*Kernel64)(const double*, double*, std::size_t, std::size_t),
          void (*Kernel32)(const float*, float*, std::size_t, std::size_t)>
napi_value LeanRows(napi_env env, napi_callback_info info, const char* function) {
  napi_value argv[4];
  lean::GetArguments(env, info, argv);
  lean::Span x;
  lean::Span y;
  std::size_t rows;
  std::size_t cols;
  std::size_t size;
  if (!lean::GetArray(env, argv[0], function, "x", &x) ||
      !lean::GetArrayLike(env, argv[1], x, "x", function, "y", &y) ||
      !lean::GetSize(env, argv[2], function, "rows", &rows) || !lean::GetSize(env, argv[3], function, "cols", &cols) ||
      !lean::CheckedMultiply(env, rows, cols, function, &size) || !lean::RequireLength(env, x, size, function, "x") ||
      !lean::RequireLength(env, y, size, function, "y")) {
    return nullptr;
  }
  if (x.is_float32()) {
    Kernel32(x.f32(), y.f32(), rows, cols);
  } else {
    Kernel64(x.f64(), y.f64(), rows, cols);
  }
  return nullptr;
}

napi_value LeanSoftmaxRows(napi_env env, napi_callback_info info) {
  return LeanRows<blaskit::SoftmaxRows, blaskit::SoftmaxRows>(env, info, "softmaxRows");
}
napi_value LeanNormalizeRows(napi_env env, napi_callback_info info) {
  return LeanRows<blaskit::NormalizeRows, blaskit::NormalizeRows>(env, info, "normalizeRows");
}

// A strided operand's strides (its data comes with its element type).
struct Strides {
  std::size_t row;
  std::size_t col;
};

// The last element a strided operand is read at lies inside it (rows, cols >= 1).
bool Reaches(napi_env env, const lean::Span& span, const Strides& strides, std::size_t rows, std::size_t cols,
             const char* function, const char* argument) {
  std::size_t row_reach;
  std::size_t col_reach;
  if (!lean::CheckedMultiply(env, rows - 1, strides.row, function, &row_reach) ||
      !lean::CheckedMultiply(env, cols - 1, strides.col, function, &col_reach)) {
    return false;
  }
  const std::size_t last = row_reach + col_reach;
  if (last < row_reach || last >= span.length) {
    lean::Throw(env, false, function, argument, "is too short for its strides");
    return false;
  }
  return true;
}

// add/subtract/multiply/divide(a, aRowStride, aColStride, b, bRowStride, bColStride, out, rows, cols)
template <blaskit::BinaryOp Op>
napi_value LeanBinary(napi_env env, napi_callback_info info, const char* function) {
  napi_value argv[9];
  lean::GetArguments(env, info, argv);
  lean::Span a;
  lean::Span b;
  lean::Span out;
  Strides a_strides{};
  Strides b_strides{};
  std::size_t rows;
  std::size_t cols;
  std::size_t size;
  if (!lean::GetArray(env, argv[0], function, "a", &a) ||
      !lean::GetSize(env, argv[1], function, "aRowStride", &a_strides.row) ||
      !lean::GetSize(env, argv[2], function, "aColStride", &a_strides.col) ||
      !lean::GetArrayLike(env, argv[3], a, "a", function, "b", &b) ||
      !lean::GetSize(env, argv[4], function, "bRowStride", &b_strides.row) ||
      !lean::GetSize(env, argv[5], function, "bColStride", &b_strides.col) ||
      !lean::GetArrayLike(env, argv[6], a, "a", function, "out", &out) ||
      !lean::GetSize(env, argv[7], function, "rows", &rows) || !lean::GetSize(env, argv[8], function, "cols", &cols) ||
      !lean::CheckedMultiply(env, rows, cols, function, &size) ||
      !lean::RequireLength(env, out, size, function, "out")) {
    return nullptr;
  }
  if (size == 0) return nullptr;
  if (!Reaches(env, a, a_strides, rows, cols, function, "a") ||
      !Reaches(env, b, b_strides, rows, cols, function, "b")) {
    return nullptr;
  }
  if (a.is_float32()) {
    blaskit::BinaryBroadcast(Op, {a.f32(), a_strides.row, a_strides.col}, {b.f32(), b_strides.row, b_strides.col},
                             out.f32(), rows, cols);
  } else {
    blaskit::BinaryBroadcast(Op, {a.f64(), a_strides.row, a_strides.col}, {b.f64(), b_strides.row, b_strides.col},
                             out.f64(), rows, cols);
  }
  return nullptr;
}

napi_value LeanAdd(napi_env env, napi_callback_info info) {
  return LeanBinary<blaskit::BinaryOp::kAdd>(env, info, "add");
}
napi_value LeanSubtract(napi_env env, napi_callback_info info) {
  return LeanBinary<blaskit::BinaryOp::kSubtract>(env, info, "subtract");
}
napi_value LeanMultiply(napi_env env, napi_callback_info info) {
  return LeanBinary<blaskit::BinaryOp::kMultiply>(env, info, "multiply");
}
napi_value LeanDivide(napi_env env, napi_callback_info info) {
  return LeanBinary<blaskit::BinaryOp::kDivide>(env, info, "divide");
}

// outer(a, b, out)
napi_value LeanOuter(napi_env env, napi_callback_info info) {
  const char* function = "outer";
  napi_value argv[3];
  lean::GetArguments(env, info, argv);
  lean::Span a;
  lean::Span b;
  lean::Span out;
  std::size_t size;
  if (!lean::GetArray(env, argv[0], function, "a", &a) ||
      !lean::GetArrayLike(env, argv[1], a, "a", function, "b", &b) ||
      !lean::GetArrayLike(env, argv[2], a, "a", function, "out", &out) ||
      !lean::CheckedMultiply(env, a.length, b.length, function, &size) ||
      !lean::RequireLength(env, out, size, function, "out")) {
    return nullptr;
  }
  if (a.is_float32()) {
    blaskit::Outer(a.f32(), a.length, b.f32(), b.length, out.f32());
  } else {
    blaskit::Outer(a.f64(), a.length, b.f64(), b.length, out.f64());
  }
  return nullptr;
}

// dot(a, b): a number (for Float32Arrays, the float32 sum, exactly).
napi_value LeanDot(napi_env env, napi_callback_info info) {
  const char* function = "dot";
  napi_value argv[2];
  lean::GetArguments(env, info, argv);
  lean::Span a;
  lean::Span b;
  if (!lean::GetArray(env, argv[0], function, "a", &a) ||
      !lean::GetArrayLike(env, argv[1], a, "a", function, "b", &b) ||
      !lean::RequireLength(env, b, a.length, function, "b")) {
    return nullptr;
  }
  const double sum = a.is_float32() ? static_cast<double>(blaskit::Dot(a.f32(), b.f32(), a.length))
                                    : blaskit::Dot(a.f64(), b.f64(), a.length);
  napi_value result;
  napi_create_double(env, sum, &result);
  return result;
}

// matVec(a, rows, cols, x, y, transpose)
template <void (*Kernel64)(const double*, std::size_t, std::size_t, const double*, double*, bool),
          void (*Kernel32)(const float*, std::size_t, std::size_t, const float*, float*, bool)>
napi_value LeanMatVec(napi_env env, napi_callback_info info, const char* function) {
  napi_value argv[6];
  lean::GetArguments(env, info, argv);
  lean::Span a;
  lean::Span x;
  lean::Span y;
  std::size_t rows;
  std::size_t cols;
  std::size_t size;
  bool transpose;
  if (!lean::GetArray(env, argv[0], function, "a", &a) || !lean::GetSize(env, argv[1], function, "rows", &rows) ||
      !lean::GetSize(env, argv[2], function, "cols", &cols) ||
      !lean::GetArrayLike(env, argv[3], a, "a", function, "x", &x) ||
      !lean::GetArrayLike(env, argv[4], a, "a", function, "y", &y) ||
      !lean::GetBool(env, argv[5], function, "transpose", &transpose) ||
      !lean::CheckedMultiply(env, rows, cols, function, &size) || !lean::RequireLength(env, a, size, function, "a") ||
      !lean::RequireLength(env, x, transpose ? rows : cols, function, "x") ||
      !lean::RequireLength(env, y, transpose ? cols : rows, function, "y")) {
    return nullptr;
  }
  if (a.is_float32()) {
    Kernel32(a.f32(), rows, cols, x.f32(), y.f32(), transpose);
  } else {
    Kernel64(a.f64(), rows, cols, x.f64(), y.f64(), transpose);
  }
  return nullptr;
}

napi_value LeanMatVecGated(napi_env env, napi_callback_info info) {
  return LeanMatVec<blaskit::MatVec, blaskit::MatVec>(env, info, "matVec");
}
napi_value LeanBlasMatVec(napi_env env, napi_callback_info info) {
  return LeanMatVec<blaskit::BlasMatVec, blaskit::BlasMatVec>(env, info, "blasMatVec");
}

// matMul(a, b, c, m, k, n)
template <void (*Kernel64)(const double*, const double*, double*, std::size_t, std::size_t, std::size_t),
          void (*Kernel32)(const float*, const float*, float*, std::size_t, std::size_t, std::size_t)>
napi_value LeanMatMul(napi_env env, napi_callback_info info, const char* function) {
  napi_value argv[6];
  lean::GetArguments(env, info, argv);
  lean::Span a;
  lean::Span b;
  lean::Span c;
  std::size_t m;
  std::size_t k;
  std::size_t n;
  std::size_t mk;
  std::size_t kn;
  std::size_t mn;
  if (!lean::GetArray(env, argv[0], function, "a", &a) ||
      !lean::GetArrayLike(env, argv[1], a, "a", function, "b", &b) ||
      !lean::GetArrayLike(env, argv[2], a, "a", function, "c", &c) || !lean::GetSize(env, argv[3], function, "m", &m) ||
      !lean::GetSize(env, argv[4], function, "k", &k) || !lean::GetSize(env, argv[5], function, "n", &n) ||
      !lean::CheckedMultiply(env, m, k, function, &mk) || !lean::CheckedMultiply(env, k, n, function, &kn) ||
      !lean::CheckedMultiply(env, m, n, function, &mn) || !lean::RequireLength(env, a, mk, function, "a") ||
      !lean::RequireLength(env, b, kn, function, "b") || !lean::RequireLength(env, c, mn, function, "c")) {
    return nullptr;
  }
  if (a.is_float32()) {
    Kernel32(a.f32(), b.f32(), c.f32(), m, k, n);
  } else {
    Kernel64(a.f64(), b.f64(), c.f64(), m, k, n);
  }
  return nullptr;
}

napi_value LeanMatMulGated(napi_env env, napi_callback_info info) {
  return LeanMatMul<blaskit::MatMul, blaskit::MatMul>(env, info, "matMul");
}
napi_value LeanBlasMatMul(napi_env env, napi_callback_info info) {
  return LeanMatMul<blaskit::BlasMatMul, blaskit::BlasMatMul>(env, info, "blasMatMul");
}

// dense(x, w, bias, y, m, k, n, activation): bias an array of n, of x's type,
// or null.
napi_value LeanDense(napi_env env, napi_callback_info info) {
  const char* function = "dense";
  napi_value argv[8];
  lean::GetArguments(env, info, argv);
  lean::Span x;
  lean::Span w;
  lean::Span bias{nullptr, 0, napi_float64_array};
  lean::Span y;
  std::size_t m;
  std::size_t k;
  std::size_t n;
  std::size_t activation;
  std::size_t mk;
  std::size_t kn;
  std::size_t mn;
  napi_valuetype bias_type;
  if (napi_typeof(env, argv[2], &bias_type) != napi_ok) return nullptr;
  const bool has_bias = bias_type != napi_null;
  if (!lean::GetArray(env, argv[0], function, "x", &x) ||
      !lean::GetArrayLike(env, argv[1], x, "x", function, "w", &w) ||
      (has_bias && !lean::GetArrayLike(env, argv[2], x, "x", function, "bias", &bias)) ||
      !lean::GetArrayLike(env, argv[3], x, "x", function, "y", &y) || !lean::GetSize(env, argv[4], function, "m", &m) ||
      !lean::GetSize(env, argv[5], function, "k", &k) || !lean::GetSize(env, argv[6], function, "n", &n) ||
      !lean::GetSize(env, argv[7], function, "activation", &activation) ||
      !lean::CheckedMultiply(env, m, k, function, &mk) || !lean::CheckedMultiply(env, k, n, function, &kn) ||
      !lean::CheckedMultiply(env, m, n, function, &mn) || !lean::RequireLength(env, x, mk, function, "x") ||
      !lean::RequireLength(env, w, kn, function, "w") ||
      (has_bias && !lean::RequireLength(env, bias, n, function, "bias")) ||
      !lean::RequireLength(env, y, mn, function, "y")) {
    return nullptr;
  }
  if (activation >= blaskit::kActivations) {
    lean::Throw(env, false, function, "activation", "must be 0 (none), 1 (relu), 2 (sigmoid), 3 (tanh) or 4 (softmax)");
    return nullptr;
  }
  const auto kind = static_cast<blaskit::Activation>(activation);
  if (x.is_float32()) {
    blaskit::Dense(x.f32(), w.f32(), has_bias ? bias.f32() : nullptr, y.f32(), m, k, n, kind);
  } else {
    blaskit::Dense(x.f64(), w.f64(), has_bias ? bias.f64() : nullptr, y.f64(), m, k, n, kind);
  }
  return nullptr;
}

// --- node-addon-api entry points ----------------------------------------------

Napi::Value CallBlasConfig(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), blaskit::BlasConfig());
}

// runtimeInfo(): what the kernels run on (see lib/runtime.ts for the shape).
Napi::Value CallRuntimeInfo(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const blaskit::DispatchInfo dispatch = blaskit::GetDispatchInfo();
  Napi::Object simd = Napi::Object::New(env);
  simd.Set("target", dispatch.target);
  simd.Set("forced", dispatch.forced);
  simd.Set("disabled", dispatch.disabled);
  Napi::Array supported = Napi::Array::New(env, dispatch.supported.size());
  for (std::size_t i = 0; i < dispatch.supported.size(); ++i) supported.Set(i, dispatch.supported[i]);
  simd.Set("supported", supported);

  Napi::Object threads = Napi::Object::New(env);
  threads.Set("count", blaskit::parallel::NumThreads());
  Napi::Object thresholds = Napi::Object::New(env);
  thresholds.Set("expKernels", static_cast<double>(blaskit::kParallelExpKernels));
  thresholds.Set("streaming", static_cast<double>(blaskit::kParallelStreaming));
  threads.Set("parallelFrom", thresholds);

  Napi::Object blas = Napi::Object::New(env);
  blas.Set("version", blaskit::BlasVersion());
  blas.Set("config", blaskit::BlasConfig());
  blas.Set("core", blaskit::BlasCoreChoice().core);
  blas.Set("coreReason", blaskit::BlasCoreChoice().reason);
  blas.Set("threads", blaskit::BlasNumThreads());

  Napi::Object result = Napi::Object::New(env);
  result.Set("simd", simd);
  result.Set("threads", threads);
  result.Set("blas", blas);
  return result;
}

// setNumThreads(n): n >= 1 (the TypeScript layer checks and clamps).
Napi::Value CallSetNumThreads(const Napi::CallbackInfo& info) {
  const std::size_t n = GetSize(info, 0, "setNumThreads", "n");
  if (n < 1 || n > blaskit::parallel::kMaxThreads) {
    Throw(info.Env(), false, "ERR_BLASKIT_NATIVE_ARGUMENT",
          Where("setNumThreads", "n") + "must be from 1 to " + std::to_string(blaskit::parallel::kMaxThreads));
  }
  blaskit::parallel::SetNumThreads(static_cast<unsigned>(n));
  return info.Env().Undefined();
}

// Registers a lean (plain C) entry point.
void SetLean(Napi::Env env, Napi::Object exports, const char* name, napi_callback callback) {
  napi_value function;
  NAPI_THROW_IF_FAILED_VOID(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, nullptr, &function));
  exports.Set(name, Napi::Value(env, function));
}

// BLASKIT_NUM_THREADS sets OpenBLAS's thread count too (as setNumThreads
// does), once per process, so the two pools never add up to more threads
// than asked for.
void ApplyThreadsFromEnvironment() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* value = std::getenv("BLASKIT_NUM_THREADS");
    if (value != nullptr && *value != '\0') blaskit::parallel::SetNumThreads(blaskit::parallel::NumThreads());
  });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  ApplyThreadsFromEnvironment();
  // OpenBLAS's core, chosen (and OPENBLAS_CORETYPE set and unset around its
  // re-initialisation, if needed) now, on the thread that loads blaskit,
  // before any job can run: not later on a libuv worker, while the event loop
  // may be reading the environment.
  blaskit::BlasCoreChoice();
  SetLean(env, exports, "sigmoid", LeanSigmoid);
  SetLean(env, exports, "sigmoidDerivative", LeanSigmoidDerivative);
  SetLean(env, exports, "tanh", LeanTanh);
  SetLean(env, exports, "tanhDerivative", LeanTanhDerivative);
  SetLean(env, exports, "relu", LeanRelu);
  SetLean(env, exports, "reluDerivative", LeanReluDerivative);
  SetLean(env, exports, "softmaxRows", LeanSoftmaxRows);
  SetLean(env, exports, "normalizeRows", LeanNormalizeRows);
  SetLean(env, exports, "add", LeanAdd);
  SetLean(env, exports, "subtract", LeanSubtract);
  SetLean(env, exports, "multiply", LeanMultiply);
  SetLean(env, exports, "divide", LeanDivide);
  SetLean(env, exports, "outer", LeanOuter);
  SetLean(env, exports, "dot", LeanDot);
  SetLean(env, exports, "matVec", LeanMatVecGated);
  SetLean(env, exports, "matMul", LeanMatMulGated);
  SetLean(env, exports, "blasMatVec", LeanBlasMatVec);
  SetLean(env, exports, "blasMatMul", LeanBlasMatMul);
  SetLean(env, exports, "dense", LeanDense);
  exports.Set("blasConfig", Napi::Function::New(env, CallBlasConfig, "blasConfig"));
  exports.Set("runtimeInfo", Napi::Function::New(env, CallRuntimeInfo, "runtimeInfo"));
  exports.Set("setNumThreads", Napi::Function::New(env, CallSetNumThreads, "setNumThreads"));
  exports.Set("runAsync", Napi::Function::New(env, blaskit::RunAsync, "runAsync"));
  exports.Set("adviseHugePages", Napi::Function::New(env, blaskit::CallAdviseHugePages, "adviseHugePages"));
  return exports;
}

}  // namespace

NODE_API_MODULE(blaskit, Init)
