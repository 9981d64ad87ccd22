import { OptionError } from "../errors.js";
import { makeOptimizer } from "./optimizer.js";
import { resolveOptions } from "./options.js";
import { scheduleDef } from "./schedules.js";
import type { OptionValue, Options } from "./types.js";

/** A parsed spec string: a name and the options written after it. */
export interface Spec {
  name: string;
  options: Options;
}

/** "true"/"false" → boolean, "30/80" → list, numbers → number, anything else stays a word (enums). */
function parseValue(text: string): OptionValue {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text.includes("/")) return text.split("/").map((part) => (part.trim() === "" ? NaN : Number(part)));
  const n = Number(text);
  return text.trim() !== "" && !Number.isNaN(n) ? n : text;
}

/** Splits `name:key=value,key=value` without validating names; errors name the spec and the piece. */
export function splitSpec(kind: string, spec: string): Spec {
  const colon = spec.indexOf(":");
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  if (name === "") throw new OptionError(`empty ${kind} name in "${spec}"`);
  const options: Options = {};
  if (colon < 0) return { name, options };
  for (const piece of spec.slice(colon + 1).split(",")) {
    if (piece.trim() === "") continue;
    const eq = piece.indexOf("=");
    const key = eq < 0 ? "" : piece.slice(0, eq).trim();
    const text = eq < 0 ? "" : piece.slice(eq + 1).trim();
    if (key === "" || text === "") throw new OptionError(`cannot parse ${kind} spec "${spec}": expected key=value at "${piece}"`);
    if (Object.hasOwn(options, key)) throw new OptionError(`option "${key}" given twice in ${kind} spec "${spec}"`);
    options[key] = parseValue(text);
  }
  return { name, options };
}

/**
 * Parses "adam:lr=0.05,beta1=0.9,amsgrad=true" into `{ name, options }` (PyTorch option names,
 * beta1/beta2 for betas) and validates it: unknown names and options list the valid ones.
 */
export function parseOptimizerSpec(spec: string): Spec {
  const parsed = splitSpec("optimizer", spec);
  makeOptimizer(parsed.name, parsed.options); // validates names, values and combinations
  return parsed;
}

/** Parses "cosine:t_max=100,eta_min=0.001" (lists as "30/80", enums as words) and validates it. */
export function parseScheduleSpec(spec: string): Spec {
  const parsed = splitSpec("schedule", spec);
  const def = scheduleDef(parsed.name);
  resolveOptions(`${def.name} schedule`, def.options, parsed.options);
  return parsed;
}

/** The inverse of the parsers: `{ name: "adam", options: { lr: 0.05 } }` → "adam:lr=0.05". */
export function formatSpec(spec: Spec): string {
  const pairs = Object.entries(spec.options).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("/") : String(v)}`);
  return pairs.length === 0 ? spec.name : `${spec.name}:${pairs.join(",")}`;
}

export const formatOptimizerSpec = formatSpec;
export const formatScheduleSpec = formatSpec;
