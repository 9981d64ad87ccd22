/** Options in force for one step, for every named optimizer (optimizer.ts). */
import { OptionError } from "../errors.js";
import { checkValue, nonNegative } from "./options.js";
import type { OptionDefs, Resolved } from "./options.js";
import type { Hyper, OptionValue } from "./types.js";

/** What option handling needs to know about a named optimizer. */
export interface OptionOwner {
  readonly name: string;
  readonly options: OptionDefs;
  /** Rules that involve several options; returns the broken rule's message. */
  check?(o: Resolved): string | undefined;
}

export function checkCombination(def: OptionOwner, o: Resolved): void {
  const broken = def.check?.(o);
  if (broken !== undefined) throw new OptionError(broken);
}

/**
 * Options for this step: construction values overridden by the hyper keys this optimizer knows
 * (`keys`, the option table's keys, listed once by the caller: no array per step).
 */
export function effectiveOptions(def: OptionOwner, base: Resolved, hyper: Hyper | undefined, keys: readonly string[] = Object.keys(def.options)): Resolved {
  if (hyper === undefined) return base;
  let merged: Record<string, OptionValue> | undefined;
  for (const key of keys) {
    const value = hyper[key];
    if (value === undefined || value === base[key]) continue;
    // A schedule may bring the learning rate to exactly 0, so mid-run lr only has to be >= 0.
    const optDef = key === "lr" ? { ...def.options[key]!, rule: nonNegative } : def.options[key]!;
    merged ??= { ...base };
    merged[key] = checkValue(def.name, key, optDef, value);
  }
  if (merged === undefined) return base;
  checkCombination(def, merged);
  return merged;
}
