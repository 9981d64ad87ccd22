import { DataError, ShapeError } from "../errors.js";
import type { Dataset } from "./dataset.js";
import { oneHotMask, type ColumnEncoding } from "./preprocess.js";
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
 * Per-column mean and sum of squared deviations over rows that come in chunks (a whole dataset is
 * one chunk). Each chunk is reduced with two passes (its mean, then squared deviations from it:
 * more accurate than E[x²] − E[x]²) and merged into the running totals with Chan et al.'s
 * pairwise update; a single chunk therefore gives exactly the two-pass result. The one place the
 * feature standardizer, the target scale and the streaming first pass compute moments.
 */
export class MomentAccumulator {
  /** Rows added so far. */
  n = 0;
  readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly chunkMean: Float64Array;
  private readonly chunkM2: Float64Array;

  constructor(readonly d: number) {
    this.mean = new Float64Array(d);
    this.m2 = new Float64Array(d);
    this.chunkMean = new Float64Array(d);
    this.chunkM2 = new Float64Array(d);
  }

  /** Adds `rows` rows of `values` (row-major, `d` per row). */
  add(values: ArrayLike<number>, rows: number): void {
    if (rows === 0) return;
    const d = this.d;
    const mean = this.chunkMean.fill(0);
    const m2 = this.chunkM2.fill(0);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) mean[j]! += values[i * d + j]!;
    }
    for (let j = 0; j < d; j++) mean[j]! /= rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) {
        const dev = values[i * d + j]! - mean[j]!;
        m2[j]! += dev * dev;
      }
    }
    if (this.n === 0) {
      this.mean.set(mean);
      this.m2.set(m2);
      this.n = rows;
      return;
    }
    const n = this.n + rows;
    for (let j = 0; j < d; j++) {
      const delta = mean[j]! - this.mean[j]!;
      this.mean[j]! += (delta * rows) / n;
      this.m2[j]! += m2[j]! + (delta * delta * this.n * rows) / n;
    }
    this.n = n;
  }

  /** Population standard deviations; 1 where a column is constant (or not finite), so dividing never fails. */
  std(): Float64Array {
    const std = new Float64Array(this.d);
    for (let j = 0; j < this.d; j++) {
      const s = Math.sqrt(this.m2[j]! / this.n);
      std[j] = s > 0 && Number.isFinite(s) ? s : 1;
    }
    return std;
  }
}

/**
 * Fits a standardizer on a dataset's features (fit it on the training part only, so the test set
 * stays unseen). Constant columns get std 1 so that applying it never divides by zero.
 */
export function fitStandardizer(ds: Dataset): Standardizer {
  const { n, d, features } = ds;
  if (n === 0) throw new DataError(`cannot fit a standardizer on "${ds.name}": it has no rows`);
  const moments = new MomentAccumulator(d);
  moments.add(features, n);
  return standardizerFrom(moments, ds.columns);
}

/**
 * The standardizer of accumulated feature moments. One-hot indicators stay 0/1 (as
 * scikit-learn's OneHotEncoder beside a StandardScaler), so `columns` marks them.
 */
export function standardizerFrom(moments: MomentAccumulator, columns?: readonly ColumnEncoding[]): Standardizer {
  const mean = Float64Array.from(moments.mean);
  const std = moments.std();
  if (columns) {
    oneHotMask(columns).forEach((oneHot, j) => {
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
