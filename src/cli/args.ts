/** Parsing the values of CLI options into checked numbers and points, with one-line errors. */
import { OptionError } from "../errors.js";

/** A finite number, checked against a rule that the message names. */
export function parseNumber(option: string, raw: string, rule: "positive" | "nonNegative" | "any" = "any"): number {
  const v = raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new OptionError(`invalid ${option} "${raw}": not a number`);
  if (rule === "positive" && !(v > 0)) throw new OptionError(`invalid ${option} ${raw}: must be > 0`);
  if (rule === "nonNegative" && !(v >= 0)) throw new OptionError(`invalid ${option} ${raw}: must be >= 0`);
  return v;
}

/** A whole number >= min. */
export function parseInteger(option: string, raw: string, min = 0): number {
  const v = parseNumber(option, raw);
  if (!Number.isInteger(v) || v < min) throw new OptionError(`invalid ${option} ${raw}: must be a whole number >= ${min}`);
  return v;
}

/**
 * A start point: `x=-0.9,y=2` (by name) or `-0.9,2` (in variable order). Names are checked
 * against the function's variables by `minimize`.
 */
export function parseStart(raw: string): number[] | Record<string, number> {
  const parts = raw.split(",").map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === "")) throw new OptionError(`invalid --start "${raw}": expected x=NUMBER[,y=NUMBER…]`);
  if (parts.every((p) => !p.includes("="))) return parts.map((p) => parseNumber("--start", p));
  const point: Record<string, number> = {};
  for (const p of parts) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new OptionError(`invalid --start "${raw}": "${p}" should be NAME=NUMBER`);
    const name = p.slice(0, eq).trim();
    const value = p.slice(eq + 1).trim();
    const v = Number(value);
    if (value === "" || !Number.isFinite(v)) throw new OptionError(`invalid --start: ${name}=${value} is not a number`);
    point[name] = v;
  }
  return point;
}

/** Several starts separated by ';' (`-0.5,2; 2.5,-1`). */
export function parseStarts(raw: string): (number[] | Record<string, number>)[] {
  return raw
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(parseStart);
}
