/**
 * The data options' rules, written once for both ways of consuming the one reader: a whole table
 * (`prepareTable`) or a file in chunks (the streaming dataset). Each rule that needs every row
 * (the task, the classes, which columns have missing cells, whether a column is an identifier) is
 * an accumulator: `add` each table (a whole file is one), then `finish`. Pure, browser-safe.
 */
import { DataError } from "../errors.js";
import { numericLookHint } from "./cells.js";
import type { Task } from "./dataset.js";
import type { ImputeStrategy } from "./preprocess.js";
import type { CsvDialect } from "./reader.js";
import { cellText, columnWhere, type Table, type TableColumn } from "./table.js";

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
export const ID_MIN_ROWS = 20;

/** Distinct labels a target may have before it cannot be classes at all (bounds memory when streaming). */
const MAX_LABELS = 100_000;

/** Column names and header: what the rules need to find columns. */
export type TableShape = Pick<Table, "columns" | "source" | "hasHeader">;

/** The 0-based index of a column reference; a DataError listing the columns when there is none. */
export function resolveColumn(ref: ColumnRef, table: TableShape): number {
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

/** Which column is the target, which are features, which of them are forced categorical. */
export interface ColumnRoles {
  target: number;
  features: number[];
  categorical: Set<number>;
}

/** Resolves `--target`, `--features`/`--drop` and `--categorical` against a table's columns. */
export function resolveRoles(table: TableShape, options: DataOptions): ColumnRoles {
  const source = table.source;
  const width = table.columns.length;
  if (width < 2) throw new DataError(`${source}: ${width} column; a dataset needs features and a target`);
  const t = options.target === undefined ? width - 1 : resolveColumn(options.target, table);
  let features = options.features
    ? options.features.map((r) => resolveColumn(r, table))
    : table.columns.map((_, j) => j).filter((j) => j !== t);
  if (options.drop) {
    const dropped = new Set(options.drop.map((r) => resolveColumn(r, table)));
    features = features.filter((j) => !dropped.has(j));
  }
  if (features.includes(t)) throw new DataError(`${source}: ${columnWhere(table, t)} is the target; it cannot also be a feature`);
  if (features.length === 0) throw new DataError(`${source}: no feature columns left`);
  return { target: t, features, categorical: new Set((options.categorical ?? []).map((r) => resolveColumn(r, table))) };
}

/** Numbers written in another dialect would otherwise become categories: a DataError naming the option that reads them. */
export function checkNumericLook(table: Table, roles: ColumnRoles): void {
  for (const j of roles.features) {
    const col = table.columns[j]!;
    if (col.text && !roles.categorical.has(j)) {
      const hint = numericLookHint(textCells(col));
      if (hint) throw new DataError(`${table.source}: ${columnWhere(table, j)} has cells such as "${firstText(col)}" that are not numbers; ${hint}`);
    }
  }
}

/** Rows of `table` whose target cell is present. */
export function rowsWithTarget(table: Table, t: number): number[] {
  const missing = table.columns[t]!.missing;
  const rows: number[] = [];
  for (let i = 0; i < table.n; i++) if (!missing[i]) rows.push(i);
  return rows;
}

/** Whether row i has a missing cell in one of `features`. */
export function hasMissingFeature(table: Table, features: readonly number[], i: number): boolean {
  for (const j of features) if (table.columns[j]!.missing[i]) return true;
  return false;
}

/** Counts missing feature cells per column; `finish` throws the one-line message when there are some and no remedy was chosen. */
export class MissingCounter {
  private readonly counts: number[];

  constructor(private readonly features: readonly number[]) {
    this.counts = features.map(() => 0);
  }

  add(table: Table, rows: ArrayLike<number>): void {
    this.features.forEach((j, k) => {
      const missing = table.columns[j]!.missing;
      let c = 0;
      for (let r = 0; r < rows.length; r++) c += missing[rows[r]!]!;
      this.counts[k]! += c;
    });
  }

  get any(): boolean {
    return this.counts.some((c) => c > 0);
  }

  /** Lists every column with missing cells, and the remedies, unless `options` chose one. */
  check(table: TableShape, options: DataOptions): void {
    if (!this.any || options.dropMissing || options.impute) return;
    const missing = this.features.map((j, k) => ({ j, count: this.counts[k]! })).filter((m) => m.count > 0);
    const list = missing.map((m) => `${table.columns[m.j]!.name} (${m.count})`).join(", ");
    throw new DataError(`${table.source}: missing cells in ${missing.length} column${missing.length === 1 ? "" : "s"}: ${list}; fill them with --impute mean|median|most-frequent or leave those rows out with --drop-missing`);
  }
}

/**
 * Watches one feature column for the look of an identifier: every present cell distinct, and
 * integers or text codes (not measurements). `limit` bounds the distinct values remembered (a
 * streamed file decides on its first `limit` rows).
 */
export class IdentifierWatch {
  private readonly seen = new Set<string>();
  private rising = true;
  private falling = true;
  private previous: number | undefined;
  private text = false;
  private ruledOut = false;

  constructor(private readonly name: string, private readonly limit = Infinity) {}

  add(col: TableColumn, rows: ArrayLike<number>): void {
    if (this.ruledOut || this.seen.size >= this.limit) return;
    if (col.text) this.text = true;
    for (let k = 0; k < rows.length && this.seen.size < this.limit; k++) {
      const i = rows[k]!;
      if (col.missing[i]) continue;
      if (!col.text && !Number.isInteger(col.values[i])) return void (this.ruledOut = true);
      const key = cellText(col, i);
      if (this.seen.has(key)) return void (this.ruledOut = true);
      this.seen.add(key);
      if (!col.text) {
        const v = col.values[i]!;
        if (this.previous !== undefined) {
          this.rising &&= v > this.previous;
          this.falling &&= v < this.previous;
        }
        this.previous = v;
      }
    }
  }

  /**
   * Distinct text is a code or a name. Distinct integers are also what ages or counts give on a
   * small table, so they count as identifiers only when named like one or numbered in file order.
   */
  looksLikeIdentifier(): boolean {
    if (this.ruledOut || this.seen.size < ID_MIN_ROWS) return false;
    return this.text || ID_NAME.test(this.name) || this.rising || this.falling;
  }
}

/** Column names that say "identifier": id, customer_id, CustomerID, key, uuid, row_number, … */
const ID_NAME = /(^|[^A-Za-z])([Ii][Dd]|[Kk]ey|KEY|[Uu]uid|UUID|[Gg]uid|GUID|[Ii]ndex|[Nn]umber|[Nn]o)$|^([Ii][Dd])([^A-Za-z]|$)|[a-z](Id|ID|Key|Number|No)$/;

/** The task, and the class names for classification. */
export interface TargetFit {
  task: Task;
  classes?: string[];
}

/**
 * Watches the target column's present cells and decides the task and classes by the rules of
 * docs/data.md: a text target is classes (refused when it has more distinct values than a tenth
 * of the rows), a target of at most 32 distinct integers is classes (with a note), else numbers.
 */
export class TargetFitter {
  private numbers: Set<number> | null = new Set();
  private readonly cells = new Set<string>();
  private readonly hintCells: string[] = [];
  private allInteger = true;
  private text = false;
  private firstTextCell: { cell: string; line: number } | undefined;
  private firstLabel: string | undefined;
  private rows = 0;

  constructor(
    private readonly table: TableShape,
    private readonly t: number,
    private readonly options: Pick<DataOptions, "task" | "classes">,
    /** Class names a scikit-learn first line declares. */
    private readonly declared?: string[],
  ) {}

  add(table: Table, rows: ArrayLike<number>): void {
    const col = table.columns[this.t]!;
    this.rows += rows.length;
    if (rows.length > 0) this.firstLabel ??= cellText(col, rows[0]!);
    if (col.text) this.text = true;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      const v = col.values[i]!;
      if (col.text) {
        const c = col.text[i]!;
        if (!this.cells.has(c)) {
          if (this.cells.size >= MAX_LABELS) {
            throw new DataError(`${this.where()} has more than ${MAX_LABELS} distinct text values, too many to be classes; choose --task regression (with --thousands or --decimal if they are numbers) or another --target`);
          }
          this.cells.add(c);
        }
        if (Number.isNaN(v)) {
          this.firstTextCell ??= { cell: c, line: table.lines[i]! };
          if (this.hintCells.length < 500) this.hintCells.push(c);
        }
        continue;
      }
      if (!Number.isInteger(v)) this.allInteger = false;
      if (this.numbers && !this.numbers.has(v)) {
        if (this.numbers.size >= MAX_LABELS) this.numbers = null;
        else this.numbers.add(v);
      }
    }
  }

  private where(): string {
    return `${this.table.source}: target ${columnWhere(this.table, this.t)}`;
  }

  /** The task and classes of the rows added; notes for the user go to `notes`. */
  finish(notes: string[]): TargetFit {
    const name = this.table.columns[this.t]!.name;
    const given = this.options.classes ?? this.declared;
    const n = this.rows;
    let task: Task;
    if (this.options.task !== undefined && this.options.task !== "auto") task = this.options.task;
    else if (given) task = "classification";
    else if (this.text) {
      const distinct = this.labels().length;
      if (distinct > Math.max(MAX_AUTO_CLASSES, n / 10)) {
        const hint = numericLookHint(this.hintCells);
        throw new DataError(
          `${this.where()} has ${distinct} distinct text values in ${n} rows (such as "${this.firstTextCell?.cell}"), too many to be classes; ` +
            (hint ? `${hint}, ` : "") + "or choose --task regression (or another --target)",
        );
      }
      task = "classification";
    } else {
      const distinct = this.numbers?.size ?? Infinity;
      task = distinct <= MAX_AUTO_CLASSES && this.allInteger ? "classification" : "regression";
      if (task === "classification") {
        notes.push(`note: target "${name}" has ${distinct} integer values, so this is classification (--task regression to predict it as a number)`);
      }
    }
    if (task === "regression") {
      if (this.text && this.firstTextCell) {
        const hint = numericLookHint(this.hintCells);
        const { cell, line } = this.firstTextCell;
        throw new DataError(`${this.table.source}: row ${line}, ${columnWhere(this.table, this.t)}: "${cell}" is not a number${hint ? `; ${hint}` : " (a regression target needs numbers)"}`);
      }
      return { task };
    }
    if (!given && this.numbers === null && !this.text) {
      throw new DataError(`${this.where()} has more than ${MAX_LABELS} distinct values, too many to be classes; choose --task regression`);
    }
    const classes = given ?? this.labels();
    const byName = new Map(classes.map((c, k) => [c, k]));
    const seen = this.labels().map((l) => classIndex(byName, classes.length, l));
    // A label outside given classes is reported at its row by encodeTargets.
    if (!seen.includes(undefined) && new Set(seen).size < 2) {
      throw new DataError(`${this.where()} has a single class ("${this.firstLabel}"); classification needs at least 2`);
    }
    return { task, classes };
  }

  /** The distinct labels: sorted numbers (as text) for a numeric column, else the cells sorted by code unit. */
  private labels(): string[] {
    if (!this.text) return [...this.numbers!].sort((a, b) => a - b).map(String);
    const all = new Set(this.cells);
    for (const v of this.numbers ?? []) all.add(String(v));
    return [...all].sort();
  }
}

/** A label's class index: its name, or an integer indexing the names (scikit-learn files). */
function classIndex(byName: ReadonlyMap<string, number>, count: number, label: string): number | undefined {
  const k = byName.get(label);
  if (k !== undefined) return k;
  const v = Number(label);
  return label !== "" && Number.isInteger(v) && v >= 0 && v < count ? v : undefined;
}

/**
 * The target values of `rows` as the model trains on them: the value, or the class index. A
 * label outside the classes is a DataError naming its row.
 */
export function encodeTargets(table: Table, t: number, fit: TargetFit, rows: ArrayLike<number>): Float32Array {
  const col = table.columns[t]!;
  const values = new Float32Array(rows.length);
  if (fit.task === "regression") {
    for (let k = 0; k < rows.length; k++) values[k] = col.values[rows[k]!]!;
    return values;
  }
  const classes = fit.classes!;
  const byName = new Map(classes.map((c, k) => [c, k]));
  const byValue = new Map<number, number>();
  classes.forEach((c, k) => {
    const v = Number(c);
    if (c !== "" && Number.isFinite(v) && !byValue.has(v)) byValue.set(v, k);
  });
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    const v = col.values[i]!;
    let k = col.text ? byName.get(col.text[i]!) : byValue.get(v);
    // Integer labels index the given names (scikit-learn files).
    if (k === undefined && Number.isInteger(v) && v >= 0 && v < classes.length && !byValue.has(v)) k = v;
    if (k === undefined) {
      throw new DataError(`${table.source}: row ${table.lines[i]}, ${columnWhere(table, t)}: label "${cellText(col, i)}" is not one of the classes (${classes.join(", ")})`);
    }
    values[r] = k;
  }
  return values;
}

export function* textCells(col: TableColumn): Generator<string> {
  for (let i = 0; i < col.text!.length; i++) if (!col.missing[i]) yield col.text![i]!;
}

function firstText(col: TableColumn): string {
  const i = col.values.findIndex((v, r) => Number.isNaN(v) && !col.missing[r]);
  return col.text![i]!;
}
