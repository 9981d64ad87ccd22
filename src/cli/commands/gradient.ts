/** `descent gradient EXPR|NAME`: the symbolic partial derivatives, as a person would write them. */
import type { Command } from "commander";
import { differentiate, format } from "../../expr/index.js";
import { functionArg } from "../function-arg.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

export const registerGradient: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("gradient")
    .description("print the partial derivatives of a function")
    .argument("<function>", "an expression or a built-in name")
    .option("--json", 'print {"x": "…", "y": "…"}, each an expression the parser accepts')
    .addHelpText("after", `\nExample:\n  descent gradient "6*x^2 + 9*y^2 - 12*x - 14*y + 3"`)
    .action((source: string, flags: { json?: boolean }) => {
      const { fn } = functionArg(source);
      const parts = Object.fromEntries(fn.variables.map((v) => [v, format(differentiate(fn.expr, v))]));
      if (flags.json) io.stdout.write(JSON.stringify(parts) + "\n");
      else io.stdout.write(fn.variables.map((v) => `∂f/∂${v} = ${parts[v]}\n`).join(""));
    });
};
