/** `descent train --data NAME|PATH …`: fit a model with gradient descent and report each epoch. */
import { resolve } from "node:path";
import type { Command } from "commander";
import { isDataFile, isDatasetName, loadFileDataAsync } from "../../data/index.node.js";
import { OptionError } from "../../errors.js";
import { describeOptimizer } from "../../minimize/index.js";
import { formatOptimizerSpec, splitSpec } from "../../optim/index.js";
import {
  fileDataOptions,   checkOutputPath, defaultEpochs, evaluate, parallelGradient, parallelismFromEnv, parallelismLine, parseParallelism, prepareRun,
  progressReporter, readCheckpoint, saveModel, trainAsync, writeCheckpoint,
  type ClassificationReport, type FullEvaluation, type RegressionReport, type TrainResult, type TrainingConfig,
} from "../../train/index.node.js";
import { parseInteger, parseNumber } from "../args.js";
import { checkFigurePath, figureSharpness, figureTraining, writeFigure } from "../../plot/index.node.js";
import { num, table } from "../../util/format.js";
import { ensureDataOnMachine } from "../fetch-data.js";
import type { CliIO } from "../io.js";
import { count } from "../../util/plural.js";
import type { RegisterCommand } from "./index.js";
import { findLearningRate } from "../lr-auto.js";
import { runStreamingTrain } from "../stream-train.js";
import { addDataFlags, dataOptionsFromFlags, type DataFlags } from "../data-flags.js";

export interface TrainFlags extends DataFlags {
  data?: string;
  model?: string;
  loss?: string;
  optimizer?: string;
  lr?: string;
  classWeight?: string;
  schedule?: string;
  batchSize?: string;
  epochs?: string;
  testSplit?: string;
  seed?: string;
  init?: string;
  standardize?: boolean;
  validationSplit?: string;
  patience?: string;
  save?: string;
  checkpoint?: string;
  checkpointEvery?: string;
  resume?: string;
  json?: boolean;
  plot?: string;
  /** --stream: the streaming code path in src/cli/stream-train.ts. */
  stream?: boolean;
  shuffleBuffer?: string;
  sharpnessEvery?: string;
  parallel?: string;
}

export const registerTrain: RegisterCommand = (program: Command, io: CliIO, setExit) => {
  const cmd = program
    .command("train")
    .description("train a model by gradient descent on a dataset")
    .option("--data <name|path>", "bundled dataset (breast-cancer, iris, wine, digits, diabetes), fashion-mnist (downloaded once), CSV file or IDX folder");
  addDataFlags(cmd);
  cmd
    .option("--model <arch>", "linear | logistic | softmax | mlp:64,32[:relu|tanh|sigmoid|identity] (default: from the data)")
    .option("--loss <name>", "mse | mae | bce | cross-entropy (default: from the model)")
    .option("--optimizer <spec>", "optimizer spec, e.g. adam:lr=0.01 or sgd:lr=0.1,momentum=0.9,weight_decay=1e-4; lbfgs[:l2=W,history_size=N] is full-batch L-BFGS with a line search (each epoch is one iteration; l2 is scikit-learn's penalty on the weights, C = 1/(l2·rows))", "adam:lr=0.01")
    .option("--lr <rate>", "learning rate (wins over the optimizer spec's lr); auto: run lr-find first and use its suggestion")
    .option("--class-weight <spec>", "weigh the classes in the loss: balanced (n / (classes × class rows)), none, or LABEL=W[,LABEL=W…]")
    .option("--schedule <spec>", "learning-rate schedule per update, e.g. cosine:t_max=1000")
    .option("--batch-size <n>", "rows per update: full (batch), 1 (stochastic) or k (minibatch)", "32")
    .option("--epochs <n>", "passes over the training data (default 50, or enough for 500 updates on a small table)")
    .option("--test-split <f>", "share of rows held out for testing (stratified by class); 0 trains on every row", "0.2")
    .option("--seed <n>", "seed for the split, the weights and the shuffling", "1")
    .option("--init <scheme>", "weight initialisation: glorot, he, glorot-normal, he-normal, zeros")
    .option("--no-standardize", "use the features as they are (default for image folders)")
    .option("--validation-split <f>", "share of training rows held out for early stopping (default 0.1 with --patience)")
    .option("--patience <n>", "stop after n epochs without validation improvement")
    .option("--save <file>", "write the trained model to FILE.json")
    .option("--checkpoint <file>", "write a resumable checkpoint to FILE")
    .option("--checkpoint-every <n>", "epochs between checkpoints", "1")
    .option("--resume <file>", "continue the run saved in a checkpoint")
    .option("--json", "print one JSON object: metric, history and final scores")
    // Streaming (docs/streaming.md): a separate code path, src/cli/stream-train.ts.
    .option("--stream", "read --data FILE.csv[.gz] in chunks and train without loading it whole")
    .option("--shuffle-buffer <rows>", "with --stream: rows mixed at a time (0 = file order; default 100000)")
    .option("--plot <file>", "draw the loss per epoch (train dashed, test solid) to FILE.svg or FILE.png (with --sharpness-every, sharpness against 2/η to FILE-sharpness.svg/png too)")
    .option("--sharpness-every <k>", "every k epochs, record the top eigenvalue of the training loss's Hessian (power iteration over Hessian-vector products, on the training set or a fixed 4096-row sample) beside 2/η")
    .option("--parallel <how>", "how training uses the cores: auto (measured during the run in interleaved blocks of batches, re-checked now and then), threads=N or workers=N (default: DESCENT_PARALLEL, else auto)")
    .addHelpText(
      "after",
      `
Examples:
  descent train --data breast-cancer
  descent train --data iris --model mlp:16:tanh --optimizer sgd:lr=0.1,momentum=0.9 --epochs 100
  descent train --data fashion-mnist --model mlp:256 --batch-size 128 --optimizer adam:lr=0.001 --epochs 1
  descent train --data diabetes --batch-size full --optimizer sgd:lr=0.05 --save diabetes.json --json
  descent train --data breast-cancer --model mlp:16:tanh --batch-size full --optimizer sgd:lr=0.5 --sharpness-every 5 --plot eos.svg`,
    )
    .action(async (flags: TrainFlags, cmd: Command) => {
      const given = (name: string) => cmd.getOptionValueSource(name) === "cli";
      setExit(await runTrain(flags, io, given));
    });
};

/** Reads the flags into a run configuration (data paths resolved against `cwd`). */
export function configFromFlags(flags: TrainFlags, cwd: string): TrainingConfig {
  if (flags.data === undefined) throw new OptionError("train needs --data NAME|PATH (or --resume FILE)");
  const batch = (flags.batchSize ?? "32").trim();
  const batchSize = batch === "full" ? "full" : parseInteger("--batch-size", batch, 1);
  const config: TrainingConfig = {
    data: isDatasetName(flags.data) ? flags.data : resolve(cwd, flags.data),
    optimizer: flags.optimizer ?? "adam:lr=0.01",
    batchSize,
    epochs: parseInteger("--epochs", flags.epochs ?? "50", 0),
    testSplit: parseTestSplit(flags.testSplit ?? "0.2"),
    seed: parseInteger("--seed", flags.seed ?? "1", 0),
    standardize: flags.standardize === false ? false : undefined,
  };
  const dataOptions = dataOptionsFromFlags(flags);
  if (Object.keys(dataOptions).length > 0) config.dataOptions = dataOptions;
  if (flags.classWeight !== undefined) config.classWeight = flags.classWeight;
  if (flags.lr !== undefined) config.lr = parseNumber("--lr", flags.lr, "positive");
  if (flags.model !== undefined) config.model = flags.model;
  if (flags.loss !== undefined) config.loss = flags.loss;
  if (flags.schedule !== undefined) config.schedule = flags.schedule;
  if (flags.init !== undefined) config.init = flags.init;
  if (flags.patience !== undefined) {
    config.patience = parseInteger("--patience", flags.patience, 1);
    config.validationSplit = 0.1;
  }
  if (flags.validationSplit !== undefined) config.validationSplit = parseFraction("--validation-split", flags.validationSplit);
  if (config.standardize === undefined) delete config.standardize;
  return config;
}

/** --test-split: 0 (train on every row) or a share in (0, 1). */
function parseTestSplit(raw: string): number {
  const v = parseNumber("--test-split", raw);
  if (!(v >= 0 && v < 1)) throw new OptionError(`invalid --test-split ${raw}: must be 0 (train on every row) or between 0 and 1`);
  return v;
}

function parseFraction(option: string, raw: string): number {
  const v = parseNumber(option, raw);
  if (!(v > 0 && v < 1)) throw new OptionError(`invalid ${option} ${raw}: must be between 0 and 1 (exclusive)`);
  return v;
}

/** The whole command, callable in-process; resolves to the exit code. */
export async function runTrain(flags: TrainFlags, io: CliIO, given: (flag: string) => boolean = () => true): Promise<number> {
  if (flags.stream) return runStreamingTrain(flags, io);
  if (flags.resume === undefined) await ensureDataOnMachine(flags.data, io);
  const save = flags.save === undefined ? undefined : resolve(io.cwd, flags.save);
  const checkpoint = flags.checkpoint === undefined ? undefined : resolve(io.cwd, flags.checkpoint);
  const every = parseInteger("--checkpoint-every", flags.checkpointEvery ?? "1", 1);
  if (save) checkOutputPath(save, "--save");
  const plot = flags.plot === undefined ? undefined : resolve(io.cwd, flags.plot);
  if (plot) checkFigurePath(plot);
  const sharpnessEvery = flags.sharpnessEvery === undefined ? undefined : parseInteger("--sharpness-every", flags.sharpnessEvery, 1);
  // Checked before any data is read: a bad value is a one-line error, not a late one.
  const parallel = flags.parallel === undefined ? parallelismFromEnv() : parseParallelism(flags.parallel, "--parallel");
  if (checkpoint) checkOutputPath(checkpoint, "--checkpoint");
  const resumed = flags.resume === undefined ? undefined : readCheckpoint<TrainingConfig>(resolve(io.cwd, flags.resume));
  const autoLr = flags.lr?.trim() === "auto";
  if (autoLr && resumed) throw new OptionError("--lr auto cannot be used with --resume (the run keeps its learning rate)");
  const lbfgs = splitSpec("optimizer", (resumed?.config.optimizer ?? flags.optimizer ?? "adam").trim()).name === "lbfgs";
  if (lbfgs) checkLbfgsFlags(flags, given, autoLr);
  const config = resumed
    ? { ...resumed.config, ...(given("epochs") && flags.epochs !== undefined ? { epochs: parseInteger("--epochs", flags.epochs, 0) } : {}) }
    : configFromFlags(autoLr ? { ...flags, lr: undefined } : flags, io.cwd);
  if (autoLr) {
    const found = findLearningRate(config);
    config.lr = Number(found.suggestion.toPrecision(3));
    const said = `learning rate ${num(found.suggestion, 3)} from lr-find (${found.rule} rule, ${found.lrs.length} updates from ${num(found.lrs[0]!, 2)}; the weights start fresh)\n`;
    (flags.json ? io.stderr : io.stdout).write(said);
  }
  // Data files are read here, asynchronously (Parquet needs it), through the same data options.
  const preloaded = isDataFile(config.data)
    ? await loadFileDataAsync(config.data, fileDataOptions(config), { testFraction: config.testSplit, seed: config.seed })
    : undefined;
  if (lbfgs) config.batchSize = "full";
  const run = prepareRun(config, preloaded);
  if (!resumed && flags.epochs === undefined) config.epochs = defaultEpochs(run.train.n, config.batchSize);
  for (const note of run.notes) io.stderr.write(note + "\n");
  if (resumed) {
    run.model.params = resumed.model.params;
    if (resumed.model.standardizer) run.model.standardizer = resumed.model.standardizer;
    if (resumed.model.targetScaling) run.model.targetScaling = resumed.model.targetScaling;
  }
  const { model, optimizer } = run;
  const metric = model.spec.head === "identity" ? "r2" : "accuracy";
  const optimizerSpec = formatOptimizerSpec({ name: optimizer.name, options: optimizer.options as Record<string, number> });
  const test = run.test;
  if (config.batchSize !== "full" && config.batchSize > run.train.n) {
    io.stderr.write(`note: batch size ${config.batchSize} is larger than the ${run.train.n} training rows; every update uses the full batch\n`);
  }
  if (!flags.json) {
    const batchText = config.batchSize === "full" ? "full batch" : `batch ${config.batchSize}`;
    const rows = test ? `${run.train.n} train / ${test.n} test rows` : `all ${run.train.n} rows for training, none for testing (--test-split 0)`;
    io.stdout.write(`training ${run.modelName} on ${run.train.name.replace(/ \(train\)$/, "")}: ${rows}, ${count(run.train.d, "feature")}; ${run.loss} loss, ${lbfgs ? formatOptimizerSpec({ name: optimizer.name, options: optimizer.options as Record<string, number> }) : describeOptimizer(optimizer)}, ${batchText}, ${lbfgs ? `at most ${count(config.epochs, "iteration")} (one per epoch)` : count(config.epochs, "epoch")}\n`);
  }
  // On a terminal the bar runs on stderr within each epoch; the epoch lines go to stdout either way.
  const quiet = { write: () => true, isTTY: false };
  if (!flags.json && run.classWeights) {
    const names = model.classes ?? [];
    io.stdout.write(`class weights in the loss: ${Array.from(run.classWeights, (w, c) => `${names[c] ?? c} ${num(w, 4)}`).join(", ")}\n`);
  }
  const progress = progressReporter(flags.json ? quiet : io.stdout.isTTY ? io.stderr : io.stdout, config.epochs, metric, flags.json ? quiet : io.stdout);
  const writeCk = (state: TrainResult["state"]) => {
    if (checkpoint) writeCheckpoint(checkpoint, { config, model, state });
  };
  let result: TrainResult;
  try {
    result = await trainAsync(model, run.train, {
      makeGradient: parallelGradient(parallel),
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer,
      ...(run.schedule ? { schedule: run.schedule } : {}),
      loss: run.loss,
      ...(run.classWeights ? { classWeights: run.classWeights } : {}),
      seed: config.seed,
      ...(test ? { test } : {}),
      ...(config.validationSplit !== undefined ? { validationFraction: config.validationSplit } : {}),
      ...(config.patience !== undefined ? { patience: config.patience } : {}),
      ...(io.interrupt ? { interrupt: io.interrupt } : {}),
      ...(resumed ? { resume: resumed.state } : {}),
      ...(sharpnessEvery !== undefined ? { sharpnessEvery } : {}),
      callbacks: {
        ...progress.callbacks,
        onEpochEnd(record, state) {
          progress.callbacks.onEpochEnd?.(record, state);
          if (record.epoch % every === 0) writeCk(state);
        },
      },
    });
  } finally {
    progress.finish();
  }
  if (result.stop.kind === "interrupted") writeCk(result.state);
  if (plot) writeFigure(plot, figureTraining([{ name: run.modelName, history: result }]).loss);
  if (plot && sharpnessEvery !== undefined) writeFigure(plot.replace(/(\.[a-z]+)$/i, "-sharpness$1"), figureSharpness(result));
  if (save) saveModel(save, model, { loss: run.loss, optimizer: { spec: optimizerSpec, state: result.state.optimizer } });
  // Without a test set the report is on the training rows, and says so.
  const final = evaluate(model, test ?? run.train, run.loss);
  const last = result.history.at(-1);
  if (flags.json) {
    io.stdout.write(JSON.stringify({ metric, history: result.history, final: finalJson(final, last, result, test !== undefined) }) + "\n");
  } else {
    if (result.parallelism) io.stdout.write(parallelismLine(result.parallelism) + "\n");
    io.stdout.write(summaryText(final, metric, model.classes, result, test !== undefined));
    if (sharpnessEvery !== undefined) io.stdout.write(sharpnessText(result));
    if (save) io.stdout.write(`model saved to ${flags.save}\n`);
  }
  if (result.stop.kind === "non-finite") {
    io.stderr.write(`descent: ${result.stop.message}${save ? `; saved to ${flags.save}` : ""}\n`);
    return 1;
  }
  if (result.stop.kind === "interrupted") {
    io.stderr.write(`descent: interrupted after epoch ${result.stop.epoch}, batch ${result.stop.batch}${checkpoint ? `; checkpoint written to ${flags.checkpoint}` : ""}\n`);
    return 130;
  }
  return 0;
}

/** Sharpness beside 2/η, per epoch it was measured. */
function sharpnessText(result: TrainResult): string {
  const rows = result.history.filter((e) => e.sharpness !== undefined);
  return "\nsharpness (top eigenvalue of the training loss's Hessian) against 2/η:\n" +
    table(["epoch", "sharpness", "2/η"], rows.map((e) => [e.epoch, e.sharpness!, e.stabilityEdge ?? "–"]));
}

function finalJson(final: FullEvaluation, last: TrainResult["history"][number] | undefined, result: TrainResult, tested: boolean): object {
  return {
    trainLoss: last?.trainLoss ?? null,
    trainMetric: last?.trainMetric ?? null,
    testLoss: tested ? final.loss : null,
    testMetric: tested ? final.metric : null,
    // The report is on the test rows, or on the training rows with --test-split 0.
    reportOn: tested ? "test" : "train",
    ...final.report,
    epochs: result.state.epoch,
    updates: result.state.updates,
    stop: result.stop.kind,
    ...(result.parallelism ? { parallelism: result.parallelism } : {}),
    ...(result.stop.kind === "early-stopping" ? { bestEpoch: result.stop.bestEpoch } : {}),
    ...(result.stop.kind === "converged" ? { stopReason: result.stop.reason } : {}),
  };
}

function summaryText(final: FullEvaluation, metric: string, classes: string[] | undefined, result: TrainResult, tested: boolean): string {
  const lines: string[] = [];
  if (result.stop.kind === "early-stopping") lines.push(`stopped early: no validation improvement since epoch ${result.stop.bestEpoch} (its weights are kept)`);
  if (result.stop.kind === "converged") lines.push(`converged after ${count(result.stop.epoch, "iteration")} (${result.stop.reason})`);
  if (!tested) lines.push("no test metrics: every row was used for training (--test-split 0); the scores below are on the training rows");
  lines.push(`${tested ? "test" : "train"} ${metric} ${num(final.metric, 4)}  (loss ${num(final.loss, 6)}, ${result.state.updates} updates)`);
  if (final.metricName === "accuracy") {
    const r = final.report as ClassificationReport;
    const names = classes ?? r.confusionMatrix.map((_, i) => String(i));
    lines.push(`MCC ${num(r.mcc, 4)}  macro F1 ${num(r.macroF1, 4)}`, "");
    lines.push(table(["class", "precision", "recall", "F1", ...names.map((n) => `→${n}`)], names.map((n, i) => [n, +r.precision[i]!.toFixed(4), +r.recall[i]!.toFixed(4), +r.f1[i]!.toFixed(4), ...r.confusionMatrix[i]!])).trimEnd());
  } else {
    const r = final.report as RegressionReport;
    lines.push(`MSE ${num(r.mse, 6)}  MAE ${num(r.mae, 6)}`);
  }
  return lines.join("\n") + "\n";
}

/** Full-batch L-BFGS: one line for each flag that would change the loss between its line search's evaluations. */
function checkLbfgsFlags(flags: TrainFlags, given: (flag: string) => boolean, autoLr: boolean): void {
  const why = "its line search compares the loss of the same rows at several points";
  if (flags.batchSize !== undefined && given("batchSize") && flags.batchSize.trim() !== "full") {
    throw new OptionError(`--optimizer lbfgs trains on the full batch (${why}): drop --batch-size ${flags.batchSize} or use --batch-size full`);
  }
  if (autoLr) throw new OptionError("--lr auto picks a rate for update rules; lbfgs finds each step's length by its line search (drop --lr auto)");
  if (flags.schedule !== undefined) throw new OptionError("--optimizer lbfgs finds each step's length by its line search; drop --schedule");
  if (flags.checkpoint !== undefined || flags.resume !== undefined) {
    throw new OptionError(`--optimizer lbfgs cannot be checkpointed or resumed yet (its correction pairs are not saved); drop --${flags.checkpoint !== undefined ? "checkpoint" : "resume"}`);
  }
}
