/* A small fork-join pool for the native kernels: parallel_run(fn, ctx, count) runs fn(ctx, i)
 * for i in [0, count) on the calling thread and up to count − 1 helper threads, and returns when
 * all are done. Helpers only ever touch the memory the caller passes; never the JS engine. */
#ifndef DESCENT_THREADS_H
#define DESCENT_THREADS_H

typedef void (*task_fn)(void *ctx, int index);

/* Threads a call may use (helpers + the caller): DESCENT_THREADS, else the online CPUs, at most 8. */
int thread_count(void);

/* Threads the kernels split a call over now: thread_count(), or fewer after set_thread_limit.
 * Any count gives the same bits (each output element is computed by one thread). */
int active_threads(void);

/* Limits the kernels to n threads (1..thread_count(); 0 lifts the limit); returns active_threads(). */
int set_thread_limit(int n);

/* Runs the tasks; if another thread is already using the pool (two JS workers at once), runs
 * them one after another on the calling thread instead of waiting. */
void parallel_run(task_fn fn, void *ctx, int count);

#endif
