// Argument unpacking shared by the synchronous and asynchronous entry points:
// every check throws a TypeError/RangeError with code
// ERR_BLASKIT_NATIVE_ARGUMENT, so the raw binding is safe to call with
// anything.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

namespace blaskit::glue {

struct Float64Span {
  double* data;
  std::size_t length;
};

[[noreturn]] inline void Throw(Napi::Env env, bool type_error, const char* code, const std::string& message) {
  Napi::Error error =
      type_error ? Napi::TypeError::New(env, message) : static_cast<Napi::Error>(Napi::RangeError::New(env, message));
  error.Set("code", Napi::String::New(env, code));
  throw error;
}

inline std::string Where(const char* function, const char* argument) {
  return std::string("blaskit native ") + function + ": argument '" + argument + "' ";
}

inline Float64Span Float64SpanOf(Napi::Env env, const Napi::Value& value, const char* function,
                                 const std::string& argument) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    Throw(env, true, "ERR_BLASKIT_NATIVE_ARGUMENT", Where(function, argument.c_str()) + "must be a Float64Array");
  }
  Napi::Float64Array array = value.As<Napi::Float64Array>();
  return {array.Data(), array.ElementLength()};
}

inline Float64Span GetFloat64Array(const Napi::CallbackInfo& info, std::size_t index, const char* function,
                                   const char* argument) {
  return Float64SpanOf(info.Env(), info[index], function, argument);
}

// A dimension or stride: a non-negative integer no larger than 2^53.
inline std::size_t SizeOf(Napi::Env env, const Napi::Value& value, const char* function, const std::string& argument) {
  if (!value.IsNumber()) {
    Throw(env, true, "ERR_BLASKIT_NATIVE_ARGUMENT", Where(function, argument.c_str()) + "must be a number");
  }
  const double v = value.As<Napi::Number>().DoubleValue();
  if (!(v >= 0) || v > 9007199254740992.0 || std::floor(v) != v) {
    Throw(env, false, "ERR_BLASKIT_NATIVE_ARGUMENT",
          Where(function, argument.c_str()) + "must be a non-negative integer");
  }
  return static_cast<std::size_t>(v);
}

inline std::size_t GetSize(const Napi::CallbackInfo& info, std::size_t index, const char* function,
                           const char* argument) {
  return SizeOf(info.Env(), info[index], function, argument);
}

inline std::size_t CheckedMultiply(Napi::Env env, std::size_t a, std::size_t b, const char* function) {
  if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a) {
    Throw(env, false, "ERR_BLASKIT_NATIVE_ARGUMENT", std::string("blaskit native ") + function + ": size overflows");
  }
  return a * b;
}

inline void RequireLength(Napi::Env env, const Float64Span& span, std::size_t expected, const char* function,
                          const char* argument) {
  if (span.length != expected) {
    Throw(env, false, "ERR_BLASKIT_NATIVE_ARGUMENT",
          Where(function, argument) + "must hold " + std::to_string(expected) + " elements, it holds " +
              std::to_string(span.length));
  }
}

}  // namespace blaskit::glue
