/*
 * descent's native float32 kernels: the same contracts as the WebAssembly and JS kernels in
 * src/autodiff/kernels, on the caller's memory (no copies). Each has an AVX-512, an AVX2 and a
 * portable build, chosen once at load time from what the CPU reports.
 */
#ifndef DESCENT_KERNELS_H
#define DESCENT_KERNELS_H
#include <stddef.h>

/* Bumped whenever a kernel's results or an entry point's arguments change. src/native/index.ts
 * refuses a build with another number, so a build left from an older checkout never mixes its
 * bits with the current JS loops or gets the wrong arguments. 2: float32 Adam, eight-way loss
 * sums. 3: adam takes no parameter array (it reads g, m, v and out). */
#define DESCENT_KERNELS_VERSION 3

/* C[m×n] (row-major, row pitch ldc) += A·B, where A(i,p) = a[i·ars + p·acs] and B(p,j) = b[p·brs + j·bcs].
 * The strides express the three layouts of reverse mode (A·B, Aᵀ·B, A·Bᵀ) without transposing. */
typedef void (*sgemm_fn)(const float *a, ptrdiff_t ars, ptrdiff_t acs, const float *b, ptrdiff_t brs, ptrdiff_t bcs,
                         float *c, ptrdiff_t ldc, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n);

void sgemm_avx512(const float *, ptrdiff_t, ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t, float *, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t);
void sgemm_avx2(const float *, ptrdiff_t, ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t, float *, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t);
void sgemm_portable(const float *, ptrdiff_t, ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t, float *, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t);


/* ReLU forward (out = x where x > 0, else 0) and backward (gx = g where x > 0, else 0), as the JS loops. */
void relu_f32(const float *x, float *out, size_t n);
void relu_grad_f32(const float *g, const float *x, float *gx, size_t n);

/* The branch-free Adam step of src/optim/kernels/adam.ts (plainAdamF32), element for element:
 * float32 arithmetic in the same order, so the result is bit-identical to the JS loop. The
 * constants are passed as doubles that hold float32 values. */
typedef struct {
  double sign, b1, b2, c1, c2, neg_step, inv_bc2_sqrt, eps;
  int add;
} adam_consts;

typedef void (*adam_fn)(const float *g, float *m, float *v, float *out, size_t n, const adam_consts *k);
void adam_f32_avx512(const float *, float *, float *, float *, size_t, const adam_consts *);
void adam_f32_avx2(const float *, float *, float *, float *, size_t, const adam_consts *);
void adam_f32_portable(const float *, float *, float *, float *, size_t, const adam_consts *);

/* Binary cross-entropy from logits, bceTermsJs of src/train/losses.ts element for element: returns
 * Σ max(z,0) − z·y + log(1 + e^−|z|), summed in bceTermsJs's order (eight partial sums), and writes scale·(σ(z) − y) to grad
 * (rounded to float32). Bit-identical to the JS loop with its expNeg and log1pUnit
 * (src/util/exp-log.ts), whose operations it repeats in the same order. */
typedef double (*bce_fn)(const float *z, const float *y, float *grad, size_t m, double scale);
double bce_logits_avx512(const float *, const float *, float *, size_t, double);
double bce_logits_avx2(const float *, const float *, float *, size_t, double);
double bce_logits_portable(const float *, const float *, float *, size_t, double);

/* out[j] = Σᵢ g[i·n + j] summed in double in row order (acc: n doubles of scratch), rounded once. */
void column_sums_f32(const float *g, size_t m, size_t n, double *acc, float *out);

/* 1 when every element is finite. */
int all_finite_f32(const float *x, size_t n);

/* sgemm split over the thread pool by rows or columns (each C entry is still computed by one
 * thread in the same order, so the result does not depend on the thread count). */
void sgemm_parallel(sgemm_fn fn, const float *a, ptrdiff_t ars, ptrdiff_t acs, const float *b, ptrdiff_t brs, ptrdiff_t bcs,
                    float *c, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n);
/* The Adam loop split over the thread pool. */
void adam_parallel(adam_fn fn, const float *g, float *m, float *v, float *out, size_t n, const adam_consts *k);

#endif
