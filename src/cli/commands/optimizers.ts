/** `descent optimizers`: every optimizer and schedule with its rule, options and defaults. */
import type { Command } from "commander";
import { listOptimizers, listSchedules } from "../../optim/index.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

type Listing = { name: string; rule: string; options: { name: string; default: unknown; constraint?: string; doc: string }[] };

/** JSON for the defaults, but Infinity as a spec string writes it (JSON has no Infinity). */
function formatDefault(v: unknown): string {
  return typeof v === "number" && !Number.isFinite(v) ? String(v) : JSON.stringify(v ?? null);
}

function listingText(title: string, items: Listing[]): string {
  const blocks = items.map((o) => {
    const opts = o.options.map((p) => `    ${p.name}=${formatDefault(p.default)}${p.constraint ? ` (${p.constraint})` : ""}  ${p.doc}`);
    return `  ${o.name}: ${o.rule}\n${opts.join("\n")}`;
  });
  return `${title}\n${blocks.join("\n\n")}\n`;
}

export const registerOptimizers: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("optimizers")
    .description("list the optimizers and learning-rate schedules with their options and defaults")
    .option("--json", "print {optimizers, schedules} as JSON")
    .addHelpText("after", `\nUse them as --optimizer NAME[:key=value,…] and --schedule NAME[:key=value,…], e.g.\n  --optimizer adam:lr=0.05,amsgrad=true --schedule cosine:t_max=1000`)
    .action((flags: { json?: boolean }) => {
      const optimizers = listOptimizers();
      const schedules = listSchedules();
      if (flags.json) io.stdout.write(JSON.stringify({ optimizers, schedules }) + "\n");
      else {
        io.stdout.write(listingText("Optimizers (PyTorch's option names and defaults; lbfgs also: lr, history_size, line_search):", optimizers));
        io.stdout.write("\n" + listingText("Schedules (lr as a function of the update count; plateau watches a metric):", schedules));
      }
    });
};
