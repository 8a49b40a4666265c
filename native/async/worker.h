// runAsync(op, inputs, params, destination): the Promise-returning entry point.
#pragma once

#include <napi.h>

namespace blaskit {

// Snapshots `inputs` (Float64Arrays, or Float32Arrays when `destination` is
// one: a job has one element type) into job-owned memory on the calling
// thread, computes on the libuv pool into job-owned memory, and on the event
// loop thread copies the result into `destination` (re-reading its pointer and
// length there, so a buffer detached meanwhile is detected, never written)
// before resolving. Rejects with a RangeError/TypeError carrying a `code`.
Napi::Value RunAsync(const Napi::CallbackInfo& info);

}  // namespace blaskit
