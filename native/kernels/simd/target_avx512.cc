// The SIMD kernels compiled for the avx512 target (flags in CMakeLists.txt).
#define BLASKIT_TARGET avx512
#include "kernels/simd/kernels.inc"
