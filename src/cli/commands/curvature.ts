/** `descent curvature EXPR|NAME [--at x=…,y=…]`: the Hessian at a point and the learning rates it allows. */
import type { Command } from "commander";
import { curvatureFunction, type Curvature } from "../../curvature/index.js";
import { OptionError } from "../../errors.js";
import { startPoint } from "../../minimize/index.js";
import { parseNumber, parseStart } from "../args.js";
import { num, point } from "../../util/format.js";
import { functionArg } from "../function-arg.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface Flags {
  at?: string;
  momentum: string;
  json?: boolean;
}

export const registerCurvature: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("curvature")
    .description("the Hessian at a point: eigenvalues, L, condition number, the largest stable learning rates 2/L and 2(1+β)/L, and whether the point is a minimum, maximum, saddle or flat")
    .argument("<function>", "an expression or a built-in name")
    .option("--at <point>", "where, e.g. x=1,y=0.5 (default for a built-in: each known minimum)")
    .option("--momentum <beta>", "heavy-ball momentum β for the edge 2(1+β)/L", "0.9")
    .option("--json", "print one JSON object: the function and a record per point")
    .addHelpText(
      "after",
      `
Examples:
  descent curvature article-1d             # curvature 12 at x = 1: gradient descent diverges past 2/12
  descent curvature article-2d --json
  descent curvature saddle --at x=0,y=0
  descent curvature "x^4 - 2*x^2 + y^2" --at x=0.5,y=0`,
    )
    .action((source: string, flags: Flags) => {
      const f = functionArg(source);
      const momentum = parseNumber("--momentum", flags.momentum, "nonNegative");
      if (!(momentum < 1)) throw new OptionError(`invalid --momentum ${flags.momentum}: must be in [0, 1)`);
      const points = pointsFor(f.fn, flags.at);
      const curvature = curvatureFunction(f.fn.expr, f.fn.variables);
      const records = points.map((p) => curvature.at(p, { momentum }));
      if (flags.json) {
        io.stdout.write(JSON.stringify({ function: f.label, formula: f.fn.source, hessian: curvature.entries, points: records }) + "\n");
        return;
      }
      const head = `f = ${f.fn.source}${f.label !== f.fn.source ? `  (${f.label})` : ""}\nHessian entries: ${curvature.entries.map((row) => `[${row.join(", ")}]`).join(", ")}\n`;
      io.stdout.write(head + records.map(curvatureText).join(""));
    });
};

/** --at's point, or a built-in's known (differentiable) minima. */
function pointsFor(fn: ReturnType<typeof functionArg>["fn"], at: string | undefined): number[][] {
  if (at !== undefined) return [startPoint([...fn.variables], parseStart(at.replace(/^--at\s*/, "")))];
  const minima = fn.minima.filter((m) => m.differentiable !== false).map((m) => [...m.point]);
  if (minima.length === 0) {
    throw new OptionError(
      fn.name === undefined
        ? `curvature: say where with --at ${fn.variables.map((v) => `${v}=…`).join(",")}`
        : `curvature: ${fn.name} has no known minimum where it is twice differentiable; say where with --at ${fn.variables.map((v) => `${v}=…`).join(",")}`,
    );
  }
  return minima;
}

export function curvatureText(c: Curvature): string {
  const vars = c.variables.length === 1 ? c.variables[0]! : `(${c.variables.join(", ")})`;
  const what = c.stationary ? c.kind : `not a stationary point (|∇f| = ${num(Math.hypot(...c.gradient), 4)}); the surface curves like a ${c.kind} here`;
  const width = Math.max(...c.hessian.flat().map((v) => num(v).length));
  const rows = c.hessian.map((row) => "  " + row.map((v) => num(v).padStart(width)).join("  "));
  const eig = c.eigenvalues.map((l, k) => `${num(l)} along ${point(c.eigenvectors[k]!, 4)}`).join("; ");
  const edge = c.maxStableLearningRate === null
    ? "no largest stable learning rate: the largest eigenvalue is not positive (f does not curve up in any direction)"
    : `largest stable learning rate: 2/L = ${num(c.maxStableLearningRate)} for plain gradient descent; 2(1+β)/L = ${num(c.heavyBall.maxStableLearningRate!)} with heavy-ball momentum β = ${c.heavyBall.momentum}`;
  return [
    ``,
    `at ${vars} = ${point(c.point)}: ${what}, f = ${num(c.value)}`,
    `Hessian`,
    ...rows,
    `eigenvalues: ${eig}`,
    `L = ${num(c.L)}${c.conditionNumber !== null ? `, condition number L/μ = ${num(c.conditionNumber)}` : ""}`,
    edge,
    ``,
  ].join("\n");
}
