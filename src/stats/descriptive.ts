/** Descriptive statistics of one sample: mean, sample standard deviation (n − 1), standard error. */
import { DataError } from "../errors.js";

/** Mean, spread and range of a sample. */
export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (divides by n − 1); NaN for a single value. */
  sd: number;
  /** Standard error of the mean, sd / √n. */
  se: number;
  min: number;
  max: number;
}

function requireValues(values: readonly number[], what: string): void {
  if (values.length === 0) throw new DataError(`${what}: the sample is empty`);
}

/** Arithmetic mean, summed with Neumaier compensation so long samples keep full precision. */
export function mean(values: readonly number[]): number {
  requireValues(values, "mean");
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + c) / values.length;
}

/** Sample variance with n − 1 in the denominator (two-pass, so large offsets do not cancel). */
export function variance(values: readonly number[]): number {
  requireValues(values, "variance");
  if (values.length < 2) return NaN;
  const m = mean(values);
  let s = 0;
  let comp = 0;
  for (const v of values) {
    s += (v - m) * (v - m);
    comp += v - m;
  }
  // The second term corrects the rounding left in m (it is zero in exact arithmetic).
  return (s - (comp * comp) / values.length) / (values.length - 1);
}

/** Sample standard deviation (n − 1). */
export function sd(values: readonly number[]): number {
  return Math.sqrt(variance(values));
}

/** Standard error of the mean: sd / √n. */
export function se(values: readonly number[]): number {
  return sd(values) / Math.sqrt(values.length);
}

/** Everything a results table shows about one sample. */
export function summarize(values: readonly number[]): Summary {
  requireValues(values, "summary");
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const s = sd(values);
  return { n: values.length, mean: mean(values), sd: s, se: s / Math.sqrt(values.length), min, max };
}
