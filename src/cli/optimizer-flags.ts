/**
 * The optimizer flags shared by `minimize` and `compare`: --optimizer NAME[:k=v,…] with PyTorch's
 * option names, --schedule, --noise/--seed (a stochastic gradient) and --line-search.
 */
import type { Command } from "commander";
import { OptionError } from "../errors.js";
import type { MinimizeOptions, OptimizerChoice } from "../minimize/index.js";
import { makeSchedule, OPTIMIZER_NAMES, parseOptimizerSpec, parseScheduleSpec, splitSpec } from "../optim/index.js";
import { parseInteger, parseNumber } from "./args.js";

export interface OptimizerFlagValues {
  lr?: string;
  optimizer?: string;
  schedule?: string;
  noise?: string;
  seed?: string;
  lineSearch?: string;
}

export function optimizerFlags(cmd: Command): Command {
  return cmd
    .option("--optimizer <spec>", `NAME[:key=value,…] with PyTorch's option names; NAME is one of ${[...OPTIMIZER_NAMES, "lbfgs", "newton", "newton-cg"].join(", ")}`, "sgd")
    .option("--schedule <spec>", "learning-rate schedule NAME[:key=value,…] (step, cosine, onecycle, plateau, …)")
    .option("--noise <sigma>", "add Gaussian noise of this standard deviation to every gradient")
    .option("--seed <n>", "seed for the noise", "1")
    .option("--line-search <kind>", "armijo: backtracking step size for plain gradient descent");
}

/** `lbfgs[:lr=1,history_size=100,line_search=strong_wolfe|none]`, which is not a transformation. */
function parseLbfgsSpec(spec: string): OptimizerChoice {
  const { options } = splitSpec("optimizer", spec);
  const valid = ["lr", "history_size", "line_search"];
  for (const [k, v] of Object.entries(options)) {
    if (!valid.includes(k)) throw new OptionError(`unknown option "${k}" for lbfgs (valid: ${valid.join(", ")})`);
    if (k === "line_search" && v !== "strong_wolfe" && v !== "none") {
      throw new OptionError(`invalid line_search "${String(v)}" for lbfgs: must be strong_wolfe or none`);
    }
    if (k === "lr") parseNumber("lr", String(v), "positive");
    if (k === "history_size") parseInteger("history_size", String(v), 1);
  }
  return { name: "lbfgs", options };
}

/** `newton[:lr=1]` / `newton-cg[:lr=1]`: damped Newton (lr is the first step tried by the line search). */
function parseNewtonSpec(name: "newton" | "newton-cg", spec: string): OptimizerChoice {
  const { options } = splitSpec("optimizer", spec);
  for (const [k, v] of Object.entries(options)) {
    if (k !== "lr") throw new OptionError(`unknown option "${k}" for ${name} (valid: lr)`);
    parseNumber("lr", String(v), "positive");
  }
  return { name, options };
}

export function parseOptimizerChoice(spec: string): OptimizerChoice {
  const trimmed = spec.trim();
  if (trimmed === "lbfgs" || trimmed.startsWith("lbfgs:")) return parseLbfgsSpec(trimmed);
  for (const name of ["newton", "newton-cg"] as const) {
    if (trimmed === name || trimmed.startsWith(`${name}:`)) return parseNewtonSpec(name, trimmed);
  }
  return parseOptimizerSpec(trimmed);
}

/** The minimize options these flags set; --lr wins over the spec's lr. */
export function readOptimizerFlags(flags: OptimizerFlagValues, spec = flags.optimizer ?? "sgd"): MinimizeOptions {
  const optimizer = parseOptimizerChoice(spec);
  const lr = flags.lr === undefined ? undefined : parseNumber("--lr", flags.lr, "positive");
  const out: MinimizeOptions = { optimizer };
  if (lr !== undefined) out.lr = lr;
  if (flags.schedule !== undefined) {
    const s = parseScheduleSpec(flags.schedule);
    const base = lr ?? (typeof optimizer.options?.lr === "number" ? optimizer.options.lr : 0.01);
    out.schedule = makeSchedule(s.name, s.options, base);
  }
  if (flags.noise !== undefined) out.noise = parseNumber("--noise", flags.noise, "nonNegative");
  if (flags.seed !== undefined) out.seed = parseInteger("--seed", flags.seed);
  if (flags.lineSearch !== undefined) {
    if (flags.lineSearch !== "armijo" && flags.lineSearch !== "none") throw new OptionError(`invalid --line-search "${flags.lineSearch}": must be armijo or none`);
    out.lineSearch = flags.lineSearch;
  }
  return out;
}
