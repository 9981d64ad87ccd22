/**
 * The page's own main-thread work, recorded as User Timing measures (`performance.measure`), so a
 * profile (or a test) can read what each render or frame cost without guessing from long tasks.
 */

/** Measures kept per name; older ones are dropped so a page left playing does not grow. */
const KEEP = 2000;
const counts = new Map<string, number>();

/** Runs `work` and records its duration as a measure called `name`. */
export function timed<T>(name: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    const n = (counts.get(name) ?? 0) + 1;
    if (n > KEEP) performance.clearMeasures(name);
    counts.set(name, n > KEEP ? 1 : n);
    performance.measure(name, { start });
  }
}
