/** `descent compare EXPR|NAME --start … --optimizers "sgd:lr=0.01; adam:lr=0.05"`: a race from one start. */
import type { Command } from "commander";
import { OptionError } from "../../errors.js";
import { minimize, nearest, type MinimizeResult } from "../../minimize/index.js";
import { parseInteger, parseNumber, parseStart } from "../args.js";
import { num, point, table } from "../../util/format.js";
import { functionArg, type FunctionArg } from "../function-arg.js";
import type { CliIO } from "../io.js";
import { readOptimizerFlags } from "../optimizer-flags.js";
import { maybePlotRun } from "../plots.js";
import type { RegisterCommand } from "./index.js";

interface Flags {
  start: string;
  optimizers: string;
  steps: string;
  tol: string;
  noise?: string;
  seed?: string;
  json?: boolean;
  plot?: string;
}

export const registerCompare: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("compare")
    .description("race several optimizers on one function from one start")
    .argument("<function>", "an expression or a built-in name")
    .requiredOption("--start <point>", "start point, e.g. x=-1.5,y=2")
    .option("--optimizers <specs>", "optimizer specs separated by ';': update rules (descent optimizers lists them), lbfgs, newton, newton-cg", "sgd:lr=0.01; momentum:lr=0.01; rmsprop:lr=0.01; adagrad:lr=0.5; adam:lr=0.05")
    .option("--steps <n>", "maximum number of updates per run", "1000")
    .option("--tol <t>", "stop once the gradient norm is below t (0 disables)", "1e-6")
    .option("--noise <sigma>", "Gaussian noise added to every gradient")
    .option("--seed <n>", "seed for the noise", "1")
    .option("--json", 'print {"runs": [{optimizer, status, steps, point, value, trajectory, values}, …]}')
    .option("--plot <file>", "draw the paths (or value per step) to FILE.svg or FILE.png")
    .addHelpText("after", `\nExample:\n  descent compare rosenbrock --start x=-1.5,y=2 --optimizers "sgd:lr=0.001; momentum:lr=0.001; adam:lr=0.05" --steps 5000 --plot race.png`)
    .action(async (source: string, flags: Flags) => {
      const f = functionArg(source);
      const start = parseStart(flags.start);
      const specs = flags.optimizers.split(";").map((s) => s.trim()).filter((s) => s !== "");
      if (specs.length === 0) throw new OptionError("--optimizers needs at least one optimizer spec");
      const steps = parseInteger("--steps", flags.steps);
      const tol = parseNumber("--tol", flags.tol, "nonNegative");
      const runs = specs.map((spec) => minimize(f.objective, start, { ...readOptimizerFlags({ noise: flags.noise, seed: flags.seed }, spec), steps, tol }));
      if (flags.plot !== undefined) await maybePlotRun(flags.plot, f, runs, io, true);
      if (flags.json) {
        io.stdout.write(JSON.stringify({ variables: f.fn.variables, runs: runs.map((r) => ({ optimizer: r.optimizer, status: r.status, steps: r.steps, point: r.point, value: r.value, distance: distanceToMinimum(f, r), reason: r.reason, trajectory: r.trajectory, values: r.values })) }) + "\n");
      } else io.stdout.write(compareText(f, runs, tol));
    });
};

/** Distance from the run's end to the nearest known minimum, or null when none is known. */
export function distanceToMinimum(f: FunctionArg, r: MinimizeResult): number | null {
  if (f.fn.minima.length === 0) return null;
  const i = nearest(r.point, f.fn.minima.map((m) => [...m.point]), Infinity);
  const m = f.fn.minima[i]!.point;
  return Math.hypot(...m.map((v, j) => v - r.point[j]!));
}

function compareText(f: FunctionArg, runs: MinimizeResult[], tol: number): string {
  const rows = runs.map((r) => [
    r.optimizer,
    r.status,
    r.status === "converged" ? String(r.steps) : `– (${r.steps})`,
    num(r.value),
    (() => {
      const d = distanceToMinimum(f, r);
      return d === null ? "–" : num(d, 3);
    })(),
    point(r.point, 5),
  ]);
  return `f = ${f.fn.source}${f.fn.name ? `  (${f.fn.name})` : ""}\n\n` + table(["optimizer", "status", `steps to |∇f| < ${num(tol)}`, "final f", "distance to nearest minimum", "end point"], rows);
}
