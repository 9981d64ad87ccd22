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
export interface NumberOption { readonly kind: "number"; readonly default?: number; readonly rule?: Rule; readonly doc: string }
export interface BooleanOption { readonly kind: "boolean"; readonly default: boolean; readonly doc: string }
export interface EnumOption<E extends string = string> { readonly kind: "enum"; readonly values: readonly E[]; readonly default: E; readonly doc: string }
export interface ListOption { readonly kind: "list"; readonly default?: readonly number[]; readonly rule?: Rule; readonly doc: string }
export type OptionDef = NumberOption | BooleanOption | EnumOption | ListOption;

export type OptionDefs = Readonly<Record<string, OptionDef>>;

/** The value one option resolves to: a number, a boolean, one of the enum's words, or a list. */
export type ValueOf<D extends OptionDef> = D extends NumberOption ? number
  : D extends BooleanOption ? boolean
  : D extends EnumOption<infer E> ? E
  : readonly number[];

/**
 * The resolved options of one table, typed key by key (`{ lr: number; amsgrad: boolean; … }`):
 * what an update rule or schedule reads, with no casts.
 */
export type ResolvedOf<D extends OptionDefs> = { readonly [K in keyof D]: ValueOf<D[K]> };

/**
 * Resolved options of a table not known statically: every declared option present, defaults
 * filled in. The machinery (makeOptimizer, makeSchedule) passes these to the rule that declared the
 * table, which reads them as its own `ResolvedOf`.
 */
export type Resolved = Readonly<Record<string, OptionValue>>;

/** Declares an option table, keeping each option's kind and enum words so `ResolvedOf` can type it. */
export const defineOptions = <const D extends OptionDefs>(defs: D): D => defs;

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
      return typeof value === "boolean" ? value : bad("must be true or false");
    case "enum":
      return typeof value === "string" && def.values.includes(value) ? value : bad(`must be one of ${def.values.join(", ")}`);
    case "number":
      if (typeof value !== "number" || Number.isNaN(value)) return bad("must be a number");
      return def.rule === undefined || def.rule.test(value) ? value : bad(def.rule.text);
    case "list": {
      const list: unknown = typeof value === "number" ? [value] : value;
      if (!Array.isArray(list)) return bad("must be a list of numbers");
      const nums: number[] = [];
      for (const x of list) {
        if (typeof x !== "number" || Number.isNaN(x)) return bad("must be a list of numbers");
        nums.push(x);
      }
      const rule = def.rule;
      return rule === undefined || nums.every((x) => rule.test(x)) ? nums : bad(`each entry ${rule.text}`);
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
  const out: Record<string, OptionValue> = {};
  for (const key of valid) {
    const def = defs[key]!;
    const value = Object.hasOwn(given, key) ? given[key] : def.default;
    if (value === undefined) throw new OptionError(`${owner} needs option ${key} (${def.doc})`);
    out[key] = checkValue(owner, key, def, value);
  }
  return out;
}
