// The BLAS core choice (core_choice.h) on recorded and written CPU
// descriptions (test/fixtures/cpuinfo). Run by scripts/test-core-choice.sh:
//   core_choice_test <fixtures dir>
// Prints a line per case and `N passed, N failed`.
#include "blas/core_choice.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct Case {
  const char* file;
  const char* openblas_pick;  // what openblas_get_corename returned there
  bool user_set;              // OPENBLAS_CORETYPE set
  const char* expected_core;
  bool expected_changed;
  const char* reason_contains;
};

const Case kCases[] = {
    // The Xeon of issue 11: OpenBLAS 0.3.21 does not know model 207.
    {"intel-family6-model207.txt", "Prescott", false, "SkylakeX", true, "has AVX-512: SkylakeX kernels"},
    // The same Xeon with OPENBLAS_CORETYPE set: the user's core stands.
    {"intel-family6-model207.txt", "Prescott", true, "Prescott", false, "OPENBLAS_CORETYPE is set"},
    {"intel-family6-model207.txt", "SapphireRapids", false, "SapphireRapids", false, "own pick"},
    // This machine: OpenBLAS already picks an AVX-512 core (Cooperlake).
    {"amd-family26-model2.txt", "Cooperlake", false, "Cooperlake", false, "own pick, of this CPU's class"},
    {"amd-family26-model2.txt", "Prescott", false, "SkylakeX", true, "AuthenticAMD (family 26, model 2)"},
    {"amd-family26-model2.txt", "Haswell", true, "Haswell", false, "OPENBLAS_CORETYPE is set"},
    // AVX2 + FMA, no AVX-512: Haswell, and a Haswell pick stays.
    {"intel-family6-model63.txt", "Haswell", false, "Haswell", false, "own pick"},
    {"intel-family6-model63.txt", "Prescott", false, "Haswell", true, "has AVX2 and FMA: Haswell kernels"},
    {"intel-family6-model63.txt", "Sandybridge", false, "Haswell", true, "OpenBLAS picked Sandybridge"},
    // An AVX2 CPU never gets AVX-512 kernels, even from a higher pick.
    {"intel-family6-model63.txt", "Zen", false, "Zen", false, "own pick"},
    // SSE only: Prescott is its class.
    {"intel-family6-model15.txt", "Core2", false, "Core2", false, "own pick"},
    {"intel-family6-model15.txt", "Prescott", false, "Prescott", false, "own pick"},
    // arm64: OpenBLAS's pick stands.
    {"arm64-neoverse-n1.txt", "neoversen1", false, "neoversen1", false, "not an x86-64 CPU"},
    {"arm64-neoverse-n1.txt", "armv8", false, "armv8", false, "not an x86-64 CPU"},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: core_choice_test <test/fixtures/cpuinfo>\n");
    return 2;
  }
  int passed = 0;
  int failed = 0;
  auto expect = [&](bool ok, const std::string& what) {
    std::printf("  %s %s\n", ok ? "✔" : "✖", what.c_str());
    ok ? ++passed : ++failed;
  };

  // The parser itself, on the recorded and written descriptions.
  auto read = [&](const std::string& file) {
    std::ifstream in(std::string(argv[1]) + "/" + file);
    std::stringstream text;
    text << in.rdbuf();
    return blaskit::ParseCpuinfo(text.str());
  };
  const blaskit::CpuDescription xeon = read("intel-family6-model207.txt");
  expect(xeon.x86 && xeon.vendor == "GenuineIntel" && xeon.family == 6 && xeon.model == 207 && xeon.avx512 &&
             xeon.avx2 && xeon.fma,
         "ParseCpuinfo: the Xeon is GenuineIntel family 6 model 207 with AVX-512, AVX2 and FMA");
  const blaskit::CpuDescription haswell = read("intel-family6-model63.txt");
  expect(haswell.x86 && haswell.avx2 && haswell.fma && haswell.avx && !haswell.avx512,
         "ParseCpuinfo: Haswell-EP has AVX2 and FMA, not AVX-512");
  const blaskit::CpuDescription arm = read("arm64-neoverse-n1.txt");
  expect(!arm.x86 && !arm.avx && arm.vendor.empty(), "ParseCpuinfo: an arm64 CPU is not x86-64");
  const blaskit::CpuDescription partial =
      blaskit::ParseCpuinfo("vendor_id : GenuineIntel\nflags : avx avx2 fma avx512f avx512cd\n");
  expect(partial.x86 && !partial.avx512,
         "ParseCpuinfo: AVX-512 counts only with F, DQ, CD, BW and VL (SkylakeX kernels use all five)");
  expect(!blaskit::ParseCpuinfo("").x86,
         "ParseCpuinfo: an empty text (no /proc/cpuinfo) describes no x86 CPU, so nothing changes");

  for (const Case& c : kCases) {
    const blaskit::CoreChoice choice = blaskit::ChooseBlasCore(read(c.file), c.openblas_pick, c.user_set);
    const bool ok = choice.core == c.expected_core && choice.changed == c.expected_changed &&
                    choice.reason.find(c.reason_contains) != std::string::npos;
    expect(ok, std::string(c.file) + ", OpenBLAS picked " + c.openblas_pick +
                   (c.user_set ? ", OPENBLAS_CORETYPE set" : "") + ": " + c.expected_core +
                   (c.expected_changed ? " (changed)" : " (kept)") +
                   (ok ? ""
                       : std::string(" -- got ") + choice.core + (choice.changed ? " (changed)" : " (kept)") + ": " +
                             choice.reason));
  }
  std::printf("\n%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
