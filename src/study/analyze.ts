/** From the values of every run to the report: per-configuration summaries and pairwise tests. */
import { comparePair, summarize } from "../stats/index.js";
import { higherIsBetter, type StudyMetric } from "./setup.js";

/** One configuration's runs, in seed order (seed i + 1 at index i); NaN marks a diverged run. */
export interface ConfigResult {
  optimizer: string;
  values: number[];
  mean: number;
  se: number;
  sd: number;
  min: number;
  max: number;
  /** Runs whose parameters stopped being finite; left out of the statistics. */
  diverged: number;
}

/** Every test for one pair of configurations. */
export interface PairResult {
  a: string;
  b: string;
  t: number;
  p_t: number;
  u: number;
  p_u: number;
  d: number;
  /** The configuration whose metric is better at the 0.05 level by Welch's test, or null. */
  better: string | null;
}

export interface StudyAnalysis {
  metric: StudyMetric;
  configs: ConfigResult[];
  pairs: PairResult[];
}

const ALPHA = 0.05;

function summarizeConfig(optimizer: string, values: number[]): ConfigResult {
  const finite = values.filter(Number.isFinite);
  const diverged = values.length - finite.length;
  if (finite.length === 0) return { optimizer, values, mean: NaN, se: NaN, sd: NaN, min: NaN, max: NaN, diverged };
  const s = summarize(finite);
  return { optimizer, values, mean: s.mean, se: s.se, sd: s.sd, min: s.min, max: s.max, diverged };
}

/** Summaries per configuration and Welch / Mann–Whitney / Cohen's d for every pair (i < j). */
export function analyzeStudy(metric: StudyMetric, optimizers: readonly string[], values: readonly number[][]): StudyAnalysis {
  const configs = optimizers.map((o, i) => summarizeConfig(o, [...values[i]!]));
  const pairs: PairResult[] = [];
  for (let i = 0; i < configs.length; i++) {
    for (let j = i + 1; j < configs.length; j++) {
      const a = values[i]!.filter(Number.isFinite);
      const b = values[j]!.filter(Number.isFinite);
      const c = a.length >= 2 && b.length >= 2 ? comparePair(a, b) : { t: NaN, pT: NaN, u: NaN, pU: NaN, d: NaN };
      let better: string | null = null;
      if (c.pT < ALPHA) {
        const aWins = higherIsBetter(metric) ? c.t > 0 : c.t < 0;
        better = aWins ? configs[i]!.optimizer : configs[j]!.optimizer;
      }
      pairs.push({ a: configs[i]!.optimizer, b: configs[j]!.optimizer, t: c.t, p_t: c.pT, u: c.u, p_u: c.pU, d: c.d, better });
    }
  }
  return { metric, configs, pairs };
}
