/** Evaluation metrics: accuracy, confusion matrix, precision/recall/F1 and MCC; MSE, MAE and R². */
import { ShapeError } from "../errors.js";

type Values = ArrayLike<number>;

function sameLength(a: Values, b: Values, what: string): number {
  if (a.length !== b.length) throw new ShapeError(`${what}: ${a.length} predictions for ${b.length} targets`);
  return a.length;
}

/** Share of rows whose predicted class equals the target. */
export function accuracy(predicted: Values, actual: Values): number {
  const n = sameLength(predicted, actual, "accuracy");
  let hits = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === actual[i]) hits++;
  return n === 0 ? NaN : hits / n;
}

/** counts[actual][predicted] over `classes` classes. */
export function confusionMatrix(predicted: Values, actual: Values, classes: number): number[][] {
  const n = sameLength(predicted, actual, "confusion matrix");
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < n; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (!(a >= 0 && a < classes && p >= 0 && p < classes)) {
      throw new ShapeError(`confusion matrix: row ${i} has class ${a} / prediction ${p}, outside 0..${classes - 1}`);
    }
    m[a]![p]! += 1;
  }
  return m;
}

export interface ClassScores {
  precision: number[];
  recall: number[];
  f1: number[];
  /** Unweighted means over classes. */
  macro: { precision: number; recall: number; f1: number };
}

/**
 * Per-class precision tp/(tp+fp), recall tp/(tp+fn) and F1 (their harmonic mean). A ratio with a
 * zero denominator is 0, as scikit-learn reports it with zero_division=0.
 */
export function classScores(confusion: number[][]): ClassScores {
  const k = confusion.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  for (let c = 0; c < k; c++) {
    const tp = confusion[c]![c]!;
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < k; j++) {
      predicted += confusion[j]![c]!;
      actual += confusion[c]![j]!;
    }
    const p = predicted === 0 ? 0 : tp / predicted;
    const r = actual === 0 ? 0 : tp / actual;
    precision.push(p);
    recall.push(r);
    f1.push(p + r === 0 ? 0 : (2 * p * r) / (p + r));
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
  return { precision, recall, f1, macro: { precision: mean(precision), recall: mean(recall), f1: mean(f1) } };
}

/**
 * Matthews correlation coefficient for any number of classes (Gorodkin's R_K), which for two
 * classes is (tp·tn − fp·fn)/√((tp+fp)(tp+fn)(tn+fp)(tn+fn)). 0 when a denominator factor is 0.
 */
export function matthewsCorrelation(confusion: number[][]): number {
  const k = confusion.length;
  let s = 0;
  let correct = 0;
  const t = new Array<number>(k).fill(0); // times each class truly occurred
  const p = new Array<number>(k).fill(0); // times each class was predicted
  for (let i = 0; i < k; i++) {
    correct += confusion[i]![i]!;
    for (let j = 0; j < k; j++) {
      s += confusion[i]![j]!;
      t[i]! += confusion[i]![j]!;
      p[j]! += confusion[i]![j]!;
    }
  }
  let tp = 0;
  let tt = 0;
  let pp = 0;
  for (let c = 0; c < k; c++) {
    tp += t[c]! * p[c]!;
    tt += t[c]! * t[c]!;
    pp += p[c]! * p[c]!;
  }
  const denominator = Math.sqrt(s * s - pp) * Math.sqrt(s * s - tt);
  return denominator === 0 ? 0 : (correct * s - tp) / denominator;
}

export function meanSquared(predicted: Values, actual: Values): number {
  const n = sameLength(predicted, actual, "mse");
  let s = 0;
  for (let i = 0; i < n; i++) s += (predicted[i]! - actual[i]!) ** 2;
  return s / n;
}

export function meanAbsolute(predicted: Values, actual: Values): number {
  const n = sameLength(predicted, actual, "mae");
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(predicted[i]! - actual[i]!);
  return s / n;
}

/** Coefficient of determination 1 − SS_res/SS_tot (can be negative; NaN for a constant target). */
export function rSquared(predicted: Values, actual: Values): number {
  const n = sameLength(predicted, actual, "r2");
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += (actual[i]! - predicted[i]!) ** 2;
    tot += (actual[i]! - mean) ** 2;
  }
  return tot === 0 ? NaN : 1 - res / tot;
}

export interface ClassificationReport {
  accuracy: number;
  confusionMatrix: number[][];
  precision: number[];
  recall: number[];
  f1: number[];
  macroF1: number;
  mcc: number;
}

export interface RegressionReport {
  mse: number;
  mae: number;
  r2: number;
}

export function classificationReport(predicted: Values, actual: Values, classes: number): ClassificationReport {
  const cm = confusionMatrix(predicted, actual, classes);
  const scores = classScores(cm);
  return {
    accuracy: accuracy(predicted, actual),
    confusionMatrix: cm,
    precision: scores.precision,
    recall: scores.recall,
    f1: scores.f1,
    macroF1: scores.macro.f1,
    mcc: matthewsCorrelation(cm),
  };
}

export function regressionReport(predicted: Values, actual: Values): RegressionReport {
  return { mse: meanSquared(predicted, actual), mae: meanAbsolute(predicted, actual), r2: rSquared(predicted, actual) };
}

/**
 * Area under the ROC curve for a binary target (1 = positive) from scores: the probability that a
 * random positive outranks a random negative, ties counting half (as scikit-learn's roc_auc_score).
 * NaN when one class is absent.
 */
export function rocAuc(scores: Values, actual: Values): number {
  const n = sameLength(scores, actual, "roc auc");
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let k = 0; k < n; ) {
    let end = k;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[k]!]) end++;
    const rank = (k + end) / 2 + 1; // average rank of a run of ties
    for (let r = k; r <= end; r++) {
      if (actual[order[r]!] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    k = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
