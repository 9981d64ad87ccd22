/**
 * The one CSV reader. Text goes in (all at once, or piece by piece from a file or a stream) and
 * tables of named columns come out (`src/data/table.ts`): the dialect (delimiter, header, decimal
 * comma, thousands separators) is fixed once from the first records, and every record after it
 * goes through the same TableBuilder. Consumers take all rows (`readTable`) or chunks
 * (`CsvReader.take()` after each `push`). Pure: no file access, so the web page uses it on a File.
 */
import { DataError } from "../errors.js";
import { numberParser, type NumberDialect } from "./cells.js";
import { csvRecords, detectDelimiter, type CsvRecord, type Delimiter } from "./csv.js";
import { TableBuilder, type Table } from "./table.js";

export interface CsvDialect extends NumberDialect {
  /** Default: guessed from the first line (comma, semicolon, tab, else whitespace). */
  delimiter?: Delimiter;
  /** Default "auto": the first row is a header when it reads as names rather than data. */
  header?: boolean | "auto";
}

export interface CsvReadOptions extends CsvDialect {
  /** Names the input in error messages. Default "input". */
  source?: string;
  /**
   * Sees every record as written (the header line too), in file order, as it is read: for a
   * caller that writes the rows back out (predict --out) without parsing the text twice.
   */
  onRecord?: (fields: readonly string[], line: number) => void;
}

export interface CsvLayout {
  delimiter: Delimiter;
  hasHeader: boolean;
  names: string[];
  /** A scikit-learn first line `n_rows,n_features,class0,class1,…`: its row count and class names. */
  declared?: { rows: number; classes: string[] };
}

/** Records read before the layout is fixed (the header check looks at up to 20 data rows). */
const PROBE_RECORDS = 22;

/** Reads CSV text piece by piece; see the module comment. */
export class CsvReader {
  readonly source: string;
  private carry = "";
  private nextLine = 1;
  private probe: CsvRecord[] = [];
  private builder: TableBuilder | undefined;
  private delimiter: Delimiter | undefined;
  layout: CsvLayout | undefined;

  constructor(private readonly options: CsvReadOptions = {}) {
    this.source = options.source ?? "input";
    this.delimiter = options.delimiter;
  }

  /** Adds a piece of text; records are complete once their line end (outside quotes) has come. */
  push(text: string): void {
    const all = this.carry === "" ? text : this.carry + text;
    const quoted = all.includes('"');
    const cut = quoted ? lastRecordEnd(all) : all.lastIndexOf("\n");
    if (cut < 0) {
      this.carry = all;
      return;
    }
    this.carry = all.slice(cut + 1);
    this.records(all.slice(0, cut + 1), quoted);
  }

  /** Reads what is left (the last line may lack a line end) and fixes the layout if not yet done. */
  end(): void {
    if (this.carry !== "") this.records(this.carry, this.carry.includes('"'));
    this.carry = "";
    if (!this.layout) this.fixLayout();
  }

  /** The rows read since the last take, as a table (the layout must be fixed: after end(), or once enough rows came). */
  take(): Table {
    if (!this.builder) throw new DataError(`${this.source}: no data read yet`);
    return this.builder.take();
  }

  /** Rows waiting to be taken. */
  get pending(): number {
    return this.builder?.rows ?? 0;
  }

  private records(text: string, quoted: boolean): void {
    this.delimiter ??= detectDelimiter(text);
    const firstLine = this.nextLine;
    if (this.builder?.plainNumbers && this.delimiter !== "whitespace" && !quoted && !this.options.onRecord) {
      // No quotes: every line is one record, and numbers go straight into the columns.
      const builder = this.builder;
      const delim = this.delimiter.charCodeAt(0);
      let line = firstLine;
      for (let start = 0; start < text.length; line++) {
        let end = text.indexOf("\n", start);
        if (end < 0) end = text.length;
        const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
        const record = text.slice(start, stop);
        start = end + 1;
        if (record.length === 0 || (record.charCodeAt(0) <= 32 && record.trim() === "")) continue;
        builder.addLine(record, line, delim);
      }
      this.nextLine = firstLine + countLines(text);
      return;
    }
    this.nextLine += countLines(text);
    for (const r of csvRecords(text, { delimiter: this.delimiter, source: this.source, firstLine })) {
      this.options.onRecord?.(r.fields, r.line);
      if (this.builder) this.builder.add(r.fields, r.line);
      else {
        this.probe.push(r);
        if (this.probe.length === PROBE_RECORDS) this.fixLayout();
      }
    }
  }

  private fixLayout(): void {
    const probe = this.probe;
    if (probe.length === 0) throw new DataError(`${this.source}: empty file`);
    const layout = detectLayout(probe.map((r) => r.fields), this.delimiter ?? ",", this.options, this.source);
    this.layout = layout;
    this.builder = new TableBuilder(layout.names, this.source, layout.hasHeader, this.options);
    const first = layout.hasHeader || layout.declared ? 1 : 0;
    if (probe.length === first) throw new DataError(`${this.source}: no data rows (only a header)`);
    for (let r = first; r < probe.length; r++) this.builder.add(probe[r]!.fields, probe[r]!.line);
    this.probe = [];
  }
}

/** The whole text as one table, with its layout. */
export function readTable(text: string, options: CsvReadOptions = {}): { table: Table; layout: CsvLayout } {
  const reader = new CsvReader(options);
  reader.push(text);
  reader.end();
  return { table: reader.take(), layout: reader.layout! };
}

/** Index of the last line feed outside quotes (a record boundary), or -1. */
function lastRecordEnd(text: string): number {
  let inQuotes = false;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) last = i;
  }
  return last;
}

function countLines(text: string): number {
  let count = 0;
  for (let p = text.indexOf("\n"); p >= 0; p = text.indexOf("\n", p + 1)) count++;
  return count;
}

/** Header, names and scikit-learn first line from the first records. */
function detectLayout(rows: string[][], delimiter: Delimiter, options: CsvReadOptions, source: string): CsvLayout {
  const header = options.header ?? "auto";
  const head = rows[0]!;
  const parse = numberParser(options);
  if (header !== false && isSklearnHeader(head, rows[1], parse)) {
    const width = rows[1]!.length;
    return {
      delimiter, hasHeader: false, names: Array.from({ length: width }, (_, j) => `column${j + 1}`),
      declared: { rows: Number(head[0]), classes: head.slice(2) },
    };
  }
  const hasHeader = header === true || (header === "auto" && looksLikeHeader(head, rows.slice(1), parse));
  if (hasHeader) {
    const names = head.map((c, j) => (c === "" ? `column${j + 1}` : c));
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) throw new DataError(`${source}: the header names column "${name}" twice`);
      seen.add(name);
    }
    return { delimiter, hasHeader, names };
  }
  return { delimiter, hasHeader, names: Array.from({ length: head.length }, (_, j) => `column${j + 1}`) };
}

/** `n,d,name…` where d is the number of features of the next row. */
function isSklearnHeader(head: string[], next: string[] | undefined, parse: (c: string) => number | null): boolean {
  if (head.length < 3 || next === undefined) return false;
  if (!/^\d+$/.test(head[0]!) || !/^\d+$/.test(head[1]!)) return false;
  if (Number(head[1]) !== next.length - 1) return false;
  return head.slice(2).every((c) => parse(c) === null);
}

/**
 * A header has text in some column where the data rows are all numbers; or, in a table of text
 * columns, its names are all text and none of them appears again in its column.
 */
export function looksLikeHeader(head: string[], probe: string[][], parse: (c: string) => number | null = numberParser()): boolean {
  if (probe.length === 0) return head.some((c) => parse(c) === null);
  const textOverNumbers = head.some(
    (c, j) => parse(c) === null && probe.every((row) => row[j] !== undefined && parse(row[j]!) !== null),
  );
  if (textOverNumbers) return true;
  return head.every((c, j) => c !== "" && parse(c) === null && probe.every((row) => row[j] !== c));
}
