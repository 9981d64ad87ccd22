/**
 * The hot path of streaming: a data line of plain decimal numbers (no quotes, no spaces, the
 * delimiter a single character) parsed in one scan without splitting or regular expressions.
 * It accepts exactly the in-memory loader's number syntax; anything else (quotes, spaces, text,
 * a wrong field count) returns undefined and the caller takes the general path, which also
 * produces the error message.
 */

const PLUS = 43, MINUS = 45, DOT = 46, ZERO = 48, NINE = 57, LOWER_E = 101, UPPER_E = 69;

/** Whether s[i, end) is a decimal number in the loader's syntax (sign, digits, point, exponent). */
function decimalEnd(s: string, i: number, end: number): boolean {
  let c = s.charCodeAt(i);
  if (c === PLUS || c === MINUS) c = s.charCodeAt(++i);
  let digits = 0;
  while (i < end && (c = s.charCodeAt(i)) >= ZERO && c <= NINE) { i++; digits++; }
  if (i < end && s.charCodeAt(i) === DOT) {
    i++;
    while (i < end && (c = s.charCodeAt(i)) >= ZERO && c <= NINE) { i++; digits++; }
  }
  if (digits === 0) return false;
  if (i < end && ((c = s.charCodeAt(i)) === LOWER_E || c === UPPER_E)) {
    i++;
    c = s.charCodeAt(i);
    if (c === PLUS || c === MINUS) i++;
    let exp = 0;
    while (i < end && (c = s.charCodeAt(i)) >= ZERO && c <= NINE) { i++; exp++; }
    if (exp === 0) return false;
  }
  return i === end;
}

/**
 * Parses `line` (exactly `width` fields separated by `delim`) into `out` from `offset`, skipping
 * column `target`, whose raw text is returned; undefined when the line needs the general parser.
 */
export function parseFastRow(line: string, delim: number, width: number, target: number, out: Float32Array | Float64Array, offset: number): string | undefined {
  let start = 0;
  let k = offset;
  let targetCell: string | undefined;
  const separator = String.fromCharCode(delim);
  for (let j = 0; j < width; j++) {
    let end = line.indexOf(separator, start);
    if (end < 0) {
      if (j !== width - 1) return undefined;
      end = line.length;
    } else if (j === width - 1) return undefined;
    if (j === target) targetCell = line.slice(start, end);
    else {
      if (end === start || !decimalEnd(line, start, end)) return undefined;
      const v = +line.slice(start, end);
      if (!Number.isFinite(v)) return undefined;
      out[k++] = v;
    }
    start = end + 1;
  }
  if (targetCell === undefined || targetCell.includes('"') || targetCell !== targetCell.trim()) return undefined;
  return targetCell;
}
