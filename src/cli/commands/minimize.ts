/** `descent minimize EXPR|NAME --start … --lr … --steps …`: the article's iterate table. */
import type { Command } from "commander";
import { minimize, type MinimizeResult } from "../../minimize/index.js";
import { parseInteger, parseNumber, parseStart } from "../args.js";
import { num, point, table } from "../../util/format.js";
import { functionArg } from "../function-arg.js";
import type { CliIO } from "../io.js";
import { optimizerFlags, readOptimizerFlags, type OptimizerFlagValues } from "../optimizer-flags.js";
import { maybePlotRun } from "../plots.js";
import type { RegisterCommand } from "./index.js";

interface Flags extends OptimizerFlagValues {
  start: string;
  steps: string;
  tol?: string;
  json?: boolean;
  all?: boolean;
  plot?: string;
}

export const registerMinimize: RegisterCommand = (program: Command, io: CliIO) => {
  const cmd = program
    .command("minimize")
    .description("run gradient descent on a function and print every step")
    .argument("<function>", 'an expression such as "6x^2 - 12x + 3", or a name from `descent functions`')
    .requiredOption("--start <point>", "start point, e.g. x=-0.9 or x=-0.5,y=2")
    .option("--lr <eta>", "learning rate η (default 0.01, or the optimizer's)")
    .option("--steps <n>", "maximum number of updates", "1000")
    .option("--tol <t>", "stop once the gradient norm is below t (0 disables)", "1e-6");
  optimizerFlags(cmd)
    .option("--json", "print one JSON object instead of the table")
    .option("--all", "print every step (default: the first 10 and the last 5)")
    .option("--plot <file>", "draw the run to FILE.svg or FILE.png")
    .addHelpText(
      "after",
      `
Examples:
  descent minimize article-1d --start x=-0.9 --lr 0.03 --steps 50
  descent minimize "6*x^2 + 9*y^2 - 12*x - 14*y + 3" --start x=-0.5,y=2 --lr 0.03 --json
  descent minimize rosenbrock --start x=-1.5,y=2 --optimizer adam:lr=0.05 --steps 5000 --plot rosen.svg`,
    )
    .action(async (source: string, flags: Flags) => {
      const f = functionArg(source);
      const run = minimize(f.objective, parseStart(flags.start), {
        ...readOptimizerFlags(flags),
        steps: parseInteger("--steps", flags.steps),
        tol: flags.tol === undefined ? undefined : parseNumber("--tol", flags.tol, "nonNegative"),
      });
      if (flags.plot !== undefined) await maybePlotRun(flags.plot, f, [run], io);
      if (flags.json) io.stdout.write(JSON.stringify(runJson(run)) + "\n");
      else io.stdout.write(runText(run, f.label, f.fn.source, flags.all === true));
    });
};

export function runJson(run: MinimizeResult): object {
  return {
    status: run.status,
    variables: run.variables,
    point: run.point,
    value: run.value,
    gradNorm: run.gradNorm,
    steps: run.steps,
    reason: run.reason,
    ...(run.kind !== undefined ? { kind: run.kind } : {}),
    optimizer: run.optimizer,
    trajectory: run.trajectory,
    values: run.values,
  };
}

/** The iterate table: step, point, value, gradient norm; then the outcome. */
export function runText(run: MinimizeResult, label: string, source: string, all: boolean): string {
  const rows: (string | number)[][] = [];
  const n = run.trajectory.length;
  const shown = all || n <= 16 ? [...Array(n).keys()] : [...Array(10).keys(), -1, n - 5, n - 4, n - 3, n - 2, n - 1];
  for (const k of shown) {
    if (k === -1) rows.push(["…", "…", "…", "…"]);
    else rows.push([k, point(run.trajectory[k]!), run.values[k]!, run.gradNorms[k]!]);
  }
  const vars = run.variables.length === 1 ? run.variables[0]! : `(${run.variables.join(", ")})`;
  const head = `f = ${source}${label !== source ? `  (${label})` : ""}\noptimizer ${run.optimizer}\n\n`;
  // A divergence's reason already starts "diverged at step k".
  const status = run.status === "diverged" ? "" : `${run.status}${run.kind !== undefined ? ` (${run.kind})` : ""}: `;
  const outcome = `\n${status}${run.reason}\n${vars} = ${point(run.point, 10)}, f = ${num(run.value, 10)}, |∇f| = ${num(run.gradNorm, 4)}\n`;
  return head + table(["step", vars, "f", "|∇f|"], rows) + outcome;
}
