/* Element-wise float32 kernels. Built with -ffp-contract=off: these must round exactly like
 * the JS loops they replace (no fused multiply-add), so results do not depend on the backend. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "kernels.h"

/* Float32 arithmetic in the JS loop's order (adamF32 in src/kernels/adam-f32.ts, its common case: no
 * weight decay, no AMSGrad; it rounds each operation with
 * Math.fround), as torch.optim computes on float32 tensors. The constants arrive already rounded
 * to float32, so converting them loses nothing. */
#define ADAM_LOOP(OUT_EXPR)                                      \
  for (size_t i = 0; i < n; i++) {                               \
    const float gi = sign * g[i];                                \
    const float mi = m[i] * b1 + c1 * gi;                        \
    const float vi = v[i] * b2 + c2 * gi * gi;                   \
    m[i] = mi;                                                   \
    v[i] = vi;                                                   \
    const float u = (negStep * mi) / (sqrtf(vi) * invBc2 + eps); \
    out[i] = OUT_EXPR;                                           \
  }

#define ADAM_FN(NAME, ATTR)                                                                                   \
  /* out is the parameter itself for a step (the update is added to it), an update buffer else */      \
  ATTR void NAME(const float *restrict g, float *restrict m, float *restrict v, float *restrict out,       \
                 size_t n, const adam_consts *k) {                                                          \
    const float sign = (float)k->sign, b1 = (float)k->b1, b2 = (float)k->b2, c1 = (float)k->c1;            \
    const float c2 = (float)k->c2, negStep = (float)k->neg_step, invBc2 = (float)k->inv_bc2_sqrt;          \
    const float eps = (float)k->eps;                                                                        \
    if (k->add) { ADAM_LOOP(out[i] + u) } else { ADAM_LOOP(u) }                                             \
  }

ADAM_FN(adam_f32_avx512, __attribute__((target("avx512f,avx512vl,avx2,fma"))))
ADAM_FN(adam_f32_avx2, __attribute__((target("avx2,fma"))))
ADAM_FN(adam_f32_portable, )

typedef uint32_t __attribute__((may_alias)) u32_alias;

/* An element is ±Inf or NaN exactly when its exponent bits are all ones, that is when
 * ~bits & 0x7f800000 is 0: a minimum over the array (which vectorizes) finds any such element. */
__attribute__((target_clones("avx512f", "avx2", "default"))) int all_finite_f32(const float *x, size_t n) {
  const u32_alias *bits = (const u32_alias *)x;
  uint32_t least = 0x7f800000u;
  for (size_t i = 0; i < n; i++) {
    const uint32_t v = ~bits[i] & 0x7f800000u;
    least = v < least ? v : least;
  }
  return least != 0;
}

/* The JS loops' exact rule, NaN included (NaN > 0 is false, so NaN becomes 0, as in JS). */
__attribute__((target_clones("avx512f", "avx2", "default"))) void relu_f32(const float *restrict x, float *restrict out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

__attribute__((target_clones("avx512f", "avx2", "default"))) void relu_grad_f32(const float *restrict g, const float *restrict x, float *restrict gx, size_t n) {
  for (size_t i = 0; i < n; i++) gx[i] = x[i] > 0.0f ? g[i] : 0.0f;
}

/* out[j] = Σᵢ g[i·n + j] in double, rows in order, rounded once: columnSums of src/train/dense-op.ts
 * (the bias gradient), whose additions it repeats in the same order. */
__attribute__((target_clones("avx512f", "avx2", "default"))) void column_sums_f32(const float *restrict g, size_t m, size_t n, double *restrict acc, float *restrict out) {
  for (size_t j = 0; j < n; j++) acc[j] = 0;
  for (size_t i = 0; i < m; i++) {
    const float *row = g + i * n;
    for (size_t j = 0; j < n; j++) acc[j] += (double)row[j];
  }
  for (size_t j = 0; j < n; j++) out[j] = (float)acc[j];
}
