/**
 * The preprocessing a model carries from file columns to its inputs, as scikit-learn's
 * ColumnTransformer(SimpleImputer, OneHotEncoder(handle_unknown="ignore")) would do it: each
 * feature column, matched by name, gives one input (numeric) or one input per category (one-hot,
 * all zeros for a category not seen in training); missing cells take the stored imputation value.
 * Scaling then applies to the encoded inputs (the model's standardizer). Fitted on training rows
 * only. Stored in model files (ARCHITECTURE.md, "Model file"); pure, browser-safe.
 */
import { DataError } from "../errors.js";
import { cellText, columnWhere, type Table, type TableColumn } from "./table.js";

export type ImputeStrategy = "mean" | "median" | "most-frequent";

export type ColumnEncoding =
  | { name: string; kind: "numeric"; impute?: number }
  | { name: string; kind: "categorical"; categories: string[]; impute?: string };

/** What the network's outputs mean: class names, or a value to unscale (output × scale + mean). */
export interface TargetEncoding {
  name: string;
  task: "classification" | "regression";
  classes?: string[];
  mean?: number;
  scale?: number;
}

/** Model inputs a column gives: 1, or one per category. */
export function encodedWidth(columns: readonly ColumnEncoding[]): number {
  let d = 0;
  for (const c of columns) d += c.kind === "numeric" ? 1 : c.categories.length;
  return d;
}

/** Names of the model inputs: the column's, or `column=category` for one-hot inputs. */
export function encodedNames(columns: readonly ColumnEncoding[]): string[] {
  return columns.flatMap((c) => (c.kind === "numeric" ? [c.name] : c.categories.map((k) => `${c.name}=${k}`)));
}

/** Whether each model input is a one-hot indicator (not standardized). */
export function oneHotMask(columns: readonly ColumnEncoding[]): boolean[] {
  return columns.flatMap((c) => (c.kind === "numeric" ? [false] : c.categories.map(() => true)));
}

export interface FitColumnsOptions {
  /** Columns to one-hot encode even when their cells are numbers. */
  categorical?: ReadonlySet<number>;
  impute?: ImputeStrategy;
}

/**
 * Learns each feature column's encoding from `table`'s rows (the training rows): categories in
 * sorted order (as scikit-learn), imputation values when `impute` is chosen (categorical columns
 * always take their most frequent category).
 */
export function fitColumns(table: Table, featureColumns: readonly number[], options: FitColumnsOptions = {}): ColumnEncoding[] {
  return featureColumns.map((j) => {
    const col = table.columns[j]!;
    const categorical = col.text !== null || (options.categorical?.has(j) ?? false);
    if (categorical) {
      const counts = new Map<string, number>();
      for (let i = 0; i < table.n; i++) {
        if (col.missing[i]) continue;
        const k = cellText(col, i);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const categories = [...counts.keys()].sort(compareCategories);
      const enc: ColumnEncoding = { name: col.name, kind: "categorical", categories };
      if (options.impute && categories.length > 0) enc.impute = mostFrequent(counts, categories);
      return enc;
    }
    const enc: ColumnEncoding = { name: col.name, kind: "numeric" };
    if (options.impute) enc.impute = imputeValue(col, table.n, options.impute);
    return enc;
  });
}

/** Numbers by value ("2" < "10"), then text by code unit, as numpy's sort of the column would. */
function compareCategories(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const xn = a !== "" && Number.isFinite(x);
  const yn = b !== "" && Number.isFinite(y);
  if (xn && yn) return x - y;
  if (xn !== yn) return xn ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The most frequent category; ties go to the first in sorted order (as SimpleImputer). */
function mostFrequent(counts: Map<string, number>, sorted: string[]): string {
  let best = sorted[0]!;
  for (const k of sorted) if (counts.get(k)! > counts.get(best)!) best = k;
  return best;
}

function imputeValue(col: TableColumn, n: number, strategy: ImputeStrategy): number {
  const present: number[] = [];
  for (let i = 0; i < n; i++) if (!col.missing[i]) present.push(col.values[i]!);
  if (present.length === 0) return 0;
  if (strategy === "mean") return present.reduce((a, b) => a + b, 0) / present.length;
  present.sort((a, b) => a - b);
  if (strategy === "median") {
    const m = present.length >> 1;
    return present.length % 2 ? present[m]! : (present[m - 1]! + present[m]!) / 2;
  }
  let best = present[0]!;
  let bestCount = 0;
  for (let i = 0; i < present.length; ) {
    let k = i;
    while (k < present.length && present[k] === present[i]) k++;
    if (k - i > bestCount) {
      best = present[i]!;
      bestCount = k - i;
    }
    i = k;
  }
  return best;
}

export interface EncodedRows {
  /** n × encodedWidth(columns), row-major, before scaling. */
  features: Float32Array;
  /** Per categorical column name, how many cells held a category not seen in training. */
  unseen: Map<string, number>;
}

/**
 * Encodes a table's rows with fitted encodings, finding each column by name (order and extra
 * columns do not matter). A missing column, or a missing cell with no imputation value, is a
 * DataError naming it.
 */
export function encodeRows(table: Table, columns: readonly ColumnEncoding[]): EncodedRows {
  const d = encodedWidth(columns);
  const n = table.n;
  const features = new Float32Array(n * d);
  const unseen = new Map<string, number>();
  const byName = new Map(table.columns.map((c, j) => [c.name, j]));
  let offset = 0;
  for (const enc of columns) {
    const j = byName.get(enc.name);
    if (j === undefined) {
      throw new DataError(`${table.source}: no column "${enc.name}", which the model uses as a feature (columns: ${table.columns.map((c) => c.name).join(", ")})`);
    }
    const col = table.columns[j]!;
    const missingAt = (i: number): never => {
      throw new DataError(`${table.source}: row ${table.lines[i]}, ${columnWhere(table, j)}: missing cell, and the model has no imputation value for it (train with --impute)`);
    };
    if (enc.kind === "numeric") {
      if (col.text) {
        const i = col.values.findIndex((v, r) => Number.isNaN(v) && !col.missing[r]);
        throw new DataError(`${table.source}: row ${table.lines[i]}, ${columnWhere(table, j)}: "${col.text[i]}" is not a number`);
      }
      for (let i = 0; i < n; i++) {
        let v = col.values[i]!;
        if (col.missing[i]) v = enc.impute ?? missingAt(i);
        features[i * d + offset] = v;
      }
      offset += 1;
      continue;
    }
    const index = new Map(enc.categories.map((k, c) => [k, c]));
    let unknown = 0;
    for (let i = 0; i < n; i++) {
      const k = col.missing[i] ? (enc.impute ?? missingAt(i)) : cellText(col, i);
      const c = index.get(k);
      if (c === undefined) unknown++;
      else features[i * d + offset + c] = 1;
    }
    if (unknown > 0) unseen.set(enc.name, unknown);
    offset += enc.categories.length;
  }
  return { features, unseen };
}
