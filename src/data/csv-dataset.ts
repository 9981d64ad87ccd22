import { DataError } from "../errors.js";
import { csvRecords, type CsvRecord, type Delimiter } from "./csv.js";
import { makeDataset, type Dataset, type Task } from "./dataset.js";
import { isDecimal, isNonFiniteWord, parseNumber } from "./numbers.js";

export interface CsvDatasetOptions {
  /** Target column: a header name or a 0-based index. Default: the last column. */
  target?: string | number;
  /** Default "auto": text labels or few distinct integers → classification, else regression. */
  task?: Task | "auto";
  /** Default "auto": comma, semicolon, tab or whitespace, guessed from the first line. */
  delimiter?: Delimiter | "auto";
  /** Default "auto": the first row is a header when it has text where the data rows have numbers. */
  header?: boolean | "auto";
  /** Class names in index order, overriding the alphabetical order of text labels. */
  classes?: string[];
  /** The dataset's name. Default: the file name without extension, or "csv" for text. */
  name?: string;
  /** Names the input in error messages when text is given. Default "input". */
  source?: string;
}

/** Integer-valued targets with at most this many distinct values count as class labels. */
export const MAX_AUTO_CLASSES = 32;

/** Rows read to decide whether the first row is a header. */
const HEADER_PROBE_ROWS = 20;

/**
 * Turns CSV text into a Dataset. Every column except the target must be numeric. Labels:
 * text labels become classes sorted alphabetically (by code unit, so "B" < "a"), unless
 * `options.classes` gives the order; numeric labels become classes sorted by value. An
 * scikit-learn style first line `n_rows,n_features,class0,class1,…` is recognised and supplies
 * the class names. Errors name the source, the line (1-based, as in the file) and the column.
 */
export function csvToDataset(text: string, options: CsvDatasetOptions = {}): Dataset {
  const source = options.source ?? "input";
  const delimiter = options.delimiter === "auto" ? undefined : options.delimiter;
  // Records are turned into numbers as they are read, so a large file costs its text plus one
  // Float32Array, not a string per cell (1M rows × 21 columns once took 13× the file's size).
  const records = csvRecords(text, { ...(delimiter ? { delimiter } : {}), source });
  const probe: CsvRecord[] = [];
  for (let r = records.next(); !r.done; r = records.next()) {
    probe.push(r.value);
    if (probe.length === HEADER_PROBE_ROWS + 2) break;
  }
  if (probe.length === 0) throw new DataError(`${source}: empty file`);

  const headerOption = options.header ?? "auto";
  let classesFromFile: string[] | undefined;
  let declaredRows: number | undefined;
  let columnNames: string[] | undefined;
  let first = 0;
  const head = probe[0]!.fields;
  if (headerOption !== false && isSklearnHeader(head, probe[1]?.fields)) {
    classesFromFile = head.slice(2);
    declaredRows = Number(head[0]);
    first = 1;
  } else if (headerOption === true || (headerOption === "auto" && looksLikeHeader(head, probe.slice(1, 1 + HEADER_PROBE_ROWS).map((r) => r.fields)))) {
    columnNames = head.map((c, j) => (c === "" ? `column${j + 1}` : c));
    first = 1;
  }
  if (probe.length === first) throw new DataError(`${source}: no data rows (only a header)`);

  const width = columnNames?.length ?? probe[first]!.fields.length;
  const names = columnNames ?? Array.from({ length: width }, (_, j) => `column${j + 1}`);
  const t = resolveTarget(options.target, names, columnNames !== undefined, source);
  const where = (j: number): string => (columnNames ? `column "${names[j]}" (${j + 1})` : `column ${j + 1}`);
  const d = width - 1;

  let features = new Float32Array(Math.max(1024, probe.length) * d);
  const targetCells: string[] = [];
  const lines: number[] = [];
  const add = ({ fields, line }: CsvRecord): void => {
    if (fields.length !== width) throw new DataError(`${source}: row ${line} has ${fields.length} fields, expected ${width}`);
    const i = targetCells.length;
    if ((i + 1) * d > features.length) {
      const grown = new Float32Array(Math.ceil(features.length * 1.5) + d);
      grown.set(features);
      features = grown;
    }
    let k = i * d;
    for (let j = 0; j < width; j++) {
      if (j === t) targetCells.push(fields[j]!);
      else features[k++] = numericCell(fields[j]!, `${source}: row ${line}, ${where(j)}`);
    }
    lines.push(line);
  };
  for (let r = first; r < probe.length; r++) add(probe[r]!);
  for (let r = records.next(); !r.done; r = records.next()) add(r.value);
  const n = targetCells.length;
  if (declaredRows !== undefined && declaredRows !== n) {
    throw new DataError(`${source}: the first line declares ${declaredRows} rows, the file has ${n}`);
  }
  const targetLabel = `${source}: target ${where(t)}`;
  const encoded = encodeTargets(targetCells, {
    task: options.task ?? "auto",
    classes: options.classes ?? classesFromFile,
    describe: targetLabel,
    cellWhere: (i) => `${source}: row ${lines[i]}, ${where(t)}`,
  });
  return makeDataset({
    name: options.name ?? "csv",
    features: features.length === n * d ? features : features.slice(0, n * d),
    n,
    d,
    featureNames: names.filter((_, j) => j !== t),
    targets: encoded.targets,
    task: encoded.task,
    ...(encoded.classes ? { classes: encoded.classes } : {}),
    targetName: names[t]!,
  });
}

/** The number in a cell, or a DataError that names where it is. */
function numericCell(cell: string, where: string): number {
  const v = parseNumber(cell);
  if (v !== null) return v;
  if (cell === "") throw new DataError(`${where}: empty cell`);
  // NaN, Infinity and overflowing literals such as 1e999 are numbers, but not usable ones.
  if (isNonFiniteWord(cell) || isDecimal(cell)) throw new DataError(`${where}: "${cell}" is not a finite number`);
  throw new DataError(`${where}: "${cell}" is not a number`);
}

/**
 * `n,d,name…` where d is the number of features of the next row and n (checked once every row is
 * read) the number of data rows.
 */
function isSklearnHeader(head: string[], next: string[] | undefined): boolean {
  if (head.length < 3 || next === undefined) return false;
  if (!/^\d+$/.test(head[0]!) || !/^\d+$/.test(head[1]!)) return false;
  if (Number(head[1]) !== next.length - 1) return false;
  return head.slice(2).every((c) => parseNumber(c) === null);
}

/** A header has text in some column where the first data rows (`probe`) are all numeric. */
export function looksLikeHeader(head: string[], probe: string[][]): boolean {
  if (probe.length === 0) return head.some((c) => parseNumber(c) === null);
  return head.some(
    (c, j) => parseNumber(c) === null && probe.every((row) => row[j] !== undefined && parseNumber(row[j]!) !== null),
  );
}

/** The target column's index from a name or 0-based index (default: the last column). */
export function resolveTarget(target: string | number | undefined, names: string[], hasHeader: boolean, source: string): number {
  if (target === undefined) return names.length - 1;
  if (typeof target === "number") {
    if (Number.isInteger(target) && target >= 0 && target < names.length) return target;
    throw new DataError(`${source}: no column ${target} (columns are 0..${names.length - 1})`);
  }
  const j = names.indexOf(target);
  if (j >= 0) return j;
  const numeric = /^\d+$/.test(target) ? Number(target) : -1;
  if (!hasHeader && numeric >= 0 && numeric < names.length) return numeric;
  throw new DataError(`${source}: no column "${target}" (columns: ${names.join(", ")})`);
}

interface EncodeOptions {
  task: Task | "auto";
  classes: string[] | undefined;
  describe: string;
  cellWhere: (i: number) => string;
}

/** Chooses the task and turns label cells into class indices or values. */
function encodeTargets(
  cells: string[],
  o: EncodeOptions,
): { targets: Float32Array; task: Task; classes?: string[] } {
  const n = cells.length;
  const values = cells.map(parseNumber);
  const allNumeric = values.every((v) => v !== null);
  const isTextLabel = (i: number): boolean => values[i] === null && cells[i] !== "" && !isNonFiniteWord(cells[i]!);
  let task: Task;
  if (o.task !== "auto") task = o.task;
  else if (o.classes) task = "classification";
  else if (!allNumeric) task = cells.some((_, i) => isTextLabel(i)) ? "classification" : "regression";
  else task = new Set(values).size <= MAX_AUTO_CLASSES && values.every((v) => Number.isInteger(v)) ? "classification" : "regression";

  const targets = new Float32Array(n);
  if (task === "regression") {
    for (let i = 0; i < n; i++) targets[i] = numericCell(cells[i]!, o.cellWhere(i));
    return { targets, task };
  }
  for (let i = 0; i < n; i++) {
    if (cells[i] === "" || isNonFiniteWord(cells[i]!)) numericCell(cells[i]!, o.cellWhere(i)); // throws
  }
  let classes: string[];
  let indexOf: (i: number) => number | undefined;
  if (o.classes) {
    classes = o.classes;
    const byName = new Map(classes.map((c, k) => [c, k]));
    // Integer labels index the given names (scikit-learn files); text labels are looked up.
    indexOf = (i) => byName.get(cells[i]!) ?? (Number.isInteger(values[i]) && values[i]! < classes.length && values[i]! >= 0 ? values[i]! : undefined);
  } else if (allNumeric) {
    const distinct = [...new Set(values as number[])].sort((a, b) => a - b);
    classes = distinct.map(String);
    const index = new Map(distinct.map((v, k) => [v, k]));
    indexOf = (i) => index.get(values[i]!);
  } else {
    const distinct = [...new Set(cells)].sort();
    classes = distinct;
    const index = new Map(distinct.map((v, k) => [v, k]));
    indexOf = (i) => index.get(cells[i]!);
  }
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const k = indexOf(i);
    if (k === undefined) {
      throw new DataError(`${o.cellWhere(i)}: label "${cells[i]}" is not one of the classes (${classes.join(", ")})`);
    }
    targets[i] = k;
    seen.add(k);
  }
  if (seen.size < 2) {
    throw new DataError(`${o.describe} has a single class ("${cells[0]}"); classification needs at least 2`);
  }
  return { targets, task, classes };
}
