#include "async/worker.h"

#include <cstring>
#include <new>
#include <string>
#include <utility>

#include "args.h"
#include "async/job.h"

namespace blaskit {

namespace {

using namespace glue;

constexpr const char* kFunction = "runAsync";

class JobWorker : public Napi::AsyncWorker {
 public:
  // `private_destination`: the caller promises that `destination` is an array
  // only blaskit can reach until the Promise settles (the fresh result array
  // the TypeScript layer allocates when there is no `out`). Nobody can detach
  // it, and the reference keeps it alive, so the job writes straight into it
  // from the pool thread: no second copy, and its page faults happen off the
  // event loop. A caller's `out` is never written from the pool.
  // `destination` is `span`'s array, of the job's element type.
  JobWorker(Napi::Env env, Job job, Napi::TypedArray destination, const FloatSpan& span, bool private_destination)
      : Napi::AsyncWorker(env, "blaskit:job"),
        job_(std::move(job)),
        result_length_(span.length),
        direct_(private_destination ? span.data : nullptr),
        deferred_(Napi::Promise::Deferred::New(env)),
        destination_(Napi::Persistent(destination)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  // On a pool thread: only the job's own memory.
  void Execute() override {
    try {
      job_.result = direct_ != nullptr ? JobBuffer::Borrow(direct_, result_length_, job_.type)
                                       : JobBuffer(result_length_, job_.type);
      job_.Run();
    } catch (const std::bad_alloc&) {
      SetError("the result could not be allocated");
    }
    // The input snapshots are freed here, not with the worker on the event
    // loop thread: freeing the two 32 MB snapshots of a 2048² dot there cost
    // the event loop 0.5-0.7 ms in the production build, and 105-222 ms on a
    // process's first large jobs under AddressSanitizer (measured here; it
    // failed the event-loop test in test/62 under `npm run test:asan`).
    job_.ReleaseInputs();
  }

  // On the event loop thread, which owns `destination`: its pointer and length
  // are read now, not at the start of the job.
  void OnOK() override {
    Deliver([this](Napi::Env env) {
      Napi::TypedArray destination = destination_.Value();
      void* data = nullptr;
      std::size_t length = 0;
      napi_get_typedarray_info(env, destination, nullptr, &length, &data, nullptr, nullptr);
      if (IsDetached(env, destination) || length != job_.result.size()) {
        Reject(env, true, "ERR_BLASKIT_DETACHED",
               "the output's ArrayBuffer was detached, transferred or resized while the job ran; the result was not "
               "written");
        return;
      }
      if (direct_ == nullptr && job_.result.size() != 0) {
        std::memcpy(data, job_.result.bytes(), job_.result.size() * ElementBytes(job_.type));
      }
      deferred_.Resolve(env.Undefined());
    });
  }

  void OnError(const Napi::Error& error) override {
    const std::string message = error.Message();
    Deliver([this, &message](Napi::Env env) { Reject(env, false, "ERR_BLASKIT_TOO_LARGE", message); });
  }

 private:
  // Completion runs on the event loop thread. When the environment is being
  // torn down (a worker terminated mid-job, the process exiting), calls into
  // JS fail and node-addon-api throws: there is nobody left to tell, so the
  // result is dropped rather than letting the exception abort the process.
  template <typename Action>
  void Deliver(Action action) {
    try {
      Napi::HandleScope scope(Env());
      action(Env());
    } catch (const Napi::Error& error) {
      // Still settle the Promise when JS can run: a Promise that never
      // settles would leave the caller waiting forever.
      try {
        deferred_.Reject(error.Value());
      } catch (const Napi::Error&) {
      }
    }
  }

  // Length alone misses a detached empty array, so ask the buffer itself; a
  // SharedArrayBuffer cannot be detached (and napi_is_detached_arraybuffer
  // refuses it).
  static bool IsDetached(Napi::Env env, const Napi::TypedArray& array) {
    napi_value buffer = array.ArrayBuffer();
    bool is_array_buffer = false;
    bool detached = false;
    if (napi_is_arraybuffer(env, buffer, &is_array_buffer) == napi_ok && is_array_buffer) {
      napi_is_detached_arraybuffer(env, buffer, &detached);
    }
    return detached;
  }

  void Reject(Napi::Env env, bool type_error, const char* code, const std::string& message) {
    Napi::Error error =
        type_error ? Napi::TypeError::New(env, message) : static_cast<Napi::Error>(Napi::RangeError::New(env, message));
    error.Set("code", Napi::String::New(env, code));
    deferred_.Reject(error.Value());
  }

  Job job_;
  std::size_t result_length_;
  void* direct_;
  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::TypedArray> destination_;
};

}  // namespace

Napi::Value RunAsync(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  Job job;
  if (!info[0].IsString() || !ParseJobKind(info[0].As<Napi::String>().Utf8Value(), &job.kind)) {
    Throw(env, true, "ERR_BLASKIT_NATIVE_ARGUMENT", Where(kFunction, "op") + "must name a kernel");
  }
  if (!info[1].IsArray() || !info[2].IsArray()) {
    Throw(env, true, "ERR_BLASKIT_NATIVE_ARGUMENT", Where(kFunction, "inputs") + "and 'params' must be arrays");
  }
  // Everything that can run JS (an element getter on `inputs` or `params`)
  // runs first: a getter may detach or transfer any buffer, so no pointer or
  // length is read until the last of them has returned, and nothing runs JS
  // between that read and the snapshot.
  const Napi::Array params = info[2].As<Napi::Array>();
  for (uint32_t i = 0; i < params.Length(); ++i) {
    job.params.push_back(SizeOf(env, params[i], kFunction, "params[" + std::to_string(i) + "]"));
  }
  const Napi::Array inputs = info[1].As<Napi::Array>();
  std::vector<Napi::Value> input_values;
  for (uint32_t i = 0; i < inputs.Length(); ++i) input_values.push_back(inputs[i]);
  // The destination's type (Float64Array or Float32Array) is the job's; every
  // input must have it too. Every length is checked before anything is copied.
  const FloatSpan destination = FloatSpanOf(env, info[3], kFunction, "destination");
  job.type = destination.is_float32() ? ElementType::kFloat32 : ElementType::kFloat64;
  std::vector<FloatSpan> spans;
  std::vector<std::size_t> sizes;
  for (std::size_t i = 0; i < input_values.size(); ++i) {
    spans.push_back(FloatSpanLike(env, input_values[i], destination, "destination", kFunction,
                                  "inputs[" + std::to_string(i) + "]"));
    sizes.push_back(spans.back().length);
  }
  std::string error;
  if (!ValidateJob(job.kind, sizes, job.params, destination.length, &error)) {
    Throw(env, false, "ERR_BLASKIT_NATIVE_ARGUMENT", std::string("blaskit native runAsync: ") + error);
  }
  try {
    for (const FloatSpan& span : spans) job.inputs.emplace_back(span.data, span.length, job.type);
  } catch (const std::bad_alloc&) {
    Throw(env, false, "ERR_BLASKIT_TOO_LARGE", "blaskit native runAsync: the input snapshot could not be allocated");
  }
  if (!info[4].IsBoolean()) {
    Throw(env, true, "ERR_BLASKIT_NATIVE_ARGUMENT", Where(kFunction, "privateDestination") + "must be a boolean");
  }
  auto* worker = new JobWorker(env, std::move(job), info[3].As<Napi::TypedArray>(), destination,
                               info[4].As<Napi::Boolean>().Value());
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace blaskit
