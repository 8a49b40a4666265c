// The SIMD kernels compiled for the baseline target (flags in CMakeLists.txt).
#define BLASKIT_TARGET baseline
#include "kernels/simd/kernels.inc"
