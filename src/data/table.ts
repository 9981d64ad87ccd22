/**
 * A data file as a table of named columns, before any column is chosen as target or feature.
 * Each column keeps its numbers (NaN where a cell is missing or not a number) and, only when some
 * cell is text, the cells themselves; so an all-numeric file costs one Float64Array per column,
 * not a string per cell. Pure: text or records in, table out (the browser reuses it on a File).
 */
import { DataError } from "../errors.js";
import { isMissingCell, numberParser, type NumberDialect } from "./cells.js";
import { isDecimal, isNonFiniteWord, parseNumber } from "./numbers.js";

export interface TableColumn {
  name: string;
  /** The cell's number; NaN when it is missing or text. */
  values: Float64Array;
  /** The cells as written, kept once any cell of the column is text (null for numeric columns). */
  text: string[] | null;
  /** 1 where the cell is missing (empty, NA, N/A, NaN, null, ?). */
  missing: Uint8Array;
}

export interface Table {
  /** Names the input in messages (a file name, or "input"). */
  source: string;
  hasHeader: boolean;
  columns: TableColumn[];
  /** Row count. */
  n: number;
  /** For each row, its 1-based line in the file (for error messages). */
  lines: Int32Array;
}

/** The cell of a text or numeric column as a string (numbers as JavaScript prints them). */
export function cellText(column: TableColumn, i: number): string {
  if (column.missing[i]) return "";
  return column.text ? column.text[i]! : String(column.values[i]);
}

/** Where a column is, for messages: `column "city" (3)` or `column 3`. */
export function columnWhere(table: Pick<Table, "hasHeader" | "columns">, j: number): string {
  return table.hasHeader ? `column "${table.columns[j]!.name}" (${j + 1})` : `column ${j + 1}`;
}

/**
 * Collects records into a table of fixed width; `take()` hands over the rows collected so far
 * and starts again, so the same builder reads a whole file or a file in chunks.
 */
export class TableBuilder {
  private readonly parse: (cell: string) => number | null;
  private cols: { values: Float64Array; text: string[] | null; missing: Uint8Array }[] = [];
  private lines = new Int32Array(0);
  private n = 0;

  constructor(
    private readonly names: string[],
    private readonly source: string,
    private readonly hasHeader: boolean,
    dialect: NumberDialect = {},
  ) {
    this.parse = numberParser(dialect);
    this.reset(256);
  }

  private reset(capacity: number): void {
    this.cols = this.names.map(() => ({ values: new Float64Array(capacity), text: null, missing: new Uint8Array(capacity) }));
    this.lines = new Int32Array(capacity);
    this.n = 0;
  }

  private grow(): void {
    const capacity = Math.ceil(this.lines.length * 1.5) + 16;
    const lines = new Int32Array(capacity);
    lines.set(this.lines);
    this.lines = lines;
    for (const c of this.cols) {
      const values = new Float64Array(capacity);
      values.set(c.values);
      c.values = values;
      const missing = new Uint8Array(capacity);
      missing.set(c.missing);
      c.missing = missing;
    }
  }

  /** Adds one record; a wrong field count is a DataError naming the line. */
  add(fields: string[], line: number): void {
    const width = this.names.length;
    if (fields.length !== width) throw new DataError(`${this.source}: row ${line} has ${fields.length} fields, expected ${width}`);
    const i = this.newRow(line);
    for (let j = 0; j < width; j++) this.cell(i, j, fields[j]!, line);
  }

  /** Whether `addLine` may be used: numbers in the default dialect (the fast path reads only those). */
  get plainNumbers(): boolean {
    return this.parse === parseNumber;
  }

  /**
   * Adds one unquoted line split on the single-character delimiter `delim` (a char code), as
   * `add(line.split(delim) trimmed)` would, without making a string per number: the hot path of
   * large numeric files. Only for `plainNumbers` builders.
   */
  addLine(text: string, line: number, delim: number): void {
    const width = this.names.length;
    const ends = this.ends.length === width ? this.ends : (this.ends = new Int32Array(width));
    const separator = this.separator ??= String.fromCharCode(delim);
    let k = 0;
    for (let p = text.indexOf(separator); p >= 0; p = text.indexOf(separator, p + 1)) {
      if (k === width - 1) return this.add(splitTrimmed(text, delim), line); // too many fields: add's message
      ends[k++] = p;
    }
    if (k !== width - 1) return this.add(splitTrimmed(text, delim), line);
    ends[k] = text.length;
    const i = this.newRow(line);
    let start = 0;
    for (let j = 0; j < width; j++) {
      const end = ends[j]!;
      const c = this.cols[j]!;
      if (c.text === null && end > start) {
        const v = parsePlainDecimal(text, start, end);
        if (Number.isFinite(v)) {
          c.values[i] = v;
          start = end + 1;
          continue;
        }
      }
      this.cell(i, j, text.slice(start, end).trim(), line);
      start = end + 1;
    }
  }

  private ends = new Int32Array(0);
  private separator: string | undefined;

  private newRow(line: number): number {
    if (this.n === this.lines.length) this.grow();
    const i = this.n++;
    this.lines[i] = line;
    return i;
  }

  /** Stores cell j of row i: its number, a missing mark, or its text (turning the column into text). */
  private cell(i: number, j: number, cell: string, line: number): void {
    const c = this.cols[j]!;
    const v = this.parse(cell);
    if (v !== null) {
      c.values[i] = v;
      if (c.text) c.text.push(cell);
      return;
    }
    c.values[i] = NaN;
    if (isMissingCell(cell)) c.missing[i] = 1;
    else if (isNonFiniteWord(cell) || (isDecimal(cell) && !Number.isFinite(Number(cell)))) {
      // Infinity, or a literal such as 1e999 that overflows: a number, but not a usable one.
      const where = this.hasHeader ? `column "${this.names[j]}" (${j + 1})` : `column ${j + 1}`;
      throw new DataError(`${this.source}: row ${line}, ${where}: "${cell}" is not a finite number`);
    }
    else if (!c.text) {
      // The first text cell: earlier cells were numbers (or missing) and are kept as written.
      c.text = new Array<string>(i);
      for (let r = 0; r < i; r++) c.text[r] = c.missing[r] ? "" : String(c.values[r]);
    }
    if (c.text) c.text.push(cell);
  }

  get rows(): number {
    return this.n;
  }

  /** The rows added since the last take, as a table. */
  take(): Table {
    const n = this.n;
    const table: Table = {
      source: this.source,
      hasHeader: this.hasHeader,
      n,
      lines: this.lines.slice(0, n),
      columns: this.cols.map((c, j) => ({
        name: this.names[j]!,
        values: c.values.length === n ? c.values : c.values.slice(0, n),
        text: c.text,
        missing: c.missing.length === n ? c.missing : c.missing.slice(0, n),
      })),
    };
    this.reset(Math.max(256, Math.min(n, 1 << 16)));
    return table;
  }
}

/** The rows at `indices`, as a new table with the same columns. */
export function selectRows(table: Table, indices: ArrayLike<number>): Table {
  const m = indices.length;
  const lines = new Int32Array(m);
  for (let k = 0; k < m; k++) lines[k] = table.lines[indices[k]!]!;
  return {
    ...table,
    n: m,
    lines,
    columns: table.columns.map((c) => {
      const values = new Float64Array(m);
      const missing = new Uint8Array(m);
      const text = c.text ? new Array<string>(m) : null;
      for (let k = 0; k < m; k++) {
        const i = indices[k]!;
        values[k] = c.values[i]!;
        missing[k] = c.missing[i]!;
        if (text) text[k] = c.text![i]!;
      }
      return { name: c.name, values, text, missing };
    }),
  };
}

function splitTrimmed(text: string, delim: number): string[] {
  return text.split(String.fromCharCode(delim)).map((f) => f.trim());
}

const PLUS = 43, MINUS = 45, DOT = 46, ZERO = 48, NINE = 57, LOWER_E = 101, UPPER_E = 69;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const EXACT = 2 ** 53;

/**
 * The number text[i, end) holds in `parseNumber`'s syntax (sign, digits, point, exponent; no
 * spaces), or NaN when it is not one, read by one scan without making a string. Digits that fit
 * in 53 bits with a power of ten up to 10^22 are converted with one exact-input multiplication or
 * division, which IEEE arithmetic rounds correctly, so the result equals Number(text) (Clinger's
 * fast path); anything longer is left to Number.
 */
export function parsePlainDecimal(s: string, i: number, end: number): number {
  const from = i;
  let c = s.charCodeAt(i);
  const negative = c === MINUS;
  if (c === PLUS || c === MINUS) c = s.charCodeAt(++i);
  let digits = 0;
  let m = 0;
  let fraction = 0;
  while (i < end && (c = s.charCodeAt(i)) >= ZERO && c <= NINE) { m = m * 10 + (c - ZERO); i++; digits++; }
  if (i < end && s.charCodeAt(i) === DOT) {
    i++;
    while (i < end && (c = s.charCodeAt(i)) >= ZERO && c <= NINE) { m = m * 10 + (c - ZERO); i++; digits++; fraction++; }
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (i < end && ((c = s.charCodeAt(i)) === LOWER_E || c === UPPER_E)) {
    i++;
    c = s.charCodeAt(i);
    const expNegative = c === MINUS;
    if (c === PLUS || c === MINUS) i++;
    let expDigits = 0;
    while (i < end && (c = s.charCodeAt(i)) >= ZERO && c <= NINE) { exponent = exponent * 10 + (c - ZERO); i++; expDigits++; }
    if (expDigits === 0) return NaN;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return NaN;
  const power = exponent - fraction;
  if (m >= EXACT || power > 22 || power < -22) return Number(s.slice(from, end));
  const v = power >= 0 ? m * POW10[power]! : m / POW10[-power]!;
  return negative ? -v : v;
}
