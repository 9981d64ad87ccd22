/** `descent functions`: the built-in functions with formula, plotting domain and known minima. */
import type { Command } from "commander";
import { NAMED_FUNCTIONS } from "../../expr/index.js";
import { num, point } from "../../util/format.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

export const registerFunctions: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("functions")
    .description("list the built-in functions, usable wherever an expression is")
    .option("--json", "print a JSON array")
    .action((flags: { json?: boolean }) => {
      if (flags.json) {
        io.stdout.write(JSON.stringify(NAMED_FUNCTIONS.map((f) => ({ name: f.name, formula: f.formula, variables: f.variables, domain: f.domain, minima: f.minima, description: f.description }))) + "\n");
        return;
      }
      for (const f of NAMED_FUNCTIONS) {
        const domain = f.variables.map((v, i) => `${v} ∈ [${f.domain[i]!.join(", ")}]`).join(", ");
        const minima = f.minima.length === 0 ? "none" : f.minima.map((m) => `${m.kind} ${point(m.point)} f=${num(m.value)}`).join("; ");
        io.stdout.write(`${f.name}\n  f = ${f.formula}\n  ${f.description}\n  domain: ${domain}\n  minima: ${minima}\n\n`);
      }
    });
};
