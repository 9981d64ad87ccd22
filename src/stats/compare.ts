/** One pair of configurations compared by every test a study reports. */
import { cohensD } from "./cohen.js";
import { mannWhitneyU } from "./mann-whitney.js";
import { welchTTest } from "./welch.js";

export interface PairComparison {
  t: number;
  /** Two-sided p of Welch's t-test. */
  pT: number;
  /** Mann–Whitney U of the first sample. */
  u: number;
  /** Two-sided p of the Mann–Whitney test. */
  pU: number;
  /** Cohen's d, positive when the first sample has the larger mean. */
  d: number;
}

/** Welch's t, Mann–Whitney U and Cohen's d for samples a and b. */
export function comparePair(a: readonly number[], b: readonly number[]): PairComparison {
  const w = welchTTest(a, b);
  const m = mannWhitneyU(a, b);
  return { t: w.t, pT: w.p, u: m.u, pU: m.p, d: cohensD(a, b) };
}
