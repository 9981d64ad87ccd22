/**
 * The `descent` command line. Each command lives in its own module under ./commands and registers
 * itself on the program; this file only wires IO and turns user errors into one line and exit 2.
 */
import { Command, CommanderError } from "commander";
import { isDescentError } from "../errors.js";
import { type CliIO, processIO } from "./io.js";
import { commands } from "./commands/index.js";
import { dashOperandsLast } from "./dash-operands.js";

/** A command's action finishes with an exit code (0 unless told otherwise). */
export type ExitCode = number;

export function buildProgram(io: CliIO, setExit: (code: ExitCode) => void): Command {
  const program = new Command("descent")
    .description("Gradient descent you can see: minimize functions, compare optimizers, train models.")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // Commander's own errors (unknown option, missing argument) become our one-line format.
      // Commander's suggestion goes on the same line, so every error is one line.
      outputError: (s, write) => write(oneLine(s)),
    })
    .exitOverride();
  for (const register of commands) register(program, io, setExit);
  for (const sub of program.commands) {
    // Commands whose operand is an expression say how to pass one that starts with "-".
    const takesExpression = sub.registeredArguments.length > 0;
    sub.exitOverride().configureOutput({
      ...program.configureOutput(),
      outputError: (s, write) => write(withOperandHint(withSynonymHint(takesExpression ? withDashHint(oneLine(s), sub.name()) : oneLine(s), sub), sub)),
    });
  }
  return program;
}

const VERSION = "0.1.0";

/**
 * `-x` alone reads as a short option, so an expression that is only a negated name cannot be told
 * from a mistyped option; the error says how to pass it (options first, then "--", then the expression).
 */
function withDashHint(message: string, command: string): string {
  const m = /^(descent: unknown option '(-[A-Za-z]\w*)')(.*)$/s.exec(message);
  if (m === null) return message;
  const rest = m[3]!.replace(/\n$/, "");
  return `${m[1]}${rest}; an expression that starts with "-" goes last, after the options and "--": descent ${command} [options] -- "${m[2]}"\n`;
}

/** Other tools' names for an option a command has under another name (predict writes with --out; train saves with --save). */
const OPTION_SYNONYMS: Readonly<Record<string, string>> = { "--out": "--save", "--output": "--save", "--model-out": "--save" };

/** An unknown option that is another tool's name for one of this command's options names that option. */
function withSynonymHint(message: string, command: Command): string {
  const m = /^descent: unknown option '(--[\w-]+)'\n?$/.exec(message);
  const meant = m && OPTION_SYNONYMS[m[1]!];
  if (!meant || !command.options.some((o) => o.long === meant)) return message;
  return `descent: unknown option '${m[1]}' (${command.name()} uses ${meant}, e.g. ${meant} model.json)\n`;
}

/**
 * A file given as an operand to a command that reads its data from `--data` (as `descent train
 * churn.csv` would be written after scikit-learn or xgboost) gets the flag's form named.
 */
function withOperandHint(message: string, command: Command): string {
  if (!/^descent: (too many arguments for '|required option '--data )/.test(message)) return message;
  const operand = command.args[command.registeredArguments.length];
  const data = command.options.find((o) => o.long === "--data");
  if (operand === undefined || data === undefined) return message;
  return `descent: ${command.name()} takes no operand '${operand}': give the data file as --data ${operand}\n`;
}

/** Commander's error in descent's one-line form, its suggestion on the same line. */
function oneLine(s: string): string {
  return (s.startsWith("error:") ? `descent: ${s.slice(7)}` : s).replace(/\n\(Did you mean (.*)\?\)/, " (did you mean $1?)");
}

/** Runs the CLI on argv (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<ExitCode> {
  let code: ExitCode = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(dashOperandsLast(program, argv), { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version "errors" are successful exits
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (isDescentError(e)) {
      io.stderr.write(`descent: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
