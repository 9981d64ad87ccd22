/** `descent gradient EXPR|NAME [--hessian]`: the symbolic partial derivatives (and second partials), as a person would write them. */
import type { Command } from "commander";
import { differentiate, format, hessianOf } from "../../expr/index.js";
import { functionArg } from "../function-arg.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

export const registerGradient: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("gradient")
    .description("print the partial derivatives of a function (and its Hessian with --hessian)")
    .argument("<function>", "an expression or a built-in name")
    .option("--hessian", "also print the second partial derivatives ∂²f/∂u∂v")
    .option("--json", 'print {"x": "…", "y": "…"} (with --hessian: {"gradient": {…}, "hessian": {"x": {"x": "…", …}, …}}), each an expression the parser accepts')
    .addHelpText("after", `\nExamples:\n  descent gradient "6*x^2 + 9*y^2 - 12*x - 14*y + 3"\n  descent gradient rosenbrock --hessian`)
    .action((source: string, flags: { json?: boolean; hessian?: boolean }) => {
      const { fn } = functionArg(source);
      const vars = fn.variables;
      const parts = Object.fromEntries(vars.map((v) => [v, format(differentiate(fn.expr, v))]));
      if (!flags.hessian) {
        if (flags.json) io.stdout.write(JSON.stringify(parts) + "\n");
        else io.stdout.write(vars.map((v) => `∂f/∂${v} = ${parts[v]}\n`).join(""));
        return;
      }
      const h = hessianOf(fn.expr, vars).map((row) => row.map(format));
      const hessian = Object.fromEntries(vars.map((u, i) => [u, Object.fromEntries(vars.map((v, j) => [v, h[i]![j]!]))]));
      if (flags.json) {
        io.stdout.write(JSON.stringify({ gradient: parts, hessian }) + "\n");
        return;
      }
      const second = (i: number, j: number): string => (i === j ? `∂²f/∂${vars[i]}²` : `∂²f/∂${vars[i]}∂${vars[j]}`);
      const lines = vars.map((v) => `∂f/∂${v} = ${parts[v]}`);
      // The Hessian is symmetric: each mixed partial once.
      vars.forEach((_, i) => vars.forEach((__, j) => { if (j >= i) lines.push(`${second(i, j)} = ${h[i]![j]}`); }));
      io.stdout.write(lines.join("\n") + "\n");
    });
};
