/** Welch's t-test: two means compared without assuming equal variances (SciPy's ttest_ind(equal_var=False)). */
import { DataError } from "../errors.js";
import { mean, variance } from "./descriptive.js";
import { studentTSurvival } from "./special.js";

export interface WelchResult {
  /** (mean a − mean b) / √(var a/na + var b/nb); positive when a is larger. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value, 2·P(T > |t|). */
  p: number;
}

/**
 * Welch's unequal-variance t-test, two-sided. Each sample needs two values; when both samples
 * are constant the statistic is undefined and t, df and p are NaN (as in SciPy).
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult {
  if (a.length < 2 || b.length < 2) {
    throw new DataError(`Welch's t-test needs at least 2 values per sample, got ${a.length} and ${b.length}`);
  }
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const t = (mean(a) - mean(b)) / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  if (!Number.isFinite(t) || !Number.isFinite(df)) return { t: va + vb === 0 ? NaN : t, df: NaN, p: NaN };
  return { t, df, p: Math.min(1, 2 * studentTSurvival(Math.abs(t), df)) };
}
