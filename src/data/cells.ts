/**
 * How one cell of a data file is read: missing-value spellings, and numbers in a file's dialect
 * (decimal comma, thousands separators). Pure functions, shared by every reader.
 */
import { parseNumber } from "./numbers.js";

/** Spellings of a missing cell (compared without case): empty, NA, N/A, NaN, null, ?. */
export const MISSING_CELLS: readonly string[] = ["", "na", "n/a", "nan", "null", "?"];
const MISSING = new Set(MISSING_CELLS);

/** Whether a cell stands for a missing value. */
export function isMissingCell(cell: string): boolean {
  return cell.length <= 4 && MISSING.has(cell.toLowerCase());
}

export interface NumberDialect {
  /** The decimal mark. Default ".". */
  decimal?: "." | ",";
  /** A thousands separator to ignore ("1,234.5" with ","), also allowing a currency sign ("$179,200"). */
  thousands?: "," | "." | " " | "'";
}

/** A cell parser for the dialect: the finite number a cell holds, or null. */
export function numberParser(dialect: NumberDialect = {}): (cell: string) => number | null {
  const decimal = dialect.decimal ?? ".";
  const thousands = dialect.thousands;
  if (decimal === "." && thousands === undefined) return parseNumber;
  return (cell) => {
    let s = cell;
    if (thousands !== undefined) {
      s = s.replace(CURRENCY, "");
      s = s.split(thousands).join("");
    }
    if (decimal === ",") {
      if (s.includes(".")) return null;
      s = s.replace(",", ".");
    }
    return parseNumber(s);
  };
}

const CURRENCY = /^[$€£¥]\s?|\s?[$€£¥]$/g;

/** Cells like "3,5" or "-0,25": a decimal comma. */
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
/** Cells like "1.026,56" or "12.345.678,9". */
const EUROPEAN = /^[+-]?\d{1,3}(\.\d{3})+,\d+$/;
/** Cells like "179,200", "$1,250.50" or "1.250.000": thousands separators. */
const THOUSANDS = /^[$€£¥]?\s?[+-]?\d{1,3}([,.' ]\d{3})+(\.\d+|,\d+)?\s?[$€£¥]?$/;

/**
 * What a column of text cells that should have been numbers looks like, as a hint naming the
 * option to use, or undefined when it does not look numeric at all. "3,25" can only be a decimal
 * comma; "$179,200" or "1,234,567" only thousands; "179,200" could be either.
 */
export function numericLookHint(cells: Iterable<string>): string | undefined {
  let total = 0;
  let decimal = 0;
  let thousands = 0;
  let europeanCells = 0;
  const separators = new Map<string, number>();
  for (const c of cells) {
    if (isMissingCell(c) || parseNumber(c) !== null) continue;
    total++;
    // "1.026,56": a point between thousands and a decimal comma, as European spreadsheets write.
    const european = EUROPEAN.test(c);
    if (european) europeanCells++;
    const d = DECIMAL_COMMA.test(c) || european;
    const t = THOUSANDS.test(c) && !european;
    if (!d && !t) return undefined;
    if (d && !t) decimal++;
    if (t && !d) thousands++;
    if (t) {
      const sep = /\d([,.' ])\d{3}/.exec(c)?.[1];
      if (sep) separators.set(sep, (separators.get(sep) ?? 0) + 1);
    }
    if (total >= 500) break;
  }
  if (total === 0) return undefined;
  const sep = [...separators].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ",";
  const flag = `--thousands ${sep === " " ? "space" : sep === "'" ? "\"'\"" : sep}`;
  if (decimal > 0 && thousands === 0) return `they look like numbers with decimal commas: add --decimal ,${europeanCells > 0 ? " --thousands ." : ""}`;
  if (thousands > 0 && decimal === 0) return `they look like numbers with thousands separators: add ${flag}${sep === "." ? " (with --decimal ,)" : ""}`;
  return "they look like numbers: add --decimal , (decimal commas) or --thousands , (thousands separators)";
}
