/** Strict decimal number syntax for data cells (no hex, no empty string, no "Infinity"). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** The cell's value, or null when it is not a finite decimal number. */
export function parseNumber(cell: string): number | null {
  if (!DECIMAL.test(cell)) return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}

/** Whether the cell spells NaN or an infinity (which data files must not hold). */
export function isNonFiniteWord(cell: string): boolean {
  return NON_FINITE.test(cell);
}

/** Whether the cell has decimal number syntax (its value may still overflow to Infinity). */
export function isDecimal(cell: string): boolean {
  return DECIMAL.test(cell);
}
