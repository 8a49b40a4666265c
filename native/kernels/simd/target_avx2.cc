// The SIMD kernels compiled for the avx2 target (flags in CMakeLists.txt).
#define BLASKIT_TARGET avx2
#include "kernels/simd/kernels.inc"
