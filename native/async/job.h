// A unit of async work described without Node-API: which kernel, the snapshots
// of its inputs, plain-number parameters and a result buffer, all owned by the
// job, all of one element type (float64 or float32: the float32 kernels run
// on float32 jobs). `ValidateJob()` runs on the event loop thread before anything is copied;
// `Job::Run()` runs on a libuv pool thread and touches only the job's own memory.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "async/buffer.h"

namespace blaskit {

enum class JobKind {
  kSigmoid,
  kSigmoidDerivative,
  kTanh,
  kTanhDerivative,
  kRelu,
  kReluDerivative,
  kSoftmaxRows,    // params: rows, cols
  kNormalizeRows,  // params: rows, cols
  kMultiply,       // params: ndim, dims[ndim], strides_a[ndim], strides_b[ndim]
  kAdd,            // params: as kMultiply
  kSubtract,       // params: as kMultiply
  kDivide,         // params: as kMultiply
  kDense,          // inputs: x, w[, bias]; params: m, k, n, activation (kernels/dense.h)
  kOuter,          // no params
  kDot,            // no params; result of 1
  kMatVec,         // params: rows, cols, transpose (0 or 1)
  kMatMul,         // params: m, k, n
};

// Parses the operation name the TypeScript layer sends; false if unknown.
bool ParseJobKind(const std::string& name, JobKind* kind);

// True if inputs of `input_sizes`, `params` and a result of `result_length`
// fit a job of `kind` (every length the kernel will rely on); otherwise false,
// with the reason in `error`.
bool ValidateJob(JobKind kind, const std::vector<std::size_t>& input_sizes, const std::vector<std::size_t>& params,
                 std::size_t result_length, std::string* error);

struct Job {
  JobKind kind;
  ElementType type = ElementType::kFloat64;  // of every input and the result
  std::vector<JobBuffer> inputs;             // snapshots, validated by ValidateJob
  std::vector<std::size_t> params;
  JobBuffer result;  // allocated by the caller of Run(), of `type`

  void Run();
  // Frees the input snapshots once Run() has returned, on the pool thread, so
  // that the event loop never pays for it (native/async/worker.cc). Run()
  // after this is a bug and aborts rather than read freed memory.
  void ReleaseInputs() {
    std::vector<JobBuffer>().swap(inputs);
    inputs_released_ = true;
  }

 private:
  template <typename T>
  void RunAs();

  bool inputs_released_ = false;
};

}  // namespace blaskit
