/** `descent lr-find --data … --model …`: the learning-rate range test (fastai's lr_find), weights left unchanged. */
import { resolve } from "node:path";
import type { Command } from "commander";
import type { LrFindResult } from "../../train/index.node.js";
import { findLearningRate } from "../lr-auto.js";
import { checkFigurePath, figureLrFind, writeFigure } from "../../plot/index.node.js";
import { num, table } from "../../util/format.js";
import { parseInteger, parseNumber } from "../args.js";
import { ensureDataOnMachine } from "../fetch-data.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";
import { configFromFlags, type TrainFlags } from "./train.js";

interface Flags extends TrainFlags {
  startLr: string;
  endLr: string;
  iterations: string;
}

export const registerLrFind: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("lr-find")
    .description("suggest a learning rate: train briefly while η grows exponentially and watch the loss (fastai's lr_find); the model is not changed")
    .option("--data <name|path>", "bundled dataset name, CSV file or IDX folder (as for train)")
    .option("--target <column>", "target column of a CSV file (default: the last)")
    .option("--model <arch>", "linear | logistic | softmax | mlp:64,32[:activation] (default: from the data)")
    .option("--loss <name>", "mse | mae | bce | cross-entropy (default: from the model)")
    .option("--optimizer <spec>", "optimizer whose lr is swept, e.g. adam or sgd:momentum=0.9", "adam")
    .option("--batch-size <n>", "rows per update: full or k", "32")
    .option("--test-split <f>", "share of rows held out (not used by the finder, as for train)", "0.2")
    .option("--seed <n>", "seed for the split, the weights and the shuffling", "1")
    .option("--start-lr <eta>", "first learning rate", "1e-7")
    .option("--end-lr <eta>", "learning rate approached at the last update", "10")
    .option("--iterations <n>", "updates at most", "100")
    .option("--plot <file>", "draw the smoothed loss against the learning rate to FILE.svg or FILE.png")
    .option("--json", "print one JSON object: lrs, smoothed losses, suggestions")
    .addHelpText(
      "after",
      `
The learning rate grows from --start-lr to --end-lr over --iterations minibatch updates; the loss is
smoothed (moving average, β = 0.98) and the run stops once it exceeds 4× its minimum. The suggestion
is fastai's "valley" rule (about halfway down the longest stretch where the loss keeps falling); the
steepest point is printed too. Use the suggestion with train --lr, or let train --lr auto run this.

Examples:
  descent lr-find --data breast-cancer --model logistic --optimizer sgd
  descent lr-find --data iris --model mlp:16 --plot lr.svg --json`,
    )
    .action(async (flags: Flags) => {
      const plot = flags.plot === undefined ? undefined : resolve(io.cwd, flags.plot);
      if (plot) checkFigurePath(plot);
      await ensureDataOnMachine(flags.data, io);
      const config = configFromFlags({ ...flags, epochs: "1" }, io.cwd);
      const result = findLearningRate(config, {
        startLr: parseNumber("--start-lr", flags.startLr, "positive"),
        endLr: parseNumber("--end-lr", flags.endLr, "positive"),
        iterations: parseInteger("--iterations", flags.iterations, 20),
      });
      if (plot) writeFigure(plot, figureLrFind({ lrs: result.lrs, losses: result.losses, suggestion: result.suggestion, rule: result.rule }));
      if (flags.json) {
        io.stdout.write(JSON.stringify({ suggestion: result.suggestion, rule: result.rule, suggestions: result.suggestions, stop: result.stop, lrs: result.lrs, losses: result.losses, rawLosses: result.rawLosses }) + "\n");
        return;
      }
      io.stdout.write(lrFindText(result));
    });
};

const STOPS: Record<LrFindResult["stop"], string> = {
  iterations: "ran every update",
  diverged: "stopped: the smoothed loss passed 4× its minimum",
  "non-finite": "stopped: the loss or the weights stopped being finite",
};

function lrFindText(r: LrFindResult): string {
  const step = Math.max(1, Math.round(r.lrs.length / 12));
  const rows = r.lrs.map((lr, i) => [lr, r.losses[i]!] as [number, number]).filter((_, i) => i % step === 0 || i === r.lrs.length - 1);
  return (
    table(["learning rate", "smoothed loss"], rows.map(([lr, l]) => [num(lr, 3), l])) +
    `\n${r.lrs.length} updates, ${STOPS[r.stop]}\n` +
    `suggested learning rate: ${num(r.suggestion, 3)} (fastai's valley rule); steepest descent at ${num(r.suggestions.steep, 3)}\n` +
    `the model's weights are unchanged; train with --lr ${num(r.suggestion, 3)} (or --lr auto)\n`
  );
}
