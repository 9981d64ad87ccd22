import { OptionError } from "../errors.js";
import type { OptionValue, Options } from "./types.js";

/** A constraint on a numeric option, with the text shown when it is broken. */
export interface Rule {
  readonly text: string;
  test(v: number): boolean;
}

export const positive: Rule = { text: "must be > 0", test: (v) => v > 0 };
export const nonNegative: Rule = { text: "must be >= 0", test: (v) => v >= 0 };
export const unitInterval: Rule = { text: "must be in [0, 1)", test: (v) => v >= 0 && v < 1 };
export const closedUnit: Rule = { text: "must be in [0, 1]", test: (v) => v >= 0 && v <= 1 };
export const openUnit: Rule = { text: "must be in (0, 1)", test: (v) => v > 0 && v < 1 };
export const positiveInteger: Rule = { text: "must be an integer >= 1", test: (v) => Number.isInteger(v) && v >= 1 };
export const nonNegativeInteger: Rule = { text: "must be an integer >= 0", test: (v) => Number.isInteger(v) && v >= 0 };

/** One option: its kind, default (absent = required), constraint and one-line meaning. */
export type OptionDef =
  | { kind: "number"; default?: number; rule?: Rule; doc: string }
  | { kind: "boolean"; default: boolean; doc: string }
  | { kind: "enum"; values: readonly string[]; default: string; doc: string }
  | { kind: "list"; default?: readonly number[]; rule?: Rule; doc: string };

export type OptionDefs = Readonly<Record<string, OptionDef>>;

/** Resolved options: every declared option present, defaults filled in. */
export type Resolved = Record<string, OptionValue>;

function describe(v: unknown): string {
  return Array.isArray(v) ? v.join("/") : String(v);
}

/** Checks one value against its definition; throws an OptionError naming the rule it breaks. */
export function checkValue(owner: string, key: string, def: OptionDef, value: unknown): OptionValue {
  const bad = (why: string): never => {
    throw new OptionError(`invalid ${key} ${describe(value)} for ${owner}: ${why}`);
  };
  switch (def.kind) {
    case "boolean":
      if (typeof value !== "boolean") bad("must be true or false");
      return value as boolean;
    case "enum":
      if (typeof value !== "string" || !def.values.includes(value)) bad(`must be one of ${def.values.join(", ")}`);
      return value as string;
    case "number":
      if (typeof value !== "number" || Number.isNaN(value)) bad("must be a number");
      if (def.rule && !def.rule.test(value as number)) bad(def.rule.text);
      return value as number;
    case "list": {
      const list = typeof value === "number" ? [value] : value;
      if (!Array.isArray(list) || list.some((x) => typeof x !== "number" || Number.isNaN(x))) bad("must be a list of numbers");
      const nums = list as number[];
      if (def.rule && nums.some((x) => !def.rule!.test(x))) bad(`each entry ${def.rule.text}`);
      return nums.slice();
    }
  }
}

/**
 * Fills defaults and validates `given` against `defs`. Unknown keys are an error that lists the
 * valid ones; a missing required option names itself.
 */
export function resolveOptions(owner: string, defs: OptionDefs, given: Options = {}): Resolved {
  const valid = Object.keys(defs);
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(defs, key)) {
      throw new OptionError(`unknown option "${key}" for ${owner} (valid: ${valid.join(", ")})`);
    }
  }
  const out: Resolved = {};
  for (const key of valid) {
    const def = defs[key]!;
    const value = Object.hasOwn(given, key) ? given[key] : def.default;
    if (value === undefined) throw new OptionError(`${owner} needs option ${key} (${def.doc})`);
    out[key] = checkValue(owner, key, def, value);
  }
  return out;
}
