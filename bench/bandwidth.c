/*
 * The memory-bandwidth floor for W3 on this machine: Adam's traffic (read p, g, m, v; write p, m,
 * v: 28 bytes per element) with almost no arithmetic, on 1 and on 2 threads. No Adam step can
 * beat these times. Not part of the build; run by hand:
 *   cc -O3 -march=native -pthread bench/bandwidth.c -o bandwidth && ./bandwidth
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 10000000L
static float *p, *g, *m, *v;

typedef struct { long lo, hi; } range;

static void *touch(void *arg) {
  const range *r = arg;
  for (long i = r->lo; i < r->hi; i++) {
    m[i] = 0.9f * m[i] + 0.1f * g[i];
    v[i] = 0.999f * v[i] + 0.001f * g[i] * g[i];
    p[i] -= 1e-3f * m[i];
  }
  return NULL;
}

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
  p = malloc(N * 4), g = malloc(N * 4), m = malloc(N * 4), v = malloc(N * 4);
  if (!p || !g || !m || !v) return 1;
  for (long i = 0; i < N; i++) p[i] = g[i] = m[i] = v[i] = 1.0f;
  double best1 = 1e9, best2 = 1e9;
  for (int round = 0; round < 5; round++) {
    range all = {0, N}, lo = {0, N / 2}, hi = {N / 2, N};
    double t0 = seconds();
    touch(&all);
    double t1 = seconds();
    pthread_t helper;
    pthread_create(&helper, NULL, touch, &lo);
    touch(&hi);
    pthread_join(helper, NULL);
    double t2 = seconds();
    if (t1 - t0 < best1) best1 = t1 - t0;
    if (t2 - t1 < best2) best2 = t2 - t1;
  }
  printf("10^7 elements, 28 bytes each: 1 thread %.1f ms (%.1f GB/s), 2 threads %.1f ms (%.1f GB/s)\n",
         best1 * 1e3, 28.0 * N / best1 / 1e9, best2 * 1e3, 28.0 * N / best2 / 1e9);
  return 0;
}
