/** Text output helpers: numbers as a person reads them, and aligned tables. */

/** Up to `digits` significant digits, no trailing zeros, exponent only when very large or small. */
export function num(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  // As many significant digits in exponent form as in plain form: 9.137e+10, not 9e+10.
  if (a >= 1e7 || a < 1e-5) return v.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, "e");
  return String(+v.toPrecision(digits));
}

export function point(p: readonly number[], digits = 6): string {
  return p.length === 1 ? num(p[0]!, digits) : `(${p.map((v) => num(v, digits)).join(", ")})`;
}

/** Columns right-aligned for numbers, left-aligned otherwise. */
export function table(columns: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? num(c) : c)));
  const widths = columns.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const numeric = columns.map((_, i) => rows.every((r) => typeof r[i] === "number" || /^[-+(0-9.]/.test(String(r[i] ?? ""))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(columns), line(widths.map((w) => "─".repeat(w))), ...cells.map(line)].join("\n") + "\n";
}
