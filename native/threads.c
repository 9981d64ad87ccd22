/* The fork-join pool of threads.h. Between calls helpers spin briefly, then sleep on a condition
 * variable, so an idle process costs nothing while back-to-back calls (a training step's products
 * and its Adam update) skip the wake-up latency of a sleeping thread; the caller likewise spins
 * briefly before sleeping while it waits for the helpers to finish. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>
#include "threads.h"

#define MAX_THREADS 8
#define SPINS 2000 /* pause instructions, roughly 100 µs here, before a thread sleeps */

static struct {
  pthread_mutex_t lock;       /* guards fn, ctx, count and the sleeping on the conditions */
  pthread_cond_t start;       /* a new generation of tasks is posted */
  pthread_cond_t done;        /* the last helper has finished */
  pthread_mutex_t busy;       /* held by the one caller using the pool */
  atomic_ulong generation;
  atomic_int pending;         /* helpers still running this generation */
  task_fn fn;
  void *ctx;
  int count;
  int threads;
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, 0, 0, NULL, NULL, 0, 1};

static pthread_once_t started = PTHREAD_ONCE_INIT;

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static void *helper(void *arg) {
  const int index = (int)(long)arg;
  unsigned long seen = 0;
  for (;;) {
    for (int s = 0; s < SPINS && atomic_load(&pool.generation) == seen; s++) relax();
    pthread_mutex_lock(&pool.lock);
    while (atomic_load(&pool.generation) == seen) pthread_cond_wait(&pool.start, &pool.lock);
    seen = atomic_load(&pool.generation);
    const task_fn fn = pool.fn;
    void *ctx = pool.ctx;
    const int run = index < pool.count;
    pthread_mutex_unlock(&pool.lock);
    if (!run) continue;
    fn(ctx, index);
    if (atomic_fetch_sub(&pool.pending, 1) == 1) {
      pthread_mutex_lock(&pool.lock);
      pthread_cond_signal(&pool.done);
      pthread_mutex_unlock(&pool.lock);
    }
  }
  return NULL;
}

static void start_pool(void) {
  const char *env = getenv("DESCENT_THREADS");
  long n = env != NULL ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 1;
  if (n > MAX_THREADS) n = MAX_THREADS;
  int made = 1;
  for (long i = 1; i < n; i++) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, helper, (void *)i) == 0) made++;
    pthread_attr_destroy(&attr);
    if (made != i + 1) break; /* helper indices must stay contiguous */
  }
  pool.threads = made;
}

int thread_count(void) {
  pthread_once(&started, start_pool);
  return pool.threads;
}

static atomic_int limit = 0; /* 0: all the pool's threads */

int active_threads(void) {
  const int all = thread_count();
  const int l = atomic_load(&limit);
  return l > 0 && l < all ? l : all;
}

int set_thread_limit(int n) {
  atomic_store(&limit, n < 0 ? 0 : n);
  return active_threads();
}

void parallel_run(task_fn fn, void *ctx, int count) {
  const int threads = active_threads();
  if (count <= 1 || threads <= 1 || pthread_mutex_trylock(&pool.busy) != 0) {
    for (int i = 0; i < count; i++) fn(ctx, i);
    return;
  }
  const int helpers = (count < threads ? count : threads) - 1; /* helper i runs task i */
  pthread_mutex_lock(&pool.lock);
  pool.fn = fn;
  pool.ctx = ctx;
  pool.count = helpers + 1;
  atomic_store(&pool.pending, helpers);
  atomic_fetch_add(&pool.generation, 1);
  pthread_cond_broadcast(&pool.start);
  pthread_mutex_unlock(&pool.lock);
  fn(ctx, 0);
  for (int i = helpers + 1; i < count; i++) fn(ctx, i); /* more tasks than threads: the caller runs the rest */
  for (int s = 0; s < SPINS && atomic_load(&pool.pending) > 0; s++) relax();
  if (atomic_load(&pool.pending) > 0) {
    pthread_mutex_lock(&pool.lock);
    while (atomic_load(&pool.pending) > 0) pthread_cond_wait(&pool.done, &pool.lock);
    pthread_mutex_unlock(&pool.lock);
  }
  pthread_mutex_unlock(&pool.busy);
}
