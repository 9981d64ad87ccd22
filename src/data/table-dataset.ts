/**
 * From a table of named columns to datasets a model trains on, with the data options every command
 * shares: which column is the target and which are features, the task, missing cells, categories.
 * Column encodings (categories, imputation values) are fitted on the training rows only and travel
 * with the datasets (`Dataset.columns`), so the model file can carry them. Pure, browser-safe.
 */
import { DataError } from "../errors.js";
import { numericLookHint } from "./cells.js";
import { makeDataset, type Dataset, type Task } from "./dataset.js";
import { encodedNames, encodeRows, fitColumns, type ImputeStrategy } from "./preprocess.js";
import type { CsvDialect, CsvLayout } from "./reader.js";
import { trainTestSplit } from "./split.js";
import { cellText, columnWhere, selectRows, type Table, type TableColumn } from "./table.js";

/** A column by name, by 1-based position written as text ("3"), or by 0-based index as a number. */
export type ColumnRef = string | number;

export interface DataOptions extends CsvDialect {
  /** Default: the last column. */
  target?: ColumnRef;
  /** Only these columns are features (default: every column but the target and `drop`). */
  features?: ColumnRef[];
  /** Columns left out (identifiers, free text). */
  drop?: ColumnRef[];
  /** Columns one-hot encoded although their cells are numbers (text columns always are). */
  categorical?: ColumnRef[];
  /** Fill missing feature cells with the training rows' statistic (categorical: most frequent). */
  impute?: ImputeStrategy;
  /** Leave out rows with a missing feature cell. */
  dropMissing?: boolean;
  /** Default "auto": text labels or few distinct integers → classification, else regression. */
  task?: Task | "auto";
  /** Class names in index order, overriding the sorted order of the labels. */
  classes?: string[];
  /** The dataset's name. */
  name?: string;
}

/** Integer-valued targets with at most this many distinct values count as class labels. */
export const MAX_AUTO_CLASSES = 32;

/** Rows below which no column is called an identifier (a few distinct values prove nothing). */
const ID_MIN_ROWS = 20;

/** The 0-based index of a column reference; a DataError listing the columns when there is none. */
export function resolveColumn(ref: ColumnRef, table: Pick<Table, "columns" | "source" | "hasHeader">): number {
  const names = table.columns.map((c) => c.name);
  if (typeof ref === "number") {
    if (Number.isInteger(ref) && ref >= 0 && ref < names.length) return ref;
    throw new DataError(`${table.source}: no column ${ref} (columns are 0..${names.length - 1})`);
  }
  const j = names.indexOf(ref);
  if (j >= 0) return j;
  if (/^\d+$/.test(ref) && Number(ref) >= 1 && Number(ref) <= names.length) return Number(ref) - 1;
  const list = table.hasHeader ? `columns: ${names.join(", ")}` : `columns are 1..${names.length}, the file has no header`;
  throw new DataError(`${table.source}: no column "${ref}" (${list})`);
}

export interface TableSplit {
  /** Share of rows held out for testing; 0 keeps every row for training. */
  testFraction: number;
  seed: number;
}

export interface PreparedData {
  train: Dataset;
  /** Absent when testFraction is 0 (or no split was asked for). */
  test?: Dataset;
  /** What the user should know (rows dropped, task chosen, a column that looks like an ID). */
  notes: string[];
}

/**
 * Applies the data options to a table: resolves target and features, drops rows whose target is
 * missing, checks missing cells, chooses the task, splits (stratified for classes) and fits the
 * column encodings on the training rows. Without `split`, every row trains.
 */
export function prepareTable(table: Table, options: DataOptions = {}, split?: TableSplit, layout?: CsvLayout): PreparedData {
  const notes: string[] = [];
  const source = table.source;
  const width = table.columns.length;
  if (width < 2) throw new DataError(`${source}: ${width} column; a dataset needs features and a target`);
  const t = options.target === undefined ? width - 1 : resolveColumn(options.target, table);
  const targetCol = table.columns[t]!;
  if (layout?.declared && layout.declared.rows !== table.n) {
    throw new DataError(`${source}: the first line declares ${layout.declared.rows} rows, the file has ${table.n}`);
  }
  let features = options.features
    ? options.features.map((r) => resolveColumn(r, table))
    : table.columns.map((_, j) => j).filter((j) => j !== t);
  if (options.drop) {
    const dropped = new Set(options.drop.map((r) => resolveColumn(r, table)));
    features = features.filter((j) => !dropped.has(j));
  }
  if (features.includes(t)) throw new DataError(`${source}: ${columnWhere(table, t)} is the target; it cannot also be a feature`);
  if (features.length === 0) throw new DataError(`${source}: no feature columns left`);
  const categorical = new Set((options.categorical ?? []).map((r) => resolveColumn(r, table)));

  // Numbers in another dialect would otherwise become categories: say which option reads them.
  for (const j of features) {
    const col = table.columns[j]!;
    if (col.text && !categorical.has(j)) {
      const hint = numericLookHint(textCells(col));
      if (hint) throw new DataError(`${source}: ${columnWhere(table, j)} has cells such as "${firstText(col)}" that are not numbers; ${hint}`);
    }
  }
  // Rows whose target is missing are dropped; then missing feature cells are counted per column.
  let rows = allRows(table.n).filter((i) => !targetCol.missing[i]);
  if (rows.length < table.n) {
    notes.push(`note: dropped ${table.n - rows.length} row${table.n - rows.length === 1 ? "" : "s"} whose target "${targetCol.name}" is missing`);
  }
  const missing = features
    .map((j) => ({ j, count: rows.reduce((s, i) => s + table.columns[j]!.missing[i]!, 0) }))
    .filter((m) => m.count > 0);
  if (missing.length > 0) {
    if (options.dropMissing) {
      const before = rows.length;
      rows = rows.filter((i) => features.every((j) => !table.columns[j]!.missing[i]));
      notes.push(`note: dropped ${before - rows.length} of ${before} rows with missing cells (--drop-missing)`);
    } else if (!options.impute) {
      const list = missing.map((m) => `${table.columns[m.j]!.name} (${m.count})`).join(", ");
      throw new DataError(`${source}: missing cells in ${missing.length} column${missing.length === 1 ? "" : "s"}: ${list}; fill them with --impute mean|median|most-frequent or leave those rows out with --drop-missing`);
    }
  }
  if (rows.length === 0) throw new DataError(`${source}: no rows left to train on`);
  const kept = rows.length === table.n ? table : selectRows(table, rows);

  for (const j of features) {
    const col = kept.columns[j]!;
    if (kept.n >= ID_MIN_ROWS && looksLikeIdentifier(col, kept.n)) {
      notes.push(`warning: ${columnWhere(table, j)} has a different value in every row, like an identifier; leave it out with --drop ${col.name}`);
    }
  }

  const text = features.filter((j) => kept.columns[j]!.text !== null || categorical.has(j));
  if (text.length > 0) {
    const list = text.map((j) => `${kept.columns[j]!.name} (${new Set(textOrNumbers(kept.columns[j]!)).size})`).join(", ");
    notes.push(`note: one-hot encoding ${text.length} categorical column${text.length === 1 ? "" : "s"} (categories): ${list}`);
  }
  const target = encodeTarget(kept, t, options, layout, notes);
  let trainRows: ArrayLike<number> = allRows(kept.n);
  let testRows: ArrayLike<number> | undefined;
  if (split && split.testFraction > 0) {
    const labels = makeDataset({
      name: options.name ?? "data", features: new Float32Array(0), n: kept.n, d: 0, featureNames: [], targets: target.values,
      task: target.task, ...(target.classes ? { classes: target.classes } : {}), targetName: targetCol.name,
    });
    const s = trainTestSplit(labels, { testFraction: split.testFraction, seed: split.seed });
    trainRows = s.trainIndices;
    testRows = s.testIndices;
  }
  const trainTable = selectRows(kept, trainRows);
  const columns = fitColumns(trainTable, features, { categorical, ...(options.impute ? { impute: options.impute } : {}) });
  const name = options.name ?? "data";
  const toDataset = (part: Table, indices: ArrayLike<number>, suffix: string): Dataset => {
    const targets = new Float32Array(indices.length);
    for (let k = 0; k < indices.length; k++) targets[k] = target.values[indices[k]!]!;
    const ds = makeDataset({
      name: suffix ? `${name} (${suffix})` : name, features: encodeRows(part, columns).features, n: part.n, d: encodedNames(columns).length,
      featureNames: encodedNames(columns), targets, task: target.task, ...(target.classes ? { classes: target.classes } : {}),
      targetName: targetCol.name,
    });
    ds.columns = columns;
    return ds;
  };
  const train = toDataset(trainTable, trainRows, testRows ? "train" : "");
  const test = testRows ? toDataset(selectRows(kept, testRows), testRows, "test") : undefined;
  train.notes = notes;
  return { train, ...(test ? { test } : {}), notes };
}

function allRows(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function* textCells(col: TableColumn): Generator<string> {
  for (let i = 0; i < col.text!.length; i++) if (!col.missing[i]) yield col.text![i]!;
}

function* textOrNumbers(col: TableColumn): Generator<string> {
  for (let i = 0; i < col.values.length; i++) if (!col.missing[i]) yield cellText(col, i);
}

function firstText(col: TableColumn): string {
  const i = col.values.findIndex((v, r) => Number.isNaN(v) && !col.missing[r]);
  return col.text![i]!;
}

/** Every present cell distinct, and integers or text codes (not measurements). */
function looksLikeIdentifier(col: TableColumn, n: number): boolean {
  const seen = new Set<string>();
  let rising = true;
  let falling = true;
  let previous: number | undefined;
  for (let i = 0; i < n; i++) {
    if (col.missing[i]) continue;
    if (!col.text && !Number.isInteger(col.values[i])) return false;
    const k = cellText(col, i);
    if (seen.has(k)) return false;
    seen.add(k);
    if (!col.text) {
      const v = col.values[i]!;
      if (previous !== undefined) {
        rising &&= v > previous;
        falling &&= v < previous;
      }
      previous = v;
    }
  }
  if (seen.size < ID_MIN_ROWS) return false;
  // Distinct text is a code or a name. Distinct integers are also what ages or counts give on a
  // small table, so they count as identifiers only when named like one or numbered in file order.
  return col.text !== null || ID_NAME.test(col.name) || rising || falling;
}

/** Column names that say "identifier": id, customer_id, CustomerID, key, uuid, row_number, … */
const ID_NAME = /(^|[^A-Za-z])([Ii][Dd]|[Kk]ey|KEY|[Uu]uid|UUID|[Gg]uid|GUID|[Ii]ndex|[Nn]umber|[Nn]o)$|^([Ii][Dd])([^A-Za-z]|$)|[a-z](Id|ID|Key|Number|No)$/;

interface TargetValues {
  task: Task;
  classes?: string[];
  /** Per row: the class index, or the value. */
  values: Float32Array;
}

/** Chooses the task and turns the target cells into class indices or values. */
function encodeTarget(table: Table, t: number, options: DataOptions, layout: CsvLayout | undefined, notes: string[]): TargetValues {
  const col = table.columns[t]!;
  const n = table.n;
  const where = `${table.source}: target ${columnWhere(table, t)}`;
  const cellWhere = (i: number) => `${table.source}: row ${table.lines[i]}, ${columnWhere(table, t)}`;
  const given = options.classes ?? layout?.declared?.classes;
  const isText = col.text !== null;
  let task: Task;
  if (options.task !== undefined && options.task !== "auto") task = options.task;
  else if (given) task = "classification";
  else if (isText) {
    const distinct = new Set(textCells(col)).size;
    if (distinct > Math.max(MAX_AUTO_CLASSES, n / 10)) {
      const hint = numericLookHint(textCells(col));
      throw new DataError(
        `${where} has ${distinct} distinct text values in ${n} rows (such as "${firstText(col)}"), too many to be classes; ` +
          (hint ? `${hint}, ` : "") + "or choose --task regression (or another --target)",
      );
    }
    task = "classification";
  } else {
    const distinct = new Set(col.values).size;
    task = distinct <= MAX_AUTO_CLASSES && col.values.every((v) => Number.isInteger(v)) ? "classification" : "regression";
    if (task === "classification") {
      notes.push(`note: target "${col.name}" has ${distinct} integer values, so this is classification (--task regression to predict it as a number)`);
    }
  }

  const values = new Float32Array(n);
  if (task === "regression") {
    if (isText) {
      const i = col.values.findIndex((v, r) => Number.isNaN(v) && !col.missing[r]);
      const hint = numericLookHint(textCells(col));
      throw new DataError(`${cellWhere(i)}: "${col.text![i]}" is not a number${hint ? `; ${hint}` : " (a regression target needs numbers)"}`);
    }
    values.set(col.values);
    return { task, values };
  }
  let classes: string[];
  let indexOf: (i: number) => number | undefined;
  if (given) {
    classes = given;
    const byName = new Map(classes.map((c, k) => [c, k]));
    // Integer labels index the given names (scikit-learn files); text labels are looked up.
    indexOf = (i) => {
      const k = byName.get(cellText(col, i));
      if (k !== undefined) return k;
      const v = col.values[i]!;
      return Number.isInteger(v) && v >= 0 && v < classes.length ? v : undefined;
    };
  } else if (!isText) {
    const distinct = [...new Set(col.values)].sort((a, b) => a - b);
    classes = distinct.map(String);
    const index = new Map(distinct.map((v, k) => [v, k]));
    indexOf = (i) => index.get(col.values[i]!);
  } else {
    classes = [...new Set(textCells(col))].sort();
    const index = new Map(classes.map((v, k) => [v, k]));
    indexOf = (i) => index.get(col.text![i]!);
  }
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const k = indexOf(i);
    if (k === undefined) throw new DataError(`${cellWhere(i)}: label "${cellText(col, i)}" is not one of the classes (${classes.join(", ")})`);
    values[i] = k;
    seen.add(k);
  }
  if (seen.size < 2) {
    throw new DataError(`${where} has a single class ("${cellText(col, 0)}"); classification needs at least 2`);
  }
  return { task, classes, values };
}
