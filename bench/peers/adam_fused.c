/*
 * W3's machine limit: the same Adam step as plain C, one fused loop over p, g, m, v in float32
 * arithmetic, split over the cores by OpenMP. It is what a hand-written kernel reaches on this
 * machine (the "fused C" column), so descent's W3 can be read against it in the same run.
 * The bench builds it (bench/impls.ts):
 *   cc -O3 -march=native -fno-math-errno -ffp-contract=off -fopenmp bench/peers/adam_fused.c -o build/bench/adam-fused
 * Usage: adam-fused ID:SIZE ... ; prints one protocol line (bench/protocol.ts) per task.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

/* One Adam step (lr 1e-3, betas 0.9/0.999, eps 1e-8) at step t, as descent's plainAdamF32. */
static void adam_step(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, long n, int t) {
  const float b1 = 0.9f, b2 = 0.999f, c1 = (float)(1 - 0.9), c2 = (float)(1 - 0.999), eps = 1e-8f;
  const float negStep = (float)(-(1e-3 / (1 - pow(0.9, t))));
  const float invBc2 = (float)(1 / sqrt(1 - pow(0.999, t)));
#pragma omp parallel for schedule(static) if (n >= 65536)
  for (long i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = m[i] * b1 + c1 * gi;
    const float vi = v[i] * b2 + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i] + (negStep * mi) / (sqrtf(vi) * invBc2 + eps);
  }
}

/* Milliseconds per step, timed as bench/workloads/w3-adam.ts times descent's: ~50 ms of warm-up,
 * one probe step, then enough steps for ~100 ms. */
static double time_step(long n) {
  float *p = malloc(n * sizeof(float)), *g = malloc(n * sizeof(float));
  float *m = calloc(n, sizeof(float)), *v = calloc(n, sizeof(float));
  if (!p || !g || !m || !v) return -1;
  unsigned s = 3;
  for (long i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    p[i] = (float)(s >> 8) / 8388608.0f - 1.0f;
    g[i] = (float)((s * 747796405u) >> 8) / 8388608.0f - 1.0f;
  }
  int t = 1;
  const double warm = now_ms();
  while (t <= 3 || now_ms() - warm < 50) adam_step(p, g, m, v, n, t++);
  double t0 = now_ms();
  adam_step(p, g, m, v, n, t++);
  const double probe = now_ms() - t0;
  long reps = probe > 1000 ? 1 : (long)ceil(100 / (probe > 1e-4 ? probe : 1e-4));
  if (reps < 3) reps = 3;
  if (reps > 100000) reps = 100000;
  t0 = now_ms();
  for (long r = 0; r < reps; r++) adam_step(p, g, m, v, n, t++);
  const double ms = (now_ms() - t0) / reps;
  free(p), free(g), free(m), free(v);
  return ms;
}

int main(int argc, char **argv) {
  for (int a = 1; a < argc; a++) {
    char *colon = strrchr(argv[a], ':');
    if (!colon) return 2;
    *colon = 0;
    const long n = atol(colon + 1);
    const double ms = time_step(n);
    if (ms < 0) printf("{\"id\":\"%s\",\"impl\":\"fused-c\",\"metrics\":{},\"error\":\"out of memory\"}\n", argv[a]);
    else printf("{\"id\":\"%s\",\"impl\":\"fused-c\",\"metrics\":{\"ms_per_step\":%.6f,\"gb_per_s\":%.6f,\"size\":%ld}}\n", argv[a], ms, 28.0 * n / (ms * 1e6), n);
    fflush(stdout);
  }
  return 0;
}
