/**
 * `descent train --data FILE.csv|FILE.parquet --stream`: the streaming code path of the train
 * command. It takes the same flags as in-memory training where they make sense (all the data
 * options), refuses the ones that need the data in memory, and prints the same epoch lines.
 */
import { resolve } from "node:path";
import { isBundledName } from "../data/index.node.js";
import { OptionError } from "../errors.js";
import { makeOptimizer, parseOptimizerSpec, splitSpec } from "../optim/index.js";
import { Rng } from "../random.js";
import {
  scheduleFor, checkOutputPath, createModel, defaultLoss, epochLine, parallelGradient, parallelismFromEnv, parallelismLine, parseArchitecture, parseInit, parseLoss,
  parseParallelism, saveModel, specFor,
} from "../train/index.node.js";
import { parseInteger, parseNumber } from "./args.js";
import type { CliIO } from "./io.js";
import type { TrainFlags } from "./commands/train.js"; // types only: no import cycle at run time
import { openDataStream } from "../stream/dataset.js";
import { DEFAULT_SHUFFLE_BUFFER, trainStream } from "../stream/train-stream.js";
import { count } from "../util/plural.js";
import { dataOptionsFromFlags } from "./data-flags.js";

/** The train command's flags: streaming reads the same ones and refuses those it cannot honour. */
export type StreamTrainFlags = TrainFlags;

const REFUSED: [keyof StreamTrainFlags, string, string][] = [
  ["validationSplit", "--validation-split", "early stopping needs a validation set in memory"],
  ["patience", "--patience", "early stopping needs a validation set in memory"],
  ["checkpoint", "--checkpoint", "streamed runs cannot be checkpointed yet"],
  ["resume", "--resume", "streamed runs cannot be resumed yet"],
  ["plot", "--plot", "streamed runs do not draw figures yet"],
];

/** Runs streaming training from the train command's flags; resolves to the exit code. */
export async function runStreamingTrain(flags: StreamTrainFlags, io: CliIO): Promise<number> {
  for (const [key, flag, why] of REFUSED) if (flags[key] !== undefined) throw new OptionError(`--stream does not take ${flag}: ${why}`);
  if (flags.data === undefined) throw new OptionError("train --stream needs --data FILE.csv (or .csv.gz, .parquet)");
  if (isBundledName(flags.data)) throw new OptionError(`--stream reads a CSV or Parquet file; ${flags.data} is a bundled dataset (drop --stream)`);
  const save = flags.save === undefined ? undefined : resolve(io.cwd, flags.save);
  if (save) checkOutputPath(save, "--save");
  const optimizerSpec = flags.optimizer ?? "adam:lr=0.01";
  if (splitSpec("optimizer", optimizerSpec.trim()).name === "lbfgs") throw new OptionError("--stream does not take --optimizer lbfgs: full-batch L-BFGS evaluates every row several times per iteration (drop --stream)");
  const { name, options } = parseOptimizerSpec(optimizerSpec);
  const optimizer = makeOptimizer(name, options);
  const schedule = flags.schedule === undefined ? undefined : scheduleFor(flags.schedule, optimizer);
  const batch = (flags.batchSize ?? "32").trim();
  const batchSize = batch === "full" ? "full" : parseInteger("--batch-size", batch, 1);
  const epochs = parseInteger("--epochs", flags.epochs ?? "50", 0);
  const seed = parseInteger("--seed", flags.seed ?? "1", 0);
  const shuffleBuffer = parseInteger("--shuffle-buffer", flags.shuffleBuffer ?? String(DEFAULT_SHUFFLE_BUFFER), 0);
  const testSplit = parseNumber("--test-split", flags.testSplit ?? "0.2");
  if (!(testSplit >= 0 && testSplit < 1)) throw new OptionError(`invalid --test-split ${flags.testSplit}: must be in [0, 1)`);
  const arch = flags.model === undefined ? undefined : parseArchitecture(flags.model);
  const parallel = flags.parallel === undefined ? parallelismFromEnv() : parseParallelism(flags.parallel, "--parallel");

  const path = resolve(io.cwd, flags.data);
  const stream = await openDataStream(path, { ...dataOptionsFromFlags(flags), testFraction: testSplit, seed });
  const classCount = stream.classes?.length ?? 0;
  const modelName = flags.model ?? (stream.task === "regression" ? "linear" : classCount === 2 ? "logistic" : "softmax");
  const choice = arch ?? parseArchitecture(modelName);
  const spec = specFor(choice, stream.d, stream.task, classCount);
  const init = flags.init !== undefined ? parseInit(flags.init) : choice.kind === "mlp" ? "glorot-uniform" : "zeros";
  const model = createModel(spec, init, new Rng(seed));
  // The model carries the preprocessing exactly as in-memory training stores it (train/setup.node.ts).
  if (flags.standardize !== false) model.standardizer = stream.standardizer;
  if (stream.classes) model.classes = stream.classes;
  if (spec.head === "identity" && stream.targetScale) model.targetScaling = stream.targetScale;
  model.featureNames = stream.featureNames;
  model.columns = stream.columns;
  model.targetName = stream.targetName;
  for (const note of stream.notes) io.stderr.write(note + "\n");
  const loss = flags.loss !== undefined ? parseLoss(flags.loss, spec.head) : defaultLoss(spec.head);
  const metric = spec.head === "identity" ? "r2" : "accuracy";
  if (!flags.json) {
    io.stdout.write(`streaming ${modelName} on ${stream.name}: ${stream.trainRows} train / ${stream.testRows} test rows (split by row hash), ${count(stream.d, "feature")}; ${loss} loss, ${optimizerSpec}, ${batchSize === "full" ? "full batch" : `batch ${batchSize}`}, shuffle buffer ${shuffleBuffer} rows, ${epochs} epoch${epochs === 1 ? "" : "s"}\n`);
  }
  const result = await trainStream(model, stream, {
    epochs, batchSize, optimizer, loss, seed, shuffleBuffer, makeGradient: parallelGradient(parallel),
    ...(schedule ? { schedule } : {}),
    ...(io.interrupt ? { interrupt: io.interrupt } : {}),
    callbacks: { onEpochEnd: (r) => void (flags.json ? undefined : io.stdout.write(epochLine(r, epochs, metric) + "  (train scores: running)\n")) },
  });
  if (save) saveModel(save, model, { loss });
  const test = result.test;
  if (flags.json) {
    io.stdout.write(JSON.stringify({
      metric, history: result.history, trainRows: stream.trainRows, testRows: stream.testRows,
      final: { testLoss: test?.loss ?? null, testMetric: test?.metric ?? null, updates: result.updates, stop: result.stop.kind },
      rowsPerSecond: Math.round(result.rowsPerSecond), peakBufferRows: result.peakBufferRows,
      ...(result.parallelism ? { parallelism: result.parallelism } : {}),
    }) + "\n");
  } else {
    if (test) io.stdout.write(`test ${metric} ${test.metric.toFixed(4)}  (loss ${test.loss.toFixed(4)}, ${result.updates} updates)\n`);
    if (result.parallelism) io.stdout.write(parallelismLine(result.parallelism) + "\n");
    io.stdout.write(`${Math.round(result.rowsPerSecond)} training rows/s\n`);
    if (save) io.stdout.write(`model saved to ${flags.save}\n`);
  }
  if (result.stop.kind === "non-finite") {
    io.stderr.write(`descent: ${result.stop.message}${save ? `; saved to ${flags.save}` : ""}\n`);
    return 1;
  }
  if (result.stop.kind === "interrupted") {
    io.stderr.write(`descent: interrupted after epoch ${result.stop.epoch}, batch ${result.stop.batch}\n`);
    return 130;
  }
  return 0;
}

