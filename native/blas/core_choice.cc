#include "blas/core_choice.h"

#include <cstdlib>
#include <sstream>
#include <string>

namespace blaskit {

namespace {

// OpenBLAS 0.3.21's x86-64 cores by the widest vector unit their kernels use.
// 3: AVX-512, 2: AVX2 + FMA, 1: AVX, 0: SSE only (Prescott is the generic
// fallback for CPUs it does not know). Names as openblas_get_corename spells
// them; an unlisted name counts as 0.
int CoreClass(const std::string& core) {
  static const char* const kAvx512[] = {"SkylakeX", "Cooperlake", "SapphireRapids"};
  static const char* const kAvx2[] = {"Haswell", "Zen", "Excavator", "Steamroller"};
  static const char* const kAvx[] = {"Sandybridge", "Bulldozer", "Piledriver"};
  for (const char* name : kAvx512)
    if (core == name) return 3;
  for (const char* name : kAvx2)
    if (core == name) return 2;
  for (const char* name : kAvx)
    if (core == name) return 1;
  return 0;
}

std::string Trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

CpuDescription ParseCpuinfo(const std::string& text) {
  CpuDescription cpu;
  std::istringstream lines(text);
  std::string line;
  bool seen_processor = false;
  bool has_flags = false;
  while (std::getline(lines, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = Trim(line.substr(0, colon));
    const std::string value = Trim(line.substr(colon + 1));
    if (key == "processor") {
      if (seen_processor) break;  // the first processor describes them all
      seen_processor = true;
    } else if (key == "vendor_id") {
      cpu.vendor = value;
    } else if (key == "cpu family") {
      cpu.family = std::atoi(value.c_str());
    } else if (key == "model") {
      cpu.model = std::atoi(value.c_str());
    } else if (key == "flags") {
      has_flags = true;
      std::istringstream words(value);
      std::string flag;
      int avx512_parts = 0;
      while (words >> flag) {
        if (flag == "avx")
          cpu.avx = true;
        else if (flag == "avx2")
          cpu.avx2 = true;
        else if (flag == "fma")
          cpu.fma = true;
        else if (flag == "avx512f" || flag == "avx512dq" || flag == "avx512cd" || flag == "avx512bw" ||
                 flag == "avx512vl")
          ++avx512_parts;
      }
      cpu.avx512 = avx512_parts == 5;
    }
  }
  cpu.x86 = has_flags && !cpu.vendor.empty();
  return cpu;
}

CoreChoice ChooseBlasCore(const CpuDescription& cpu, const std::string& openblas_core, bool coretype_set_by_user) {
  if (coretype_set_by_user)
    return {openblas_core, "OPENBLAS_CORETYPE is set: OpenBLAS's core as the user chose it", false};
  if (!cpu.x86) return {openblas_core, "OpenBLAS's own pick (not an x86-64 CPU)", false};
  int cpu_class = 0;
  std::string best;
  if (cpu.avx512) {
    // SkylakeX, not Cooperlake even with BF16: the two share their double
    // kernels, and SkylakeX is the core measured on the Xeon (483 GFLOP/s).
    cpu_class = 3;
    best = "SkylakeX";
  } else if (cpu.avx2 && cpu.fma) {
    cpu_class = 2;
    best = "Haswell";
  } else if (cpu.avx) {
    cpu_class = 1;
    best = "Sandybridge";
  }
  if (CoreClass(openblas_core) >= cpu_class) return {openblas_core, "OpenBLAS's own pick, of this CPU's class", false};
  const char* const kClassName[] = {"SSE", "AVX", "AVX2 and FMA", "AVX-512"};
  std::ostringstream reason;
  reason << "OpenBLAS picked " << (openblas_core.empty() ? "no core" : openblas_core) << " for this "
         << (cpu.vendor.empty() ? "CPU" : cpu.vendor) << " (family " << cpu.family << ", model " << cpu.model
         << "), which it does not know; the CPU has " << kClassName[cpu_class] << ": " << best << " kernels";
  return {best, reason.str(), true};
}

}  // namespace blaskit
