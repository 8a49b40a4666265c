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

#include "lean.h"

namespace blaskit::glue {

// A Float64Array's or Float32Array's memory (lean.h's Span: the same checks
// and messages on both kinds of entry point).
using FloatSpan = lean::Span;

[[noreturn]] inline void Throw(Napi::Env env, bool type_error, const char* code, const std::string& message) {
  Napi::Error error =
      type_error ? Napi::TypeError::New(env, message) : static_cast<Napi::Error>(Napi::RangeError::New(env, message));
  error.Set("code", Napi::String::New(env, code));
  throw error;
}

inline std::string Where(const char* function, const char* argument) {
  return std::string("blaskit native ") + function + ": argument '" + argument + "' ";
}

// A Float64Array or Float32Array (a detached one has length 0 and no data).
inline FloatSpan FloatSpanOf(Napi::Env env, const Napi::Value& value, const char* function,
                             const std::string& argument) {
  FloatSpan span;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &span.type, &span.length, &data, nullptr, nullptr) != napi_ok ||
      (span.type != napi_float64_array && span.type != napi_float32_array)) {
    Throw(env, true, "ERR_BLASKIT_NATIVE_ARGUMENT", Where(function, argument.c_str()) + lean::kNotAFloatArray);
  }
  span.data = data;
  if (data == nullptr) span.length = 0;
  return span;
}

// As FloatSpanOf, and of the same type as `first` (read from `first_argument`).
inline FloatSpan FloatSpanLike(Napi::Env env, const Napi::Value& value, const FloatSpan& first,
                               const std::string& first_argument, const char* function, const std::string& argument) {
  const FloatSpan span = FloatSpanOf(env, value, function, argument);
  if (span.type != first.type) {
    Throw(env, true, "ERR_BLASKIT_NATIVE_ARGUMENT",
          Where(function, argument.c_str()) + lean::MixedTypes(span.type, first_argument, first.type));
  }
  return span;
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

inline void RequireLength(Napi::Env env, const FloatSpan& span, std::size_t expected, const char* function,
                          const char* argument) {
  if (span.length != expected) {
    Throw(env, false, "ERR_BLASKIT_NATIVE_ARGUMENT",
          Where(function, argument) + "must hold " + std::to_string(expected) + " elements, it holds " +
              std::to_string(span.length));
  }
}

}  // namespace blaskit::glue
