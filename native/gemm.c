/* The float32 GEMM for three instruction sets from one template (gemm-template.h). Built with
 * -ffp-contract=fast so that a·b + c becomes a fused multiply-add where the target has one. */
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>
#include "kernels.h"

/* Each instantiation also defines LOAD_PART(src, n): a vector of src[0..n) with zeros after,
 * reading no memory past src[n - 1] (the last row of a matrix may end its array). */

typedef float vec_avx512 __attribute__((vector_size(64), aligned(4)));
__attribute__((target("avx512f,avx512vl,avx2,fma"))) static inline vec_avx512 load_part_avx512(const float *src, ptrdiff_t n) {
  return (vec_avx512)_mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), src);
}
#define SUFFIX avx512
#define TARGET_ATTR __attribute__((target("avx512f,avx512vl,avx2,fma")))
#define VLEN 16
#define MR 8
#define NRV 2
#define LOAD_PART load_part_avx512
#include "gemm-template.h"

typedef float vec_avx2 __attribute__((vector_size(32), aligned(4)));
__attribute__((target("avx2,fma"))) static inline vec_avx2 load_part_avx2(const float *src, ptrdiff_t n) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return (vec_avx2)_mm256_maskload_ps(src, _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), lanes));
}
#define SUFFIX avx2
#define TARGET_ATTR __attribute__((target("avx2,fma")))
#define VLEN 8
#define MR 6
#define NRV 2
#define LOAD_PART load_part_avx2
#include "gemm-template.h"

typedef float vec_portable __attribute__((vector_size(16), aligned(4)));
static inline vec_portable load_part_portable(const float *src, ptrdiff_t n) {
  vec_portable v = {0};
  memcpy(&v, src, (size_t)n * sizeof(float));
  return v;
}
#define SUFFIX portable
#define TARGET_ATTR
#define VLEN 4
#define MR 4
#define NRV 2
#define LOAD_PART load_part_portable
#include "gemm-template.h"
