// Which OpenBLAS kernel family ("core") products run on, when OpenBLAS's own
// pick is a generic fallback. Pure functions of a CPU description, so that the
// choice is tested on recorded CPUs (test/fixtures/cpuinfo) with no
// OPENBLAS_CORETYPE change on the test machine (scripts/test-core-choice.sh).
//
// Why: OpenBLAS picks its core from the CPU's family and model numbers.
// OpenBLAS 0.3.21 (Debian 12's, which source builds there link) does not know
// an Intel CPU newer than itself (family 6 model 207, a 2023 Xeon: AVX-512,
// AMX) and falls back to "Prescott", SSE3 kernels: dgemm of 2048^2 on 16
// threads ran at 89-122 GFLOP/s there, 483 with OPENBLAS_CORETYPE=SkylakeX
// (measured on that Xeon, issue 11). The prebuilds' 0.3.29 falls back by
// instruction set itself; this check keeps every build right. The choice here
// goes by the instruction sets the CPU and the OS support, as OpenBLAS itself
// does for unknown AMD families.
#pragma once

#include <string>

namespace blaskit {

// What the choice needs to know of a CPU: /proc/cpuinfo's first processor.
struct CpuDescription {
  bool x86 = false;    // an x86-64 CPU (vendor_id and flags present)
  std::string vendor;  // "GenuineIntel", "AuthenticAMD", ...
  int family = 0;      // cpu family
  int model = 0;       // model (extended model included)
  // Instruction sets the kernel reports usable (Linux drops a flag when the
  // OS does not save that register state, so a flag means "usable").
  bool avx = false;
  bool avx2 = false;
  bool fma = false;
  bool avx512 = false;  // avx512f, avx512dq, avx512cd, avx512bw and avx512vl
};

// A description from /proc/cpuinfo's text (the first processor's lines).
CpuDescription ParseCpuinfo(const std::string& text);

struct CoreChoice {
  std::string core;      // the core products run on, in OpenBLAS's spelling
  std::string reason;    // why, for runtimeInfo()
  bool changed = false;  // whether it differs from OpenBLAS's own pick
};

// The core for `cpu`, given OpenBLAS's pick (openblas_get_corename) and
// whether the user set OPENBLAS_CORETYPE (then their choice stands). Replaces
// only a pick below the CPU's class (AVX-512: SkylakeX; AVX2 with FMA:
// Haswell; AVX: Sandybridge, as OpenBLAS names them);
// a pick of the CPU's class or above, or a non-x86 CPU, stays.
CoreChoice ChooseBlasCore(const CpuDescription& cpu, const std::string& openblas_core, bool coretype_set_by_user);

}  // namespace blaskit
