// Memory owned by an async job: snapshots of its inputs and its result.
//
// Async work never touches memory the caller can take away (a transferred,
// detached or collected ArrayBuffer), so every job copies its inputs into
// buffers it owns and computes into a buffer it owns. Large buffers ask for
// transparent huge pages: fresh memory costs about 3.3 ns per double in page
// faults here, about 0.5 with huge pages, and the input snapshot is taken on
// the event loop thread, where that time is felt by every other request.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace blaskit {

class JobBuffer {
 public:
  JobBuffer() = default;
  explicit JobBuffer(std::size_t length) : length_(length) {
    if (length == 0) return;
    const std::size_t bytes = length * sizeof(double);
    void* memory = nullptr;
    if (bytes >= kHugePageBytes) {
      if (posix_memalign(&memory, kHugePageBytes, RoundUp(bytes)) != 0) memory = nullptr;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
      if (memory != nullptr) madvise(memory, RoundUp(bytes), MADV_HUGEPAGE);
#endif
    } else {
      memory = std::malloc(bytes);
    }
    if (memory == nullptr) throw std::bad_alloc();
    data_ = static_cast<double*>(memory);
  }
  JobBuffer(const double* source, std::size_t length) : JobBuffer(length) {
    if (length != 0) std::memcpy(data_, source, length * sizeof(double));
  }
  // A view of memory someone else owns and keeps alive for the job's life.
  static JobBuffer Borrow(double* data, std::size_t length) {
    JobBuffer view;
    view.data_ = data;
    view.length_ = length;
    view.owned_ = false;
    return view;
  }
  ~JobBuffer() {
    if (owned_) std::free(data_);
  }
  JobBuffer(JobBuffer&& other) noexcept : data_(other.data_), length_(other.length_), owned_(other.owned_) {
    other.data_ = nullptr;
    other.length_ = 0;
  }
  JobBuffer& operator=(JobBuffer&& other) noexcept {
    if (this != &other) {
      if (owned_) std::free(data_);
      data_ = other.data_;
      length_ = other.length_;
      owned_ = other.owned_;
      other.data_ = nullptr;
      other.length_ = 0;
    }
    return *this;
  }
  JobBuffer(const JobBuffer&) = delete;
  JobBuffer& operator=(const JobBuffer&) = delete;

  double* data() { return data_; }
  const double* data() const { return data_; }
  std::size_t size() const { return length_; }

 private:
  static constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
  static std::size_t RoundUp(std::size_t bytes) {
    return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  }

  double* data_ = nullptr;
  std::size_t length_ = 0;
  bool owned_ = true;
};

}  // namespace blaskit
