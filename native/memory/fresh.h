// Cheap first touch for large results blaskit allocates.
//
// A fresh result (`sigmoid(x)` without `out`) is a `new Float64Array(n)` that
// the kernel writes at once. V8 callocs it; glibc maps large blocks afresh
// (always from 32 MiB, often from 128 KiB: its threshold rises as blocks are
// freed), so the kernel's writes are the first touch. With 4 KiB pages that
// costs about 3.3-3.8 ns per double here (a fault per 512 doubles), several
// times a vectorised kernel. Transparent huge pages fault 2 MiB at a time:
// 0.5-0.7 ns per double (the kernel zeroing the page) on this machine.
// numpy asks for them the same way: madvise(MADV_HUGEPAGE) on the memory
// malloc/calloc gave it, for arrays of 4 MiB and more (indicate_hugepages in
// numpy/_core/src/multiarray/alloc.c). Pre-faulting (MADV_POPULATE_WRITE, or
// a fill) does not pay: it costs the same faults plus a pass of its own.
//
// The memory stays V8's: the result is allocated in TypeScript as before and
// only advised here, before anything writes it. blaskit does not wrap memory of
// its own in an external ArrayBuffer for this, although that would let it
// align every byte to 2 MiB:
//  - Node marks external ArrayBuffers untransferable: postMessage with the
//    buffer in the transfer list silently copies it on Node 20 (no detach) and
//    throws DataCloneError on Node 21 and later (nodejs/node#47604); results
//    the user could transfer before would stop being transferable.
//  - Runtimes with V8's sandbox (Electron) reject external buffers
//    (napi_no_external_buffers_allowed, nodejs/node#45181).
//  - The fallback, napi_create_arraybuffer, ends the process when the
//    allocation fails (v8::ArrayBuffer::New is fatal on OOM), where
//    `new Float64Array(n)` throws a RangeError the caller can catch.
// The price is the unaligned head and tail of each buffer (up to 2 MiB each),
// which still fault 4 KiB at a time: at n = 1e7, 1.48 ns per element for
// relu into an advised result against 1.44 into an aligned external one.
//
// BLASKIT_MADVISE_HUGEPAGE=0 turns the advice off (lib/buffers.ts), for
// virtual machines whose balloon reports free 2 MiB blocks to the host: there
// a growing process gets huge pages the host must fault in again, slower than
// small pages.
#pragma once

#include <napi.h>

#include <cstddef>

namespace blaskit {

// The smallest buffer that can hold a whole 2 MiB-aligned huge page is 2 MiB
// (if it happens to start on a boundary); below it the advice cannot apply.
inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// Asks the kernel to back the 2 MiB-aligned pages lying wholly inside
// [data, data + bytes) with transparent huge pages when they are first touched.
// Advice only: contents are never changed and memory outside the range is
// never affected; pages already present stay as they are (khugepaged may merge
// them later). Returns the number of bytes advised: 0 when no aligned 2 MiB
// page fits, off Linux, or when the kernel refuses (THP compiled out).
std::size_t AdviseHugePages(void* data, std::size_t bytes);

// adviseHugePages(array: Float64Array | Float32Array): number -- the Node-API
// glue for the above, over the bytes of `array` (a view's own bytes only, not
// its whole buffer). Throws TypeError ERR_BLASKIT_NATIVE_ARGUMENT for anything
// but a Float64Array or Float32Array.
Napi::Value CallAdviseHugePages(const Napi::CallbackInfo& info);

}  // namespace blaskit
