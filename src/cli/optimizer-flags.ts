/**
 * The optimizer flags shared by `minimize` and `compare`: --optimizer NAME[:k=v,…] with PyTorch's
 * option names, --schedule, --noise/--seed (a stochastic gradient) and --line-search.
 */
import type { Command } from "commander";
import { OptionError } from "../errors.js";
import { parseOptimizerChoice, RUN_OPTIMIZER_NAMES, type MinimizeOptions } from "../minimize/index.js";
import { makeSchedule, parseScheduleSpec } from "../optim/index.js";
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
    .option("--optimizer <spec>", `NAME[:key=value,…] with PyTorch's option names; NAME is one of ${RUN_OPTIMIZER_NAMES.join(", ")}`, "sgd")
    .option("--schedule <spec>", "learning-rate schedule NAME[:key=value,…] (step, cosine, onecycle, plateau, …)")
    .option("--noise <sigma>", "add Gaussian noise of this standard deviation to every gradient")
    .option("--seed <n>", "seed for the noise", "1")
    .option("--line-search <kind>", "armijo: backtracking step size for plain gradient descent");
}

export { parseOptimizerChoice };

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
