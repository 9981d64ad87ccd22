/**
 * The Mann–Whitney U test (two-sided), as SciPy's `mannwhitneyu(a, b)` with its default
 * method="auto": the exact distribution of U when one sample has at most 8 values and there are
 * no ties, otherwise the normal approximation with tie correction and continuity correction.
 */
import { DataError } from "../errors.js";
import { normalSurvival } from "./special.js";

export type MannWhitneyMethod = "auto" | "exact" | "asymptotic";

export interface MannWhitneyResult {
  /** U of the first sample: how many (a, b) pairs have a > b, ties counting one half. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  /** The method the p-value came from. */
  method: "exact" | "asymptotic";
}

/** Midranks (1-based, ties share their average rank) of the pooled values, and Σ(t³ − t) over tie groups. */
export function rankWithTies(values: readonly number[]): { ranks: Float64Array; tieTerm: number } {
  const order = [...values.keys()].sort((i, j) => values[i]! - values[j]!);
  const ranks = new Float64Array(values.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const midrank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = midrank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}

/**
 * P(U ≥ u) under the null hypothesis for samples of sizes m and n, from the distribution of U
 * built up one observation at a time: P_{m,n}(k) = m/(m+n)·P_{m−1,n}(k−n) + n/(m+n)·P_{m,n−1}(k).
 * Iterative over the smaller size; cost O(min·max·m·n).
 */
export function exactUSurvival(u: number, m: number, n: number): number {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  // prev[j] is the distribution for (i − 1, j), cur[j] for (i, j); with i = 0, U is 0 surely.
  let prev: Float64Array[] = Array.from({ length: large + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= small; i++) {
    const cur: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= large; j++) {
      const dist = new Float64Array(i * j + 1);
      const withLast = prev[j]!; // the largest value belongs to the i-sample: it beats all j others
      const withoutLast = cur[j - 1]!;
      const wa = i / (i + j);
      const wb = j / (i + j);
      for (let k = 0; k < withLast.length; k++) dist[k + j] += wa * withLast[k]!;
      for (let k = 0; k < withoutLast.length; k++) dist[k] += wb * withoutLast[k]!;
      cur.push(dist);
    }
    prev = cur;
  }
  const dist = prev[large]!;
  let tail = 0;
  for (let k = Math.max(0, Math.ceil(u)); k < dist.length; k++) tail += dist[k]!;
  return tail;
}

/** Two-sided Mann–Whitney U test of whether a and b come from the same distribution. */
export function mannWhitneyU(a: readonly number[], b: readonly number[], method: MannWhitneyMethod = "auto"): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new DataError(`the Mann–Whitney test needs values in both samples, got ${n1} and ${n2}`);
  if ([...a, ...b].some((v) => Number.isNaN(v))) throw new DataError("the Mann–Whitney test got NaN values");
  const { ranks, tieTerm } = rankWithTies([...a, ...b]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  const chosen = method !== "auto" ? method : Math.min(n1, n2) <= 8 && tieTerm === 0 ? "exact" : "asymptotic";
  let p: number;
  if (chosen === "exact") {
    p = 2 * exactUSurvival(u, n1, n2);
  } else {
    const n = n1 + n2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    // Subtracting ½ always moves U toward the centre, since U is the larger of U1 and U2.
    p = 2 * normalSurvival((u - (n1 * n2) / 2 - 0.5) / s);
  }
  return { u: u1, p: Math.min(1, Math.max(0, p)), method: chosen };
}
