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
 * one chunk). Each block of rows is reduced with two passes (its mean, then squared deviations
 * from it: more accurate than E[x²] − E[x]²) and merged into the running totals with Chan et al.'s
 * pairwise update; a single block therefore gives exactly the two-pass result. With `blockRows`,
 * rows are regrouped into blocks of that many, so the result depends on the rows and their order,
 * not on where a file's chunks happened to end (a gzip file and its plain text agree bit for bit).
 * The one place the feature standardizer, the target scale and the streaming first pass compute
 * moments.
 */
export class MomentAccumulator {
  private rows = 0;
  private readonly means: Float64Array;
  private readonly m2: Float64Array;
  private readonly blockMean: Float64Array;
  private readonly blockM2: Float64Array;
  private readonly pending: Float64Array | undefined;
  private pendingRows = 0;

  constructor(readonly d: number, private readonly blockRows = Infinity) {
    this.means = new Float64Array(d);
    this.m2 = new Float64Array(d);
    this.blockMean = new Float64Array(d);
    this.blockM2 = new Float64Array(d);
    if (Number.isFinite(blockRows)) this.pending = new Float64Array(blockRows * d);
  }

  /** Adds `rows` rows of `values` (row-major, `d` per row). */
  add(values: ArrayLike<number>, rows: number): void {
    const pending = this.pending;
    if (!pending) return this.merge(values, rows);
    const d = this.d;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) pending[this.pendingRows * d + j] = values[i * d + j]!;
      if (++this.pendingRows === this.blockRows) {
        this.merge(pending, this.blockRows);
        this.pendingRows = 0;
      }
    }
  }

  private flush(): void {
    if (this.pending && this.pendingRows > 0) {
      this.merge(this.pending, this.pendingRows);
      this.pendingRows = 0;
    }
  }

  private merge(values: ArrayLike<number>, rows: number): void {
    if (rows === 0) return;
    const d = this.d;
    const mean = this.blockMean.fill(0);
    const m2 = this.blockM2.fill(0);
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
    if (this.rows === 0) {
      this.means.set(mean);
      this.m2.set(m2);
      this.rows = rows;
      return;
    }
    const n = this.rows + rows;
    for (let j = 0; j < d; j++) {
      const delta = mean[j]! - this.means[j]!;
      this.means[j]! += (delta * rows) / n;
      this.m2[j]! += m2[j]! + (delta * delta * this.rows * rows) / n;
    }
    this.rows = n;
  }

  /** Rows added so far. */
  get n(): number {
    return this.rows + this.pendingRows;
  }

  /** Column means. */
  get mean(): Float64Array {
    this.flush();
    return Float64Array.from(this.means);
  }

  /** Population standard deviations; 1 where a column is constant (or not finite), so dividing never fails. */
  std(): Float64Array {
    this.flush();
    const std = new Float64Array(this.d);
    for (let j = 0; j < this.d; j++) {
      const s = Math.sqrt(this.m2[j]! / this.rows);
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
  const mean = moments.mean;
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
