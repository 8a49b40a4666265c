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
  JobWorker(Napi::Env env, Job job, std::size_t result_length, Napi::Float64Array destination)
      : Napi::AsyncWorker(env, "blaskit:job"),
        job_(std::move(job)),
        result_length_(result_length),
        deferred_(Napi::Promise::Deferred::New(env)),
        destination_(Napi::Persistent(destination)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  // On a pool thread: only the job's own memory.
  void Execute() override {
    try {
      job_.result = JobBuffer(result_length_);
      job_.Run();
    } catch (const std::bad_alloc&) {
      SetError("the result could not be allocated");
    }
  }

  // On the event loop thread, which owns `destination`: its pointer and length
  // are read now, not at the start of the job.
  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    Napi::Float64Array destination = destination_.Value();
    if (destination.ElementLength() != job_.result.size()) {
      Reject(env, true, "ERR_BLASKIT_DETACHED",
             "the output's ArrayBuffer was detached, transferred or resized while the job ran; the result was not "
             "written");
      return;
    }
    if (job_.result.size() != 0) {
      std::memcpy(destination.Data(), job_.result.data(), job_.result.size() * sizeof(double));
    }
    deferred_.Resolve(env.Undefined());
  }

  void OnError(const Napi::Error& error) override {
    Napi::HandleScope scope(Env());
    Reject(Env(), false, "ERR_BLASKIT_TOO_LARGE", error.Message());
  }

 private:
  void Reject(Napi::Env env, bool type_error, const char* code, const std::string& message) {
    Napi::Error error = type_error ? Napi::TypeError::New(env, message)
                                   : static_cast<Napi::Error>(Napi::RangeError::New(env, message));
    error.Set("code", Napi::String::New(env, code));
    deferred_.Reject(error.Value());
  }

  Job job_;
  std::size_t result_length_;
  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::Float64Array> destination_;
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
  const Float64Span destination = GetFloat64Array(info, 3, kFunction, "destination");
  const Napi::Array params = info[2].As<Napi::Array>();
  for (uint32_t i = 0; i < params.Length(); ++i) {
    job.params.push_back(SizeOf(env, params[i], kFunction, "params[" + std::to_string(i) + "]"));
  }
  // Check every length before copying anything.
  const Napi::Array inputs = info[1].As<Napi::Array>();
  std::vector<Float64Span> spans;
  std::vector<std::size_t> sizes;
  for (uint32_t i = 0; i < inputs.Length(); ++i) {
    spans.push_back(Float64SpanOf(env, inputs[i], kFunction, "inputs[" + std::to_string(i) + "]"));
    sizes.push_back(spans.back().length);
  }
  std::string error;
  if (!ValidateJob(job.kind, sizes, job.params, destination.length, &error)) {
    Throw(env, false, "ERR_BLASKIT_NATIVE_ARGUMENT", std::string("blaskit native runAsync: ") + error);
  }
  try {
    for (const Float64Span& span : spans) job.inputs.emplace_back(span.data, span.length);
  } catch (const std::bad_alloc&) {
    Throw(env, false, "ERR_BLASKIT_TOO_LARGE", "blaskit native runAsync: the input snapshot could not be allocated");
  }
  auto* worker = new JobWorker(env, std::move(job), destination.length, info[3].As<Napi::Float64Array>());
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace blaskit
