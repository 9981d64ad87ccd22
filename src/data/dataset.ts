import { DataError, ShapeError } from "../errors.js";
import type { ColumnEncoding } from "./preprocess.js";
import { count } from "../util/plural.js";

/** Whether targets are class indices or real values. */
export type Task = "classification" | "regression";

/**
 * A table of numeric features with one target per row. Features are float32, row-major
 * (row i is `features[i*d .. i*d+d)`). For classification a target is the class index as a
 * float (0, 1, 2, …) and `classes[k]` names class k; for regression it is the value itself.
 */
export interface Dataset {
  name: string;
  features: Float32Array;
  n: number;
  d: number;
  featureNames: string[];
  targets: Float32Array;
  task: Task;
  /** Label names by class index; present for classification. */
  classes?: string[];
  targetName: string;
  /** How file columns became these features (one-hot, imputation), when they came from a table. */
  columns?: ColumnEncoding[];
  /** What the loader wants the user to know (rows dropped, task chosen, likely identifiers). */
  notes?: string[];
}

/** Builds a Dataset after checking that the arrays and names agree with n and d. */
export function makeDataset(ds: Dataset): Dataset {
  const { n, d } = ds;
  if (ds.features.length !== n * d) {
    throw new ShapeError(`dataset "${ds.name}": features have ${ds.features.length} values, expected ${n}×${d} = ${n * d}`);
  }
  if (ds.targets.length !== n) {
    throw new ShapeError(`dataset "${ds.name}": ${ds.targets.length} targets for ${n} rows`);
  }
  if (ds.featureNames.length !== d) {
    throw new ShapeError(`dataset "${ds.name}": ${count(ds.featureNames.length, "feature name")} for ${count(d, "feature")}`);
  }
  if (ds.task === "classification" && (ds.classes === undefined || ds.classes.length === 0)) {
    throw new DataError(`dataset "${ds.name}": a classification dataset needs class names`);
  }
  return ds;
}

/** The rows at `indices` (in that order) as a new Dataset sharing names and classes. */
export function subset(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  const m = indices.length;
  const d = ds.d;
  const features = new Float32Array(m * d);
  const targets = new Float32Array(m);
  for (let k = 0; k < m; k++) {
    const i = indices[k]!;
    if (!(i >= 0 && i < ds.n && Number.isInteger(i))) {
      throw new ShapeError(`subset of "${ds.name}": row index ${i} is outside 0..${ds.n - 1}`);
    }
    features.set(ds.features.subarray(i * d, i * d + d), k * d);
    targets[k] = ds.targets[i]!;
  }
  const out: Dataset = { ...ds, name, features, n: m, targets };
  return out;
}

/** How many rows each class has, indexed by class (length = classes.length). */
export function classCounts(ds: Dataset): number[] {
  if (ds.task !== "classification" || !ds.classes) {
    throw new DataError(`dataset "${ds.name}" is a regression dataset; it has no classes`);
  }
  const counts = new Array<number>(ds.classes.length).fill(0);
  for (let i = 0; i < ds.n; i++) counts[ds.targets[i]!]! += 1;
  return counts;
}
