import { DataError, ShapeError } from "../errors.js";
import type { Dataset } from "./dataset.js";
import { oneHotMask } from "./preprocess.js";
import { count } from "../util/plural.js";

/** Per-feature mean and (population) standard deviation. */
export interface Standardizer {
  mean: Float64Array;
  std: Float64Array;
}

/** A standardizer as plain arrays, for JSON model files. */
export interface StandardizerJSON {
  mean: number[];
  std: number[];
}

/**
 * Fits a standardizer on a dataset's features (fit it on the training part only, so the test set
 * stays unseen). Constant columns get std 1 so that applying it never divides by zero.
 */
export function fitStandardizer(ds: Dataset): Standardizer {
  const { n, d, features } = ds;
  if (n === 0) throw new DataError(`cannot fit a standardizer on "${ds.name}": it has no rows`);
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) mean[j]! += features[i * d + j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= n;
  // Two passes: sums of squared deviations are more accurate than E[x²] − E[x]².
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dev = features[i * d + j]! - mean[j]!;
      std[j]! += dev * dev;
    }
  }
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(std[j]! / n);
    std[j] = s > 0 ? s : 1;
  }
  // One-hot indicators stay 0/1 (as scikit-learn's OneHotEncoder beside a StandardScaler).
  if (ds.columns) {
    oneHotMask(ds.columns).forEach((oneHot, j) => {
      if (oneHot) {
        mean[j] = 0;
        std[j] = 1;
      }
    });
  }
  return { mean, std };
}

/** A new dataset whose features are (x − mean) / std. */
export function applyStandardizer(ds: Dataset, s: Standardizer | StandardizerJSON): Dataset {
  const { n, d } = ds;
  if (s.mean.length !== d || s.std.length !== d) {
    throw new ShapeError(`standardizer has ${count(s.mean.length, "feature")}, dataset "${ds.name}" has ${d}`);
  }
  const features = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) features[i * d + j] = (ds.features[i * d + j]! - s.mean[j]!) / s.std[j]!;
  }
  return { ...ds, features };
}

/** Plain arrays for JSON. */
export function standardizerToJSON(s: Standardizer): StandardizerJSON {
  return { mean: Array.from(s.mean), std: Array.from(s.std) };
}

/** Reads a standardizer back from JSON, checking its shape and values. */
export function standardizerFromJSON(json: unknown): Standardizer {
  const o = json as Partial<StandardizerJSON> | null;
  const ok = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => typeof v === "number" && Number.isFinite(v));
  if (!o || !ok(o.mean) || !ok(o.std) || o.mean.length !== o.std.length || o.std.some((v) => v <= 0)) {
    throw new DataError("standardizer: expected { mean: number[], std: number[] } of equal length with positive std");
  }
  return { mean: Float64Array.from(o.mean), std: Float64Array.from(o.std) };
}
