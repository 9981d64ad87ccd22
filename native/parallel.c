/* How the kernels share out work over the thread pool: contiguous blocks, whole register tiles
 * where possible, and no splitting below the size where waking a helper costs more than it saves. */
#include <stddef.h>
#include "kernels.h"
#include "threads.h"

#define GEMM_PARALLEL_MIN (1 << 21) /* multiply-adds: ~40 µs of work at 50 GFLOP/s */
#define ADAM_PARALLEL_MIN (1 << 16) /* elements: ~250 µs of work */

typedef struct {
  sgemm_fn fn;
  const float *a, *b;
  ptrdiff_t ars, acs, brs, bcs;
  float *c;
  ptrdiff_t m, k, n, unit;
  int parts, by_rows;
} gemm_job;

/* Block i of `parts` over `total`, in multiples of `unit` (the last block takes the rest). */
static void block(ptrdiff_t total, ptrdiff_t unit, int parts, int i, ptrdiff_t *lo, ptrdiff_t *hi) {
  const ptrdiff_t units = (total + unit - 1) / unit;
  *lo = (units * i / parts) * unit;
  *hi = i == parts - 1 ? total : (units * (i + 1) / parts) * unit;
  if (*lo > total) *lo = total;
  if (*hi > total) *hi = total;
}

static void gemm_task(void *ctx, int i) {
  const gemm_job *j = ctx;
  ptrdiff_t lo, hi;
  if (j->by_rows) {
    block(j->m, j->unit, j->parts, i, &lo, &hi);
    if (hi > lo) j->fn(j->a + lo * j->ars, j->ars, j->acs, j->b, j->brs, j->bcs, j->c + lo * j->n, j->n, hi - lo, j->k, j->n);
  } else {
    block(j->n, j->unit, j->parts, i, &lo, &hi);
    if (hi > lo) j->fn(j->a, j->ars, j->acs, j->b + lo * j->bcs, j->brs, j->bcs, j->c + lo, j->n, j->m, j->k, hi - lo);
  }
}

void sgemm_parallel(sgemm_fn fn, const float *a, ptrdiff_t ars, ptrdiff_t acs, const float *b, ptrdiff_t brs, ptrdiff_t bcs,
                    float *c, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n) {
  const int threads = active_threads();
  if (threads <= 1 || (double)m * (double)k * (double)n < GEMM_PARALLEL_MIN || (m < 64 && n < 64)) {
    fn(a, ars, acs, b, brs, bcs, c, n, m, k, n);
    return;
  }
  /* Split the longer side: rows in multiples of 16 (whole 8- and 4-row tiles), columns in
   * multiples of 32 (whole 32-, 16- and 8-column tiles). */
  const int by_rows = m >= n;
  gemm_job job = {fn, a, b, ars, acs, brs, bcs, c, m, k, n, by_rows ? 16 : 32, threads, by_rows};
  parallel_run(gemm_task, &job, threads);
}

typedef struct {
  adam_fn fn;
  const float *g;
  float *m, *v, *out;
  size_t n;
  const adam_consts *k;
  int parts;
} adam_job;

static void adam_task(void *ctx, int i) {
  const adam_job *j = ctx;
  ptrdiff_t lo, hi;
  block((ptrdiff_t)j->n, 64, j->parts, i, &lo, &hi);
  if (hi > lo) j->fn(j->g + lo, j->m + lo, j->v + lo, j->out + lo, (size_t)(hi - lo), j->k);
}

void adam_parallel(adam_fn fn, const float *g, float *m, float *v, float *out, size_t n, const adam_consts *k) {
  const int threads = active_threads();
  if (threads <= 1 || n < ADAM_PARALLEL_MIN) {
    fn(g, m, v, out, n, k);
    return;
  }
  adam_job job = {fn, g, m, v, out, n, k, threads};
  parallel_run(adam_task, &job, threads);
}
