/** Numbers as the page prints them: four significant digits, a true minus sign, exponents for extremes. */

/** `-0.216` → "−0.216"; 1.5e12 → "1.5e+12"; NaN → "NaN". */
export function formatNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "∞" : "−∞";
  const abs = Math.abs(v);
  const text = abs !== 0 && (abs >= 1e6 || abs < 1e-4) ? v.toExponential(digits - 1).replace(/\.?0+e/, "e") : String(Number(v.toPrecision(digits)));
  return text.replace(/^-/, "−");
}

/** A value for an input field: plain ASCII, round-trips through Number. */
export function inputNumber(v: number): string {
  return String(Number(v.toPrecision(6)));
}
