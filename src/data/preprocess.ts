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
  const fitter = new ColumnFitter(table.columns.map((c) => c.name), featureColumns, options);
  fitter.add(table);
  return fitter.finish();
}

interface ColumnStats {
  j: number;
  forced: boolean;
  /** Some chunk had a text cell in this column. */
  text: boolean;
  /** Category counts from text chunks (cells as written). */
  cells: Map<string, number>;
  /** Counts of the numbers of numeric chunks, when kept (categorical columns, median, most frequent). */
  numbers: Map<number, number>;
  /** Sum and count of present numbers, in row order (the mean). */
  sum: number;
  present: number;
  /** Numbers of a numeric chunk were not kept (they did not look like categories then). */
  forgotten: boolean;
}

/**
 * The fitting of `fitColumns` over a table given in chunks: `add` each chunk's training rows,
 * then `finish`. A whole table added once gives exactly `fitColumns`'s encodings; chunks give the
 * same encodings as their concatenation (sums in row order, counts merged). A numeric column does
 * not count its numbers (a measurement would need one count per row) unless they are needed; when
 * a later chunk shows text in it, its earlier numbers are categories it has not counted:
 * `recount()` names such columns, and fitting them again as `categorical` gives their categories.
 */
export class ColumnFitter {
  private readonly stats: ColumnStats[];
  private readonly keepNumbers: boolean;

  constructor(private readonly names: readonly string[], featureColumns: readonly number[], private readonly options: FitColumnsOptions = {}) {
    this.keepNumbers = options.impute === "median" || options.impute === "most-frequent";
    this.stats = featureColumns.map((j) => ({
      j, forced: options.categorical?.has(j) ?? false, text: false, cells: new Map(), numbers: new Map(), sum: 0, present: 0, forgotten: false,
    }));
  }

  /** Counts the rows `rows` of `table` (default: every row). */
  add(table: Table, rows?: ArrayLike<number>): void {
    const count = rows ? rows.length : table.n;
    for (const st of this.stats) {
      const col = table.columns[st.j]!;
      if (col.text) {
        st.text = true;
        for (let k = 0; k < count; k++) {
          const i = rows ? rows[k]! : k;
          if (col.missing[i]) continue;
          const c = col.text[i]!;
          st.cells.set(c, (st.cells.get(c) ?? 0) + 1);
        }
        continue;
      }
      const remember = st.forced || st.text || this.keepNumbers;
      if (!remember && count > 0) st.forgotten = true;
      for (let k = 0; k < count; k++) {
        const i = rows ? rows[k]! : k;
        if (col.missing[i]) continue;
        const v = col.values[i]!;
        st.sum += v;
        st.present++;
        if (remember) st.numbers.set(v, (st.numbers.get(v) ?? 0) + 1);
      }
    }
  }

  /** Feature columns (file indexes) that turned out categorical after numbers that were not counted. */
  recount(): number[] {
    return this.stats.filter((st) => st.text && st.forgotten).map((st) => st.j);
  }

  /** The encodings of the rows added. */
  finish(): ColumnEncoding[] {
    return this.stats.map((st) => {
      const name = this.names[st.j]!;
      if (st.forced || st.text) {
        if (st.forgotten) throw new DataError(`column "${name}": its numbers were not counted before it showed text; fit it again as categorical (ColumnFitter.recount)`);
        const counts = new Map(st.cells);
        for (const [v, c] of st.numbers) counts.set(String(v), (counts.get(String(v)) ?? 0) + c);
        const categories = [...counts.keys()].sort(compareCategories);
        const enc: ColumnEncoding = { name, kind: "categorical", categories };
        if (this.options.impute && categories.length > 0) enc.impute = mostFrequent(counts, categories);
        return enc;
      }
      const enc: ColumnEncoding = { name, kind: "numeric" };
      if (this.options.impute) enc.impute = imputeValue(st, this.options.impute);
      return enc;
    });
  }
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

/** The imputation value of a numeric column: the mean of its present numbers, their median or most frequent (smallest on ties). */
function imputeValue(st: ColumnStats, strategy: ImputeStrategy): number {
  if (st.present === 0) return 0;
  if (strategy === "mean") return st.sum / st.present;
  const sorted = [...st.numbers].sort((a, b) => a[0] - b[0]);
  if (strategy === "median") {
    const m = st.present >> 1;
    const at = (rank: number): number => {
      let seen = 0;
      for (const [v, c] of sorted) {
        seen += c;
        if (rank < seen) return v;
      }
      return sorted.at(-1)![0];
    };
    return st.present % 2 ? at(m) : (at(m - 1) + at(m)) / 2;
  }
  let best = sorted[0]!;
  for (const e of sorted) if (e[1] > best[1]) best = e;
  return best[0];
}

export interface EncodedRows {
  /** n × encodedWidth(columns), row-major, before scaling. */
  features: Float32Array;
  /** Per categorical column name, how many cells held a category not seen in training. */
  unseen: Map<string, number>;
}

/**
 * Encodes a table's rows (or the rows `rows`) with fitted encodings, finding each column by name
 * (order and extra columns do not matter). A missing column, or a missing cell with no imputation value, is a
 * DataError naming it.
 */
export function encodeRows(table: Table, columns: readonly ColumnEncoding[], rows?: ArrayLike<number>): EncodedRows {
  const d = encodedWidth(columns);
  const n = rows ? rows.length : table.n;
  const row = rows ? (k: number) => rows[k]! : (k: number) => k;
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
      for (let k = 0; k < n; k++) {
        const i = row(k);
        let v = col.values[i]!;
        if (col.missing[i]) v = enc.impute ?? missingAt(i);
        else if (Number.isNaN(v)) throw new DataError(`${table.source}: row ${table.lines[i]}, ${columnWhere(table, j)}: "${col.text![i]}" is not a number`);
        features[k * d + offset] = v;
      }
      offset += 1;
      continue;
    }
    const index = new Map(enc.categories.map((k, c) => [k, c]));
    let unknown = 0;
    for (let r = 0; r < n; r++) {
      const i = row(r);
      const k = col.missing[i] ? (enc.impute ?? missingAt(i)) : cellText(col, i);
      const c = index.get(k);
      if (c === undefined) unknown++;
      else features[r * d + offset + c] = 1;
    }
    if (unknown > 0) unseen.set(enc.name, unknown);
    offset += enc.categories.length;
  }
  return { features, unseen };
}
