/**
 * One CSV line at a time: the layout of a file (delimiter, header, target column) read from its
 * first lines, and the parsing of a line into features and a target cell with the same number
 * rules and error style as the in-memory loader (`file.csv: row 7, column "x" (2): …`).
 */
import { DataError } from "../errors.js";
import { detectDelimiter, parseCsv, type Delimiter } from "../data/index.js";
import { looksLikeHeader } from "../data/csv-dataset.js";
import { resolveColumn } from "../data/table-dataset.js";
import { parseFastRow } from "./fast-row.js";
import { isDecimal, isNonFiniteWord, parseNumber } from "../data/numbers.js";
import { count } from "../util/plural.js";

/** Rows after the first read to decide whether it is a header (as the in-memory loader does). */
const HEADER_PROBE_ROWS = 20;

export interface CsvLayout {
  /** Names the file in error messages. */
  source: string;
  delimiter: Delimiter;
  hasHeader: boolean;
  columnNames: string[];
  /** 0-based index of the target column. */
  target: number;
  featureNames: string[];
  targetName: string;
}

export interface LayoutOptions {
  /** A header name or a 0-based index. Default: the last column. */
  target?: string | number;
  delimiter?: Delimiter;
  header?: boolean | "auto";
}

/** The fields of one line (quoted fields allowed, but not line breaks inside them). */
export function splitLine(line: string, delimiter: Delimiter, source: string, lineNo: number): string[] {
  if (delimiter === "whitespace") return line.trim().split(/[ \t]+/);
  if (line.includes('"')) {
    try {
      return parseCsv(line, { delimiter, source }).records[0] ?? [""];
    } catch (e) {
      const why = (e as Error).message.replace(/^.*?row \d+:? ?/, "");
      throw new DataError(`${source}: row ${lineNo}: ${why}${/unterminated/.test(why) ? " (quoted line breaks are not supported when streaming)" : ""}`);
    }
  }
  const cells = line.split(delimiter);
  for (let i = 0; i < cells.length; i++) cells[i] = cells[i]!.trim();
  return cells;
}

/** The number in a cell, or a DataError naming where it is (same messages as the in-memory loader). */
export function numericCell(cell: string, where: string): number {
  const v = parseNumber(cell);
  if (v !== null) return v;
  if (cell === "") throw new DataError(`${where}: empty cell`);
  if (isNonFiniteWord(cell) || isDecimal(cell)) throw new DataError(`${where}: "${cell}" is not a finite number`);
  throw new DataError(`${where}: "${cell}" is not a number`);
}

/** Reads the layout from the file's first non-blank lines (with their 1-based line numbers). */
export function detectLayout(first: { text: string; line: number }[], source: string, options: LayoutOptions = {}): CsvLayout {
  if (first.length === 0) throw new DataError(`${source}: empty file`);
  const delimiter = options.delimiter ?? detectDelimiter(first[0]!.text);
  const rows = first.map((l) => splitLine(l.text, delimiter, source, l.line));
  const header = options.header ?? "auto";
  const hasHeader = header === true || (header === "auto" && looksLikeHeader(rows[0]!, rows.slice(1, 1 + HEADER_PROBE_ROWS)));
  if (hasHeader && rows.length === 1) throw new DataError(`${source}: no data rows (only a header)`);
  const width = rows[0]!.length;
  if (width < 2) throw new DataError(`${source}: row ${first[0]!.line} has ${count(width, "field")}; a dataset needs features and a target`);
  const columnNames = hasHeader ? rows[0]!.map((c, j) => (c === "" ? `column${j + 1}` : c)) : Array.from({ length: width }, (_, j) => `column${j + 1}`);
  const target = options.target === undefined ? width - 1 : resolveColumn(options.target, { source, hasHeader, columns: columnNames.map((name) => ({ name })) as never });
  return {
    source, delimiter, hasHeader, columnNames, target,
    featureNames: columnNames.filter((_, j) => j !== target),
    targetName: columnNames[target]!,
  };
}

/** Where a cell is, for error messages. */
export function cellWhere(layout: CsvLayout, lineNo: number, column: number): string {
  const col = layout.hasHeader ? `column "${layout.columnNames[column]}" (${column + 1})` : `column ${column + 1}`;
  return `${layout.source}: row ${lineNo}, ${col}`;
}

/**
 * Parses one data line's features into `out` at `offset` and returns its target cell; returns
 * null for a blank line.
 */
export function parseRow(layout: CsvLayout, line: string, lineNo: number, out: Float32Array | Float64Array, offset: number): string | null {
  if (layout.delimiter !== "whitespace") {
    const fast = parseFastRow(line, layout.delimiter.charCodeAt(0), layout.columnNames.length, layout.target, out, offset);
    if (fast !== undefined) return fast;
  }
  if (line.trim() === "") return null;
  const cells = splitLine(line, layout.delimiter, layout.source, lineNo);
  const width = layout.columnNames.length;
  if (cells.length !== width) throw new DataError(`${layout.source}: row ${lineNo} has ${cells.length} fields, expected ${width}`);
  let k = offset;
  for (let j = 0; j < width; j++) {
    if (j === layout.target) continue;
    const cell = cells[j]!;
    const v = parseNumber(cell);
    out[k++] = v !== null ? v : numericCell(cell, cellWhere(layout, lineNo, j));
  }
  return cells[layout.target]!;
}
