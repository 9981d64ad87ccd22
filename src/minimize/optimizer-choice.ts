/**
 * What a run's `optimizer` may be: a spec string (`"adam:lr=0.05"`), a `{ name, options }` object,
 * or a built `Optimizer`; L-BFGS (`"lbfgs:history_size=10"`) and Newton's methods are whole-run
 * methods, not update rules, so they are parsed here rather than by the optimizer registry.
 */
import { OptionError } from "../errors.js";
import { OPTIMIZER_NAMES, parseOptimizerSpec, splitSpec, type Optimizer, type Options } from "../optim/index.js";

/** An optimizer by name with options, e.g. `{ name: "adam", options: { lr: 0.05 } }`. */
export interface OptimizerChoice {
  name: string;
  options?: Options;
}

/** Whole-run methods: not update rules, so not in the optimizer registry. */
const WHOLE_RUN = ["lbfgs", "newton", "newton-cg"];
/** Every name a run accepts: the update rules, lbfgs and the Newton methods. */
export const RUN_OPTIMIZER_NAMES: readonly string[] = [...OPTIMIZER_NAMES, ...WHOLE_RUN];

const LBFGS_OPTIONS = ["lr", "history_size", "line_search"];

/** `lbfgs[:lr=1,history_size=100,line_search=strong_wolfe|none]`, checked option by option. */
function checkLbfgs(options: Options): void {
  for (const [k, v] of Object.entries(options)) {
    if (!LBFGS_OPTIONS.includes(k)) throw new OptionError(`unknown option "${k}" for lbfgs (valid: ${LBFGS_OPTIONS.join(", ")})`);
    if (k === "line_search" && v !== "strong_wolfe" && v !== "none") {
      throw new OptionError(`invalid line_search "${String(v)}" for lbfgs: must be strong_wolfe or none`);
    }
    if (k === "lr" && !(typeof v === "number" && v > 0 && Number.isFinite(v))) throw new OptionError(`invalid lr ${String(v)} for lbfgs: must be a number > 0`);
    if (k === "history_size" && !(typeof v === "number" && Number.isInteger(v) && v >= 1)) {
      throw new OptionError(`invalid history_size ${String(v)} for lbfgs: must be a whole number >= 1`);
    }
  }
}

/** `newton[:lr=1]` / `newton-cg[:lr=1]`: damped Newton (lr is the first step tried by the line search). */
function checkNewton(name: string, options: Options): void {
  for (const [k, v] of Object.entries(options)) {
    if (k !== "lr") throw new OptionError(`unknown option "${k}" for ${name} (valid: lr)`);
    if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) throw new OptionError(`invalid lr ${String(v)} for ${name}: must be a number > 0`);
  }
}

function checkWholeRun(name: string, options: Options): void {
  if (name === "lbfgs") checkLbfgs(options);
  else checkNewton(name, options);
}

/** Parses and validates a spec string; an unknown name lists every valid one, lbfgs included. */
export function parseOptimizerChoice(spec: string): OptimizerChoice {
  const parsed = splitSpec("optimizer", spec.trim());
  if (WHOLE_RUN.includes(parsed.name)) {
    checkWholeRun(parsed.name, parsed.options);
    return parsed;
  }
  if (!OPTIMIZER_NAMES.includes(parsed.name)) throw new OptionError(`unknown optimizer "${parsed.name}" (valid: ${RUN_OPTIMIZER_NAMES.join(", ")})`);
  return parseOptimizerSpec(spec.trim());
}

export function isOptimizer(o: unknown): o is Optimizer {
  return typeof o === "object" && o !== null && typeof (o as Optimizer).step === "function" && typeof (o as Optimizer).init === "function";
}

/**
 * A run's `optimizer` option as a choice or a built optimizer: a string is parsed, an object with
 * a `name` is validated, anything else is an OptionError that says what to pass.
 */
export function readOptimizerOption(value: unknown): OptimizerChoice | Optimizer | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return parseOptimizerChoice(value);
  if (isOptimizer(value)) return value;
  if (typeof value === "object" && value !== null && typeof (value as OptimizerChoice).name === "string") {
    const { name, options } = value as OptimizerChoice;
    if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options))) {
      throw new OptionError(`invalid optimizer options for "${name}": expected an object such as { lr: 0.05 }`);
    }
    if (WHOLE_RUN.includes(name)) checkWholeRun(name, options ?? {});
    else if (!OPTIMIZER_NAMES.includes(name)) throw new OptionError(`unknown optimizer "${name}" (valid: ${RUN_OPTIMIZER_NAMES.join(", ")})`);
    return options === undefined ? { name } : { name, options };
  }
  const what = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  throw new OptionError(`invalid optimizer option (${what}): pass a spec string such as "adam:lr=0.05", an object such as { name: "adam", options: { lr: 0.05 } }, or an optimizer from makeOptimizer`);
}
