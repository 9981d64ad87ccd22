import { OptionError } from "../errors.js";
import { adadelta, adagrad, rmsprop } from "./kernels/adaptive.js";
import { adam, adamax, adamw, nadam, radam } from "./kernels/adam.js";
import { momentum, nesterov, sgd } from "./kernels/sgd.js";
import { lion } from "./lion.js";
import { muon } from "./muon.js";
import type { OptionDefs } from "./options.js";
import { prodigy } from "./prodigy.js";
import { adamwScheduleFree, sgdScheduleFree } from "./schedule-free.js";
import type { UpdateRule } from "./rule.js";

const DEFS: readonly UpdateRule[] = [
  sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, adamax, nadam, radam, adadelta,
  lion, sgdScheduleFree, adamwScheduleFree, muon, prodigy,
];

/** The names `makeOptimizer` accepts, in listing order. */
export const OPTIMIZER_NAMES: readonly string[] = DEFS.map((d) => d.name);

/** The definition of a named optimizer; an unknown name lists the valid ones. */
export function optimizerDef(name: string): UpdateRule {
  const def = DEFS.find((d) => d.name === name);
  if (!def) throw new OptionError(`unknown optimizer "${name}" (valid: ${OPTIMIZER_NAMES.join(", ")})`);
  return def;
}

/**
 * Whether optimizer `name` estimates its own step size (Prodigy): a caller's default learning rate
 * (minimize's 0.01, the playground's slider) must not replace its lr of 1.
 */
export function isLearningRateFree(name: string): boolean {
  return optimizerDef(name).learningRateFree === true;
}

/** One option as `listOptimizers` and `listSchedules` describe it. */
export interface OptionInfo {
  name: string;
  kind: string;
  default: unknown;
  constraint?: string;
  doc: string;
}

/** Describes option definitions for listings (CLI help, docs). */
export function describeOptions(defs: OptionDefs): OptionInfo[] {
  return Object.entries(defs).map(([name, def]) => {
    const info: OptionInfo = { name, kind: def.kind, default: def.default, doc: def.doc };
    if ((def.kind === "number" || def.kind === "list") && def.rule) info.constraint = def.rule.text;
    if (def.kind === "enum") info.constraint = `one of ${def.values.join(", ")}`;
    return info;
  });
}

/** Every named optimizer with its options, defaults and one-line update rule. */
export function listOptimizers(): { name: string; rule: string; options: OptionInfo[] }[] {
  return DEFS.map((d) => ({ name: d.name, rule: d.rule, options: describeOptions(d.options) }));
}
