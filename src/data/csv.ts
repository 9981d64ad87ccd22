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

/**
 * Parses delimited text per RFC 4180: fields may be quoted, `""` inside quotes is one quote, and
 * quoted fields may hold delimiters and newlines. Accepts LF and CRLF; blank lines are skipped.
 * Unquoted fields are trimmed of surrounding spaces.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const source = options.source ?? "input";
  const delimiter = options.delimiter ?? detectDelimiter(text);
  if (delimiter === "whitespace") return parseWhitespace(text);
  const records: string[][] = [];
  const lines: number[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false; // the current field started with a quote
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = (): void => {
    fields.push(quoted ? field : field.trim());
    const blank = fields.length === 1 && fields[0] === "" && !quoted;
    if (!blank) {
      records.push(fields);
      lines.push(recordLine);
    }
    fields = [];
    field = "";
    quoted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field.trim() === "" && !quoted) {
      // An opening quote: read up to the closing one.
      quoted = true;
      field = "";
      const openLine = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new DataError(`${source}: row ${openLine} has an unterminated quoted field`);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === "\n") line++;
        field += q;
        i++;
      }
      // Only spaces may follow a closing quote before the delimiter or line end.
      while (i < text.length && (text[i] === " " || (text[i] === "\t" && delimiter !== "\t"))) i++;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r") {
        throw new DataError(`${source}: row ${line}: unexpected ${JSON.stringify(next)} after a closing quote`);
      }
      continue;
    }
    if (c === delimiter) {
      fields.push(quoted ? field : field.trim());
      field = "";
      quoted = false;
      i++;
    } else if (c === "\n" || c === "\r") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      if (quoted) throw new DataError(`${source}: row ${line}: unexpected ${JSON.stringify(c)} after a closing quote`);
      field += c;
      i++;
    }
  }
  if (field !== "" || fields.length > 0 || quoted) endRecord();
  return { records, lines, delimiter };
}

function parseWhitespace(text: string): CsvTable {
  const records: string[][] = [];
  const lines: number[] = [];
  const rows = text.split(/\r?\n/);
  for (let k = 0; k < rows.length; k++) {
    const trimmed = rows[k]!.trim();
    if (trimmed === "") continue;
    records.push(trimmed.split(/[ \t]+/));
    lines.push(k + 1);
  }
  return { records, lines, delimiter: "whitespace" };
}
