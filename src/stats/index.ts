/** Statistics for comparing repeated runs: summaries, Welch's t-test, Mann–Whitney U, Cohen's d. */
export { mean, variance, sd, se, summarize, type Summary } from "./descriptive.js";
export { logGamma, regularizedBeta, studentTSurvival, upperIncompleteGamma, normalSurvival } from "./special.js";
export { welchTTest, type WelchResult } from "./welch.js";
export { mannWhitneyU, exactUSurvival, rankWithTies, type MannWhitneyMethod, type MannWhitneyResult } from "./mann-whitney.js";
export { cohensD } from "./cohen.js";
export { comparePair, type PairComparison } from "./compare.js";
