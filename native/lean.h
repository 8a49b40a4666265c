// Lean entry points: the hot synchronous calls (activations, row kernels,
// multiply) written on the plain Node-API C functions. node-addon-api's
// checked wrappers cost about 90 ns per call here against about 40 for these:
// at the sizes where blaskit hands over from its TypeScript twins to native
// code, that difference is most of the call.
//
// Same contract as args.h: every argument is checked, and a bad one throws a
// TypeError/RangeError with code ERR_BLASKIT_NATIVE_ARGUMENT instead of
// reading or writing outside the caller's buffers.
//
// Arrays are Float64Arrays or Float32Arrays (issue 14), all of one type in a
// call: the first array read decides which kernel runs, and each later one is
// held to its type. The type comes from the same napi_get_typedarray_info
// call that reads the pointer and length, so float32 costs no extra call.
#pragma once

#include <node_api.h>

#include <cstddef>
#include <limits>
#include <string>

namespace blaskit::lean {

// A Float64Array's or Float32Array's memory; `length` in elements.
struct Span {
  void* data;
  std::size_t length;
  napi_typedarray_type type;

  bool is_float32() const { return type == napi_float32_array; }
  double* f64() const { return static_cast<double*>(data); }
  float* f32() const { return static_cast<float*>(data); }
};

inline const char* FloatArrayName(napi_typedarray_type type) {
  return type == napi_float32_array ? "Float32Array" : "Float64Array";
}

// What a mismatched array is told, e.g. "is a Float64Array but 'x' is a
// Float32Array: every array of one call must have the same type" (shared with
// args.h, so the sync and async entry points say the same).
inline std::string MixedTypes(napi_typedarray_type type, const std::string& first_argument,
                              napi_typedarray_type first_type) {
  return std::string("is a ") + FloatArrayName(type) + " but '" + first_argument + "' is a " +
         FloatArrayName(first_type) + ": every array of one call must have the same type";
}

inline constexpr const char* kNotAFloatArray = "must be a Float64Array or a Float32Array";

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

// A Float64Array's or Float32Array's memory (a detached one has length 0 and
// no data); any other value, other typed arrays included, throws.
inline bool GetArray(napi_env env, napi_value value, const char* function, const char* argument, Span* span) {
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &span->type, &span->length, &data, nullptr, nullptr) != napi_ok ||
      (span->type != napi_float64_array && span->type != napi_float32_array)) {
    Throw(env, true, function, argument, kNotAFloatArray);
    return false;
  }
  span->data = data;
  if (data == nullptr) span->length = 0;
  return true;
}

// As GetArray, and of the same type as `first` (read from `first_argument`).
inline bool GetArrayLike(napi_env env, napi_value value, const Span& first, const char* first_argument,
                         const char* function, const char* argument, Span* span) {
  if (!GetArray(env, value, function, argument, span)) return false;
  if (span->type == first.type) return true;
  Throw(env, true, function, argument, MixedTypes(span->type, first_argument, first.type));
  return false;
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
