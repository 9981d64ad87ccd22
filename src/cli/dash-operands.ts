/**
 * An expression may start with "-" ("-x^2 + x^4", the built-in two-minima formula does), which
 * Commander would take for an unknown option. Before parsing, a command's arguments are
 * rearranged so that every operand comes after "--": options (with their values) first, in order,
 * then the operands, in order. Only arguments that are not one of the command's options and that
 * cannot be an option (they hold a character no option name has, such as a space, "^" or ".")
 * are moved, so mistyped options still get Commander's "unknown option" error.
 */
import type { Command, Option } from "commander";

const OPTION_LIKE = /^--?[A-Za-z][\w-]*(=.*)?$/;

function findOption(cmd: Command, arg: string): Option | undefined {
  const flag = arg.includes("=") ? arg.slice(0, arg.indexOf("=")) : arg;
  return cmd.options.find((o) => o.long === flag || o.short === flag);
}

/** `argv` (command name first) with dash-led operands placed after "--"; unchanged when there are none. */
export function dashOperandsLast(program: Command, argv: string[]): string[] {
  const name = argv[0];
  const cmd = program.commands.find((c) => c.name() === name || c.aliases().includes(name ?? ""));
  if (cmd === undefined || cmd.registeredArguments.length === 0) return argv;
  const options: string[] = [];
  const operands: string[] = [];
  let moved = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      operands.push(...argv.slice(i + 1));
      break;
    }
    const option = arg.startsWith("-") ? findOption(cmd, arg) : undefined;
    if (option !== undefined) {
      options.push(arg);
      // A value that follows its option (`--start -0.3`) stays with it, whatever it starts with.
      if (option.required && !arg.includes("=") && i + 1 < argv.length) options.push(argv[++i]!);
    } else if (arg.startsWith("-") && arg.length > 1 && !OPTION_LIKE.test(arg)) {
      operands.push(arg);
      moved = true;
    } else if (arg.startsWith("-")) {
      options.push(arg); // -h, --help, or an unknown option for Commander to report
    } else {
      operands.push(arg);
    }
  }
  return moved ? [name!, ...options, "--", ...operands] : argv;
}
