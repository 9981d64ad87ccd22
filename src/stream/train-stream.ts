/**
 * Minibatch training on a streamed file: the training loop (train/loop.ts) over the file's batches
 * (stream-batches.ts: each epoch re-reads the file, standardizes each chunk and mixes rows through
 * a bounded shuffle buffer), with the in-memory trainer's gradient, so the arithmetic is the
 * in-memory trainer's. Memory: one chunk of lines, the shuffle buffer and one batch, whatever the
 * file size.
 */
import { OptionError } from "../errors.js";
import {
  checkLoopOptions, defaultLoss, freshRunState, lossInTargetUnits, parallelGradient, parameterShapes, runLoop,
  type LoopOptions, type LossName, type Model, type ParallelismReport, type StopReason, type TrainingHistory, type TrainOptions,
} from "../train/index.node.js";
import type { DataStream } from "./dataset.js";
import { evaluateStream, type StreamEvaluation } from "./evaluate-stream.js";
import { streamBatches } from "./stream-batches.js";
import { count } from "../util/plural.js";

/** Rows the shuffle buffer holds by default (≈ 4 MB at 10 features). */
export const DEFAULT_SHUFFLE_BUFFER = 100_000;

/** The loop's options (epochs, batch size, optimizer, schedule, callbacks, interrupt) and the stream's own. */
export interface StreamTrainOptions extends Omit<LoopOptions, "validationFraction" | "patience" | "minDelta" | "restoreBest"> {
  loss?: LossName;
  /** Seeds the shuffle buffer (as `train` seeds its permutations). Default 1. */
  seed?: number;
  /** Rows the shuffle buffer holds; 0 turns shuffling off (rows in file order). */
  shuffleBuffer?: number;
  /** Score the test split after every epoch (one more pass over the file each time). */
  testEachEpoch?: boolean;
  /** The batch gradient, as `train` takes it; default: the fastest use of the cores, measured (parallel-gradient.node.ts). */
  makeGradient?: TrainOptions["makeGradient"];
}

/** How a streamed run stopped: the loop's stop reasons (no early stopping without a validation set in memory). */
export type StreamStop = StopReason;

/** Train loss and metric per epoch (in `history`) are running averages over the batches as they were trained. */
export interface StreamTrainResult extends TrainingHistory {
  stop: StreamStop;
  updates: number;
  /** The test split scored at the end (null when the stream has no test rows). */
  test: StreamEvaluation | null;
  /** Training rows per second over all epochs (reading, parsing and stepping). */
  rowsPerSecond: number;
  /** The most rows the shuffle buffer held at once. */
  peakBufferRows: number;
  /** The most rows one chunk of the file yielded. */
  peakChunkRows: number;
  /** How the run used the cores, when its gradient reports it. */
  parallelism?: ParallelismReport;
}

/**
 * Trains `model` in place on the training rows of `stream` (standardized with `model.standardizer`,
 * if any; a regression target standardized with `model.targetScaling`, if any).
 */
export async function trainStream(model: Model, stream: DataStream, options: StreamTrainOptions): Promise<StreamTrainResult> {
  checkLoopOptions(options);
  const b = options.shuffleBuffer;
  if (b !== undefined && !(Number.isInteger(b) && b >= 0)) throw new OptionError(`shuffle buffer must be a whole number of rows >= 0, got ${b}`);
  const { spec, params } = model;
  if (stream.d !== spec.inputs) throw new OptionError(`model expects ${count(spec.inputs, "feature")}, ${stream.path} has ${stream.d}`);
  const loss = options.loss ?? defaultLoss(spec.head);
  const batchSize = options.batchSize === "full" ? stream.trainRows : Math.min(options.batchSize, stream.trainRows);
  // A full batch sees every row in every step: like the in-memory trainer, it does not shuffle.
  const capacity = options.shuffleBuffer ?? DEFAULT_SHUFFLE_BUFFER;
  // Regression trains on the standardized target, as in memory; losses are reported in its units.
  const targetScale = spec.head === "identity" ? model.targetScaling : undefined;
  const source = streamBatches(model, stream, batchSize, capacity, batchSize < stream.trainRows && capacity > 0, targetScale);
  const state = freshRunState(options, options.optimizer.init(params, parameterShapes(spec)), options.seed ?? 1);
  const started = performance.now();
  const gradient = (options.makeGradient ?? parallelGradient())(spec, loss, params, batchSize);
  const steps = runLoop(options, {
    spec, params, source, state, gradient,
    reportLoss: (descended) => (targetScale ? lossInTargetUnits(loss, descended, targetScale) : descended),
    *score(running) {
      let test: StreamEvaluation | undefined;
      if (options.testEachEpoch && stream.testRows > 0) yield evaluateStream(model, stream, "test", loss).then((r) => (test = r));
      return { train: running, ...(test ? { test } : {}) };
    },
  });
  let next = steps.next();
  while (!next.done) {
    if (next.value instanceof Promise) await next.value;
    next = steps.next();
  }
  const seconds = (performance.now() - started) / 1000;
  const test = stream.testRows > 0 ? await evaluateStream(model, stream, "test", loss) : null;
  return {
    metric: spec.head === "identity" ? "r2" : "accuracy", history: state.history, stop: next.value.stop, updates: state.updates, test,
    rowsPerSecond: seconds > 0 ? source.rows / seconds : 0, peakBufferRows: source.peakBufferRows, peakChunkRows: source.peakChunkRows,
    ...(gradient.parallelism ? { parallelism: gradient.parallelism } : {}),
  };
}
