// Lean entry points: the hot synchronous calls (activations, row kernels,
// multiply) written on the plain Node-API C functions. node-addon-api's
// checked wrappers cost about 90 ns per call here against about 40 for these:
// at the sizes where blaskit hands over from its TypeScript twins to native
// code, that difference is most of the call.
//
// Same contract as args.h: every argument is checked, and a bad one throws a
// TypeError/RangeError with code ERR_BLASKIT_NATIVE_ARGUMENT instead of
// reading or writing outside the caller's buffers.
#pragma once

#include <node_api.h>

#include <cstddef>
#include <limits>
#include <string>

namespace blaskit::lean {

struct Span {
  double* data;
  std::size_t length;
};

// Throws a TypeError (or RangeError) with `code`; returns nullptr, the value
// an entry point then returns.
inline napi_value Throw(napi_env env, bool type_error, const char* function, const char* argument,
                        const std::string& what) {
  const std::string message = std::string("blaskit native ") + function + ": argument '" + argument + "' " + what;
  napi_value text;
  napi_value code;
  napi_value error;
  napi_create_string_utf8(env, message.c_str(), message.size(), &text);
  napi_create_string_utf8(env, "ERR_BLASKIT_NATIVE_ARGUMENT", NAPI_AUTO_LENGTH, &code);
  if (type_error) {
    napi_create_type_error(env, code, text, &error);
  } else {
    napi_create_range_error(env, code, text, &error);
  }
  napi_throw(env, error);
  return nullptr;
}

// A Float64Array's memory (a detached one has length 0 and no data).
inline bool GetFloat64(napi_env env, napi_value value, const char* function, const char* argument, Span* span) {
  napi_typedarray_type type;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &span->length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array) {
    Throw(env, true, function, argument, "must be a Float64Array");
    return false;
  }
  span->data = static_cast<double*>(data);
  if (span->data == nullptr) span->length = 0;
  return true;
}

// A dimension or stride: a non-negative integer no larger than 2^53.
inline bool GetSize(napi_env env, napi_value value, const char* function, const char* argument, std::size_t* size) {
  double v;
  if (napi_get_value_double(env, value, &v) != napi_ok) {
    Throw(env, true, function, argument, "must be a number");
    return false;
  }
  if (!(v >= 0) || v > 9007199254740992.0 || static_cast<double>(static_cast<std::size_t>(v)) != v) {
    Throw(env, false, function, argument, "must be a non-negative integer");
    return false;
  }
  *size = static_cast<std::size_t>(v);
  return true;
}

// A boolean flag (not a truthy value: a wrong argument must not pass).
inline bool GetBool(napi_env env, napi_value value, const char* function, const char* argument, bool* flag) {
  if (napi_get_value_bool(env, value, flag) != napi_ok) {
    Throw(env, true, function, argument, "must be a boolean");
    return false;
  }
  return true;
}

inline bool RequireLength(napi_env env, const Span& span, std::size_t expected, const char* function,
                          const char* argument) {
  if (span.length == expected) return true;
  Throw(env, false, function, argument,
        "must hold " + std::to_string(expected) + " elements, it holds " + std::to_string(span.length));
  return false;
}

// a * b, or false (and a RangeError) if it overflows.
inline bool CheckedMultiply(napi_env env, std::size_t a, std::size_t b, const char* function, std::size_t* product) {
  if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a) {
    Throw(env, false, function, "shape", "overflows");
    return false;
  }
  *product = a * b;
  return true;
}

// The call's arguments; missing ones read as undefined (and then fail their check).
template <std::size_t N>
inline void GetArguments(napi_env env, napi_callback_info info, napi_value (&argv)[N]) {
  std::size_t argc = N;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
}

}  // namespace blaskit::lean
