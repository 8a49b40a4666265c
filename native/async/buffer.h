// Memory owned by an async job: snapshots of its inputs and its result.
//
// Async work never touches memory the caller can take away (a transferred,
// detached or collected ArrayBuffer), so every job copies its inputs into
// buffers it owns and computes into a buffer it owns. Large buffers ask for
// transparent huge pages: fresh memory costs about 3.3 ns per double in page
// faults here, about 0.5 with huge pages, and the input snapshot is taken on
// the event loop thread, where that time is felt by every other request.
//
// A buffer holds float64 or float32 elements (issue 14); its length is in
// elements, and `data<T>()` refuses (aborts on) a type other than the one it
// was made for, so a job can never read float32 bytes as doubles.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace blaskit {

enum class ElementType { kFloat64, kFloat32 };

constexpr std::size_t ElementBytes(ElementType type) { return type == ElementType::kFloat32 ? 4 : 8; }

class JobBuffer {
 public:
  JobBuffer() = default;
  JobBuffer(std::size_t length, ElementType type) : length_(length), type_(type) {
    if (length == 0) return;
    const std::size_t bytes = length * ElementBytes(type);
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
    data_ = memory;
  }
  // A snapshot of `length` elements of `type` at `source`.
  JobBuffer(const void* source, std::size_t length, ElementType type) : JobBuffer(length, type) {
    if (length != 0) std::memcpy(data_, source, length * ElementBytes(type));
  }
  // A view of memory someone else owns and keeps alive for the job's life.
  static JobBuffer Borrow(void* data, std::size_t length, ElementType type) {
    JobBuffer view;
    view.data_ = data;
    view.length_ = length;
    view.type_ = type;
    view.owned_ = false;
    return view;
  }
  ~JobBuffer() {
    if (owned_) std::free(data_);
  }
  JobBuffer(JobBuffer&& other) noexcept
      : data_(other.data_), length_(other.length_), type_(other.type_), owned_(other.owned_) {
    other.data_ = nullptr;
    other.length_ = 0;
  }
  JobBuffer& operator=(JobBuffer&& other) noexcept {
    if (this != &other) {
      if (owned_) std::free(data_);
      data_ = other.data_;
      length_ = other.length_;
      type_ = other.type_;
      owned_ = other.owned_;
      other.data_ = nullptr;
      other.length_ = 0;
    }
    return *this;
  }
  JobBuffer(const JobBuffer&) = delete;
  JobBuffer& operator=(const JobBuffer&) = delete;

  template <typename T>
  T* data() {
    static_assert(sizeof(T) == 4 || sizeof(T) == 8, "a job buffer holds float or double");
    if (sizeof(T) != ElementBytes(type_)) std::abort();  // a job mixing element types is a bug, never data
    return static_cast<T*>(data_);
  }
  template <typename T>
  const T* data() const {
    return const_cast<JobBuffer*>(this)->data<T>();
  }
  const void* bytes() const { return data_; }
  std::size_t size() const { return length_; }
  ElementType type() const { return type_; }

 private:
  static constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
  static std::size_t RoundUp(std::size_t bytes) {
    return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  }

  void* data_ = nullptr;
  std::size_t length_ = 0;
  ElementType type_ = ElementType::kFloat64;
  bool owned_ = true;
};

}  // namespace blaskit
