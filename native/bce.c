/* The logistic loss's forward pass (see kernels.h), vectorised by hand with GCC vector types.
 * Built with -ffp-contract=off and without -ffast-math: every operation rounds as the JS
 * version's does (src/train/losses.ts with src/util/exp-log.ts), so the two agree bit for bit.
 * The sum runs in the JS loop's order too: eight partial sums, row i into sum i mod 8, combined
 * as ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), then the last m mod 8 rows one by one.
 * (One sequential sum was half of this loop's time: a chain of dependent additions.) */
#include <stdint.h>
#include <string.h>
#include "kernels.h"

#define LN2_HI 6.93147180369123816490e-1
#define LN2_LO 1.90821492927058770002e-10
#define LOG2E 1.4426950408889634
#define LN2 0.6931471805599453
#define ROUND 6755399441055744.0 /* 1.5·2^52: x + ROUND − ROUND rounds x to an integer (ties to even) */
#define ROUND_BITS 0x4338000000000000LL
#define TWO_M100 7.888609052210118e-31 /* 2^-100 */
#define SQRT2_M1 0.41421356237309503

/* One lane: exactly expNeg and log1pUnit of src/util/exp-log.ts, for the ragged end. */
static double exp_neg1(double a) {
  if (!(a < 745.2)) return a >= 745.2 ? 0.0 : a;
  const double x = -a;
  const double kd = x * LOG2E + ROUND - ROUND;
  const double r = x - kd * LN2_HI - kd * LN2_LO;
  const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  const double p = (1 + r) + r2 * (1.0 / 2 + r * (1.0 / 6)) + r4 * ((1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720 + r * (1.0 / 5040)))
    + r8 * ((1.0 / 40320 + r * (1.0 / 362880)) + r2 * (1.0 / 3628800 + r * (1.0 / 39916800)) + r4 * (1.0 / 479001600));
  const int64_t k = (int64_t)kd;
  uint64_t bits = (uint64_t)((k >= -1022 ? k : k + 100) + 1023) << 52;
  double scale;
  memcpy(&scale, &bits, 8);
  return k >= -1022 ? p * scale : p * scale * TWO_M100;
}

static double log1p_unit1(double e) {
  const int high = e > SQRT2_M1;
  const double u = high ? (e - 1) / 2 : e;
  const double s = u / (2 + u);
  const double t = s * s, t2 = t * t, t4 = t2 * t2, t8 = t4 * t4;
  const double series = (1 + t * (1.0 / 3)) + t2 * (1.0 / 5 + t * (1.0 / 7)) + t4 * ((1.0 / 9 + t * (1.0 / 11)) + t2 * (1.0 / 13 + t * (1.0 / 15)))
    + t8 * ((1.0 / 17 + t * (1.0 / 19)) + t2 * (1.0 / 21 + t * (1.0 / 23)) + t4 * (1.0 / 25));
  const double value = 2 * s * series;
  return high ? LN2 + value : value;
}

static double term1(double zi, double yi, float *grad, double scale) {
  const double e = exp_neg1(zi < 0 ? -zi : zi);
  *grad = (float)(scale * ((zi >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi));
  return (zi > 0 ? zi : 0) - zi * yi + log1p_unit1(e);
}

/* W lanes at a time: the same operations on vectors, branches turned into selects. */
#define BCE_VECTOR(NAME, ATTR, W)                                                                          \
  typedef double NAME##_vd __attribute__((vector_size(W * 8), aligned(8)));                               \
  typedef float NAME##_vf __attribute__((vector_size(W * 4), aligned(4)));                                \
  typedef int64_t NAME##_vi __attribute__((vector_size(W * 8), aligned(8)));                              \
  ATTR static inline NAME##_vd NAME##_sel(NAME##_vi mask, NAME##_vd yes, NAME##_vd no) {                  \
    return (NAME##_vd)(((NAME##_vi)yes & mask) | ((NAME##_vi)no & ~mask));                                \
  }                                                                                                       \
  ATTR double NAME(const float *restrict z, const float *restrict y, float *restrict grad, size_t m, double scale) { \
    typedef NAME##_vd vd;                                                                                 \
    typedef NAME##_vi vi;                                                                                 \
    vd acc[8 / W];                                                                                        \
    for (int h = 0; h < 8 / W; h++) acc[h] = (vd){0};                                                     \
    size_t i = 0;                                                                                         \
    for (; i + 8 <= m; i += 8) for (int h = 0; h < 8 / W; h++) {                                           \
      const size_t at = i + (size_t)h * W;                                                                \
      const vd zi = __builtin_convertvector(*(const NAME##_vf *)(z + at), vd);                            \
      const vd yi = __builtin_convertvector(*(const NAME##_vf *)(y + at), vd);                            \
      const vd a = (vd)((vi)zi & 0x7fffffffffffffffLL);                                                   \
      const vd x = -NAME##_sel(a < 746.0, a, (vd){0} + 746.0); /* clamped; chosen below */                \
      const vd kd = x * LOG2E + ROUND - ROUND;                                                            \
      const vd r = x - kd * LN2_HI - kd * LN2_LO;                                                         \
      const vd r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;                                                    \
      const vd p = (1 + r) + r2 * (1.0 / 2 + r * (1.0 / 6)) + r4 * ((1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720 + r * (1.0 / 5040))) \
        + r8 * ((1.0 / 40320 + r * (1.0 / 362880)) + r2 * (1.0 / 3628800 + r * (1.0 / 39916800)) + r4 * (1.0 / 479001600)); \
      const vi k = (vi)(x * LOG2E + ROUND) - ROUND_BITS;                                                  \
      const vi normal = k >= -1022;                                                                       \
      const vd pow2k = (vd)(((k + (~normal & 100)) + 1023) << 52);                                        \
      const vd v = NAME##_sel(normal, p * pow2k, p * pow2k * TWO_M100);                                   \
      const vd e = NAME##_sel(a < 745.2, v, NAME##_sel(a >= 745.2, (vd){0}, a));                          \
      const vi high = e > SQRT2_M1;                                                                       \
      const vd u = NAME##_sel(high, (e - 1) / 2, e);                                                      \
      const vd sv = u / (2 + u);                                                                          \
      const vd t = sv * sv, t2 = t * t, t4 = t2 * t2, t8 = t4 * t4;                                       \
      const vd series = (1 + t * (1.0 / 3)) + t2 * (1.0 / 5 + t * (1.0 / 7)) + t4 * ((1.0 / 9 + t * (1.0 / 11)) + t2 * (1.0 / 13 + t * (1.0 / 15))) \
        + t8 * ((1.0 / 17 + t * (1.0 / 19)) + t2 * (1.0 / 21 + t * (1.0 / 23)) + t4 * (1.0 / 25));     \
      const vd value = 2 * sv * series;                                                                   \
      const vd logTerm = NAME##_sel(high, LN2 + value, value);                                            \
      const vd pos = NAME##_sel(zi > 0, zi, (vd){0});                                                     \
      const vd term = pos - zi * yi + logTerm;                                                            \
      const vd num = NAME##_sel(zi >= 0, (vd){0} + 1, e);                                                 \
      const NAME##_vf gv = __builtin_convertvector(scale * (num / (1 + e) - yi), NAME##_vf);              \
      memcpy(grad + at, &gv, sizeof gv);                                                                  \
      acc[h] += term;                                                                                     \
    }                                                                                                     \
    double sums[8];                                                                                       \
    memcpy(sums, acc, sizeof sums);                                                                       \
    double s = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7])); \
    for (; i < m; i++) s += term1(z[i], y[i], grad + i, scale);                                           \
    return s;                                                                                             \
  }

BCE_VECTOR(bce_logits_avx512, __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma"))), 8)
BCE_VECTOR(bce_logits_avx2, __attribute__((target("avx2,fma"))), 4)
BCE_VECTOR(bce_logits_portable, , 2)
