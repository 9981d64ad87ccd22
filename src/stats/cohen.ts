/** Cohen's d: a difference of means in units of the pooled standard deviation. */
import { DataError } from "../errors.js";
import { mean, variance } from "./descriptive.js";

/**
 * (mean a − mean b) / s_pooled with s_pooled² = ((na−1)·var a + (nb−1)·var b) / (na + nb − 2),
 * variances with n − 1. Positive when a is larger; by convention 0.2 is small, 0.8 large.
 */
export function cohensD(a: readonly number[], b: readonly number[]): number {
  if (a.length < 2 || b.length < 2) {
    throw new DataError(`Cohen's d needs at least 2 values per sample, got ${a.length} and ${b.length}`);
  }
  const pooled = ((a.length - 1) * variance(a) + (b.length - 1) * variance(b)) / (a.length + b.length - 2);
  return (mean(a) - mean(b)) / Math.sqrt(pooled);
}
