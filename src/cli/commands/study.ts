/**
 * `descent study --data NAME|PATH --optimizers "…; …" --repeats N`: every configuration trained
 * with seeds 1…N, then per-configuration statistics and pairwise tests (Welch, Mann–Whitney, d).
 */
import type { Command } from "commander";
import { resolve } from "node:path";
import { OptionError } from "../../errors.js";
import { writeFigure } from "../../plot/index.node.js";
import {
  KNEUSEL_DEFAULT, PRESET_NAMES, STUDY_METRICS, presetSetup, runStudy as runStudyRuns, studyFigure, studyJson, studyText,
  type RunReport, type StudyMetric, type StudyResult, type StudySetup,
} from "../../study/index.js";
import { parseInteger } from "../args.js";
import { ensureDataOnMachine } from "../fetch-data.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";
import { addDataFlags, dataOptionsFromFlags, type DataFlags } from "../data-flags.js";

/** The command's flags as commander hands them over (strings until parsed). */
export interface StudyFlags extends DataFlags {
  preset?: string;
  data?: string;
  model?: string;
  optimizers?: string;
  repeats?: string;
  epochs?: string;
  minibatches?: string;
  batchSize?: string;
  metric?: string;
  workers?: string;
  json?: boolean;
  plot?: string;
}

function splitSpecs(raw: string): string[] {
  return raw.split(";").map((s) => s.trim()).filter((s) => s !== "");
}

function parseMetric(raw: string): StudyMetric {
  if ((STUDY_METRICS as readonly string[]).includes(raw)) return raw as StudyMetric;
  throw new OptionError(`unknown --metric "${raw}" (valid: ${STUDY_METRICS.join(", ")})`);
}

/** Reads the flags into a study setup (a preset first, then the flags that override it). */
export function setupFromFlags(flags: StudyFlags, cwd: string): StudySetup {
  if (flags.epochs !== undefined && flags.minibatches !== undefined) throw new OptionError("give --epochs or --minibatches, not both");
  const repeats = flags.repeats === undefined ? undefined : parseInteger("--repeats", flags.repeats, 1);
  const minibatches = flags.minibatches === undefined ? undefined : parseInteger("--minibatches", flags.minibatches, 1);
  const epochs = flags.epochs === undefined ? undefined : parseInteger("--epochs", flags.epochs, 1);
  let setup: StudySetup;
  if (flags.preset !== undefined) {
    setup = presetSetup(flags.preset, cwd, { data: flags.data, minibatches, repeats });
    if (epochs !== undefined) setup.budget = { kind: "epochs", epochs };
    if (flags.model !== undefined) setup.model = flags.model;
    if (flags.optimizers !== undefined) setup.optimizers = splitSpecs(flags.optimizers);
  } else {
    if (flags.data === undefined) throw new OptionError("study needs --data NAME|PATH (or --preset NAME)");
    if (flags.optimizers === undefined) throw new OptionError('study needs --optimizers "SPEC; SPEC", e.g. "sgd:lr=0.1; sgd:lr=0.1,momentum=0.9"');
    const isPath = /[/\\.]/.test(flags.data);
    setup = {
      data: isPath ? resolve(cwd, flags.data) : flags.data,
      model: flags.model ?? "auto",
      optimizers: splitSpecs(flags.optimizers),
      repeats: repeats ?? 10,
      budget: minibatches !== undefined ? { kind: "minibatches", minibatches } : { kind: "epochs", epochs: epochs ?? 20 },
      batchSize: 32,
      metric: "auto",
    };
  }
  if (flags.batchSize !== undefined) setup.batchSize = parseInteger("--batch-size", flags.batchSize, 1);
  const dataOptions = dataOptionsFromFlags(flags);
  if (Object.keys(dataOptions).length > 0) setup.dataOptions = dataOptions;
  if (flags.metric !== undefined) setup.metric = parseMetric(flags.metric);
  return setup;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Progress on stderr: one rewritten line on a terminal, one line per run otherwise. */
function progressLine(io: CliIO): (r: RunReport) => void {
  return (r) => {
    const line = `run ${r.done}/${r.total}: ${r.optimizer} seed ${r.job.seed} → ${r.value.toFixed(5)} (${r.seconds.toFixed(1)} s); ${r.done < r.total ? `about ${duration(r.remaining)} left` : "done"}`;
    if (io.stderr.isTTY) io.stderr.write(`\r\x1b[2K${line}${r.done === r.total ? "\n" : ""}`);
    else io.stderr.write(line + "\n");
  };
}

/** Runs the study the flags describe, prints the report and returns the exit code (130 when interrupted). */
export async function runStudyCommand(flags: StudyFlags, io: CliIO): Promise<{ code: number; result: StudyResult }> {
  const setup = setupFromFlags(flags, io.cwd);
  await ensureDataOnMachine(setup.data, io);
  const plotPath = flags.plot === undefined ? undefined : resolve(io.cwd, flags.plot);
  if (plotPath !== undefined && !/\.(svg|png)$/i.test(plotPath)) throw new OptionError(`--plot ${flags.plot}: the file must end in .svg or .png`);
  const workers = flags.workers === undefined ? undefined : parseInteger("--workers", flags.workers, 0);
  const runs = setup.repeats * setup.optimizers.length;
  io.stderr.write(`study: ${setup.optimizers.length} configurations × ${setup.repeats} seeds = ${runs} runs\n`);
  const result = await runStudyRuns(setup, {
    ...(workers !== undefined ? { workers } : {}),
    ...(io.interrupt ? { interrupt: io.interrupt } : {}),
    onRun: progressLine(io),
    onFallback: (reason) => io.stderr.write(`worker threads failed (${reason}); running the rest in this thread\n`),
  });
  if (plotPath !== undefined && result.configs.some((c) => c.values.length > 0)) {
    writeFigure(plotPath, studyFigure(result));
    io.stderr.write(`wrote ${flags.plot}\n`);
  }
  io.stdout.write(flags.json ? JSON.stringify(studyJson(result)) + "\n" : studyText(result));
  return { code: result.interrupted ? 130 : 0, result };
}

/** The command as tests drive it: runs the study and resolves to the exit code. */
export async function runStudy(flags: StudyFlags, io: CliIO): Promise<number> {
  return (await runStudyCommand(flags, io)).code;
}

export const registerStudy: RegisterCommand = (program: Command, io: CliIO, setExit) => {
  const cmd = program
    .command("study")
    .description("repeat training runs with seeds 1…N per optimizer and compare them statistically")
    .option("--preset <name>", `a ready-made study (${PRESET_NAMES.join(", ")})`)
    .option("--data <name|path>", "bundled dataset, fashion-mnist (downloaded once), CSV file or IDX folder (preset default: fashion-mnist)");
  addDataFlags(cmd);
  cmd
    .option("--model <arch>", "linear | logistic | softmax | mlp:64,32[:relu|tanh|sigmoid] (default: a linear model that fits the data)")
    .option("--optimizers <specs>", 'optimizer specs separated by ";", e.g. "sgd:lr=1.0; sgd:lr=0.2,momentum=0.9"')
    .option("--repeats <n>", `seeded runs per configuration (default 10; preset ${KNEUSEL_DEFAULT.repeats})`)
    .option("--epochs <n>", "passes over the shuffled training rows per run (default 20)")
    .option("--minibatches <n>", `minibatches drawn at random each step instead of epochs (preset default ${KNEUSEL_DEFAULT.minibatches})`)
    .option("--batch-size <n>", "rows per minibatch (default 32; preset 64)")
    .option("--metric <name>", `metric on the test rows: ${STUDY_METRICS.join(" | ")} (default mcc for classes, r2 for numbers)`)
    .option("--workers <n>", "worker threads (default 2; 0 or 1 runs in this thread)")
    .option("--json", 'print {"metric", "configs": [{optimizer, values, mean, se, sd, min, max}], "pairs": [{a, b, t, p_t, u, p_u, d}]}')
    .option("--plot <file>", "draw the metric per configuration to FILE.svg or FILE.png")
    .addHelpText(
      "after",
      `
Examples:
  descent study --data iris --model mlp:8 --optimizers "sgd:lr=0.05; sgd:lr=0.05,momentum=0.9" --repeats 10 --epochs 10
  descent study --preset kneusel-momentum --minibatches 2000 --repeats 4 --plot momentum.svg`,
    )
    .action(async (flags: StudyFlags) => {
      setExit(await runStudy(flags, io));
    });
};
