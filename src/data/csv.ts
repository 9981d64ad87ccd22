import { DataError } from "../errors.js";

/** A field separator; "whitespace" splits on runs of spaces and tabs. */
export type Delimiter = "," | ";" | "\t" | "whitespace";

export interface CsvTable {
  /** Records with their fields, blank lines left out. */
  records: string[][];
  /** For each record, the 1-based line in the text where it starts (for error messages). */
  lines: number[];
  delimiter: Delimiter;
}

export interface ParseCsvOptions {
  /** Default: guessed from the first non-blank line. */
  delimiter?: Delimiter;
  /** Names the text in error messages (a file name). */
  source?: string;
  /** The 1-based line number of the text's first line (when it is a piece of a file). Default 1. */
  firstLine?: number;
}

/**
 * Guesses the separator from the first non-blank line, outside quotes: the most frequent of comma,
 * semicolon and tab, or whitespace when none occurs.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let inQuotes = false;
  let seenContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === "\n" || c === "\r")) {
      if (seenContent) break;
    } else if (!inQuotes && (c === "," || c === ";" || c === "\t")) counts[c] += 1;
    if (c.trim() !== "") seenContent = true;
  }
  let best: Delimiter = "whitespace";
  let bestCount = 0;
  for (const d of [",", ";", "\t"] as const) {
    if (counts[d] > bestCount) {
      best = d;
      bestCount = counts[d];
    }
  }
  return best;
}

/** One record and the 1-based line where it starts. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Parses delimited text per RFC 4180: fields may be quoted, `""` inside quotes is one quote, and
 * quoted fields may hold delimiters and newlines. Accepts LF and CRLF; blank lines are skipped.
 * Unquoted fields are trimmed of surrounding spaces.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const records: string[][] = [];
  const lines: number[] = [];
  for (const r of csvRecords(text, { ...options, delimiter })) {
    records.push(r.fields);
    lines.push(r.line);
  }
  return { records, lines, delimiter };
}

/**
 * The records of delimited text one at a time (same rules as `parseCsv`), so a caller can turn
 * them into numbers without holding every row's strings at once.
 */
export function* csvRecords(text: string, options: ParseCsvOptions = {}): Generator<CsvRecord> {
  const source = options.source ?? "input";
  const delimiter = options.delimiter ?? detectDelimiter(text);
  if (delimiter === "whitespace") {
    yield* whitespaceRecords(text, options.firstLine ?? 1);
    return;
  }
  const delim = delimiter.charCodeAt(0);
  const len = text.length;
  let i = 0;
  let line = options.firstLine ?? 1;
  for (;;) {
    const recordLine = line;
    const fields: string[] = [];
    let anyQuoted = false;
    for (;;) {
      let j = i;
      while (j < len && text.charCodeAt(j) === SPACE) j++;
      if (j < len && text.charCodeAt(j) === QUOTE) {
        // A quoted field: chunks up to each quote, `""` standing for one quote.
        anyQuoted = true;
        const openLine = line;
        let value = "";
        let k = j + 1;
        for (;;) {
          const q = text.indexOf('"', k);
          if (q < 0) throw new DataError(`${source}: row ${openLine} has an unterminated quoted field`);
          const chunk = text.slice(k, q);
          line += countNewlines(chunk);
          value += chunk;
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            k = q + 2;
          } else {
            k = q + 1;
            break;
          }
        }
        while (k < len && text.charCodeAt(k) === SPACE) k++;
        if (k < len && !isFieldEnd(text.charCodeAt(k), delim)) {
          throw new DataError(`${source}: row ${line}: unexpected ${JSON.stringify(text[k])} after a closing quote`);
        }
        fields.push(value);
        i = k;
      } else {
        let k = i;
        while (k < len && !isFieldEnd(text.charCodeAt(k), delim)) k++;
        fields.push(text.slice(i, k).trim());
        i = k;
      }
      if (i < len && text.charCodeAt(i) === delim) {
        i++;
        continue;
      }
      break;
    }
    const blank = fields.length === 1 && fields[0] === "" && !anyQuoted;
    if (!blank) yield { fields, line: recordLine };
    if (i >= len) break;
    i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
  }
}

const SPACE = 32;
const QUOTE = 34;
const LF = 10;
const CR = 13;

function isFieldEnd(c: number, delim: number): boolean {
  return c === delim || c === LF || c === CR;
}

function countNewlines(s: string): number {
  let count = 0;
  for (let p = s.indexOf("\n"); p >= 0; p = s.indexOf("\n", p + 1)) count++;
  return count;
}

/** Whitespace-separated text (as numpy.savetxt writes): fields have no quoting. */
function* whitespaceRecords(text: string, firstLine: number): Generator<CsvRecord> {
  let line = firstLine;
  for (let start = 0; start <= text.length; line++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const trimmed = text.slice(start, end).trim();
    if (trimmed !== "") yield { fields: trimmed.split(/[ \t]+/), line };
    start = end + 1;
  }
}
