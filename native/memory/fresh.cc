// See fresh.h for why results are advised, not allocated, here.
#include "memory/fresh.h"

#include <cstdint>

#include "args.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace blaskit {

std::size_t AdviseHugePages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const std::uintptr_t start = reinterpret_cast<std::uintptr_t>(data);
  if (data == nullptr || bytes < kHugePageBytes || bytes > UINTPTR_MAX - start) return 0;
  // Only whole huge pages inside the buffer: the advice is per mapping, and
  // memory before or after the buffer belongs to other allocations.
  const std::uintptr_t first = (start + kHugePageBytes - 1) & ~(std::uintptr_t{kHugePageBytes} - 1);
  const std::uintptr_t end = (start + bytes) & ~(std::uintptr_t{kHugePageBytes} - 1);
  if (end <= first) return 0;
  // Errors are ignored as numpy ignores them: EINVAL where THP is compiled out
  // means no huge pages and nothing else changes.
  if (madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE) != 0) return 0;
  return end - first;
#else
  (void)data;
  (void)bytes;
  return 0;
#endif
}

Napi::Value CallAdviseHugePages(const Napi::CallbackInfo& info) {
  const glue::FloatSpan array = glue::FloatSpanOf(info.Env(), info[0], "adviseHugePages", "array");
  // A detached array has length 0 and no data: nothing to advise.
  const std::size_t element_bytes = array.is_float32() ? sizeof(float) : sizeof(double);
  const std::size_t advised = AdviseHugePages(array.data, array.length * element_bytes);
  return Napi::Number::New(info.Env(), static_cast<double>(advised));
}

}  // namespace blaskit
