/**
 * Minibatch training on a streamed file: each epoch re-reads the file, standardizes each chunk,
 * mixes rows through a bounded shuffle buffer and takes a gradient step per batch with the
 * trainer's own step (`makeBatchGradient` + `applyStep`), so the arithmetic is the in-memory
 * trainer's. Memory: one chunk of lines, the shuffle buffer and one batch, whatever the file size.
 */
import { OptionError } from "../errors.js";
import type { Optimizer } from "../optim/index.js";
import { Rng } from "../random.js";
import {
  applyStep, defaultLoss, lossInTargetUnits, makeBatchGradient, parameterShapes, shuffleSeed,
  type EpochRecord, type LossName, type Model, type Params, type TrainingHistory,
} from "../train/index.js";
import type { DataStream } from "./dataset.js";
import { evaluateStream, type StreamEvaluation } from "./evaluate-stream.js";
import { RunningScore } from "./running-score.js";
import { ShuffleBuffer } from "./shuffle-buffer.js";
import { standardizeInPlace } from "./standardize-chunk.js";
import { count } from "../util/plural.js";

/** Rows the shuffle buffer holds by default (≈ 4 MB at 10 features). */
export const DEFAULT_SHUFFLE_BUFFER = 100_000;

export interface StreamTrainOptions {
  epochs: number;
  /** Rows per update; "full" is every training row (then rows are not shuffled, as in memory). */
  batchSize: number | "full";
  optimizer: Optimizer;
  loss?: LossName;
  /** Seeds the shuffle buffer (as `train` seeds its permutations). Default 1. */
  seed?: number;
  /** Rows the shuffle buffer holds; 0 turns shuffling off (rows in file order). */
  shuffleBuffer?: number;
  /** Score the test split after every epoch (one more pass over the file each time). */
  testEachEpoch?: boolean;
  onEpochEnd?(record: EpochRecord): void;
  interrupt?: AbortSignal;
}

export type StreamStop = { kind: "completed" } | { kind: "non-finite"; epoch: number; message: string } | { kind: "interrupted"; epoch: number };

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
}

function checkOptions(o: StreamTrainOptions): void {
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new OptionError(`epochs must be a whole number >= 0, got ${o.epochs}`);
  if (o.batchSize !== "full" && !(Number.isInteger(o.batchSize) && o.batchSize >= 1)) {
    throw new OptionError(`batch size must be "full" or a whole number >= 1, got ${o.batchSize}`);
  }
  const b = o.shuffleBuffer;
  if (b !== undefined && !(Number.isInteger(b) && b >= 0)) throw new OptionError(`shuffle buffer must be a whole number of rows >= 0, got ${b}`);
}

/**
 * Trains `model` in place on the training rows of `stream` (standardized with `model.standardizer`,
 * if any; a regression target standardized with `model.targetScaling`, if any).
 */
export async function trainStream(model: Model, stream: DataStream, options: StreamTrainOptions): Promise<StreamTrainResult> {
  checkOptions(options);
  const { spec, params } = model;
  if (stream.d !== spec.inputs) throw new OptionError(`model expects ${count(spec.inputs, "feature")}, ${stream.path} has ${stream.d}`);
  const d = spec.inputs;
  const loss = options.loss ?? defaultLoss(spec.head);
  const gradient = makeBatchGradient(spec, loss);
  const batchSize = options.batchSize === "full" ? stream.trainRows : Math.min(options.batchSize, stream.trainRows);
  // A full batch sees every row in every step: like the in-memory trainer, it does not shuffle.
  const shuffling = batchSize < stream.trainRows && (options.shuffleBuffer ?? DEFAULT_SHUFFLE_BUFFER) > 0;
  const rng = new Rng(shuffleSeed(options.seed ?? 1));
  const xBuf = new Float32Array(batchSize * d);
  const yBuf = new Float32Array(batchSize);
  const backup: Params = {};
  for (const k of Object.keys(params)) backup[k] = new Float32Array(params[k]!);
  const metricName = spec.head === "identity" ? "r2" : "accuracy";
  // Regression trains on the standardized target, as in memory; losses are reported in its units.
  const targetScale = spec.head === "identity" ? model.targetScaling : undefined;
  const history: EpochRecord[] = [];
  let updates = 0;
  let filled = 0;
  let failed: string | null = null;
  let score = new RunningScore(spec);
  let peakChunkRows = 0;
  let peakBufferRows = 0;
  let trainedRows = 0;
  const started = performance.now();
  const optimizerState = options.optimizer.init(params, parameterShapes(spec));
  // Schedule-free: scored and returned at x, trained at y (see the in-memory trainer).
  const toEval = () => options.optimizer.eval?.(params, optimizerState);
  const toTrain = () => options.optimizer.train?.(params, optimizerState);

  const step = (): void => {
    if (failed !== null || filled === 0) return;
    const xb = filled === batchSize ? xBuf : xBuf.subarray(0, filled * d);
    const yb = filled === batchSize ? yBuf : yBuf.subarray(0, filled);
    const { loss: batchLoss, outputs, grads } = gradient(params, xb, yb);
    filled = 0;
    if (!Number.isFinite(batchLoss)) {
      failed = `the loss became ${Number.isNaN(batchLoss) ? "NaN" : "infinite"} after ${updates} updates; try a smaller learning rate (the last finite weights were kept)`;
      return;
    }
    for (const k of Object.keys(params)) backup[k]!.set(params[k]!);
    if (!applyStep(options.optimizer, params, grads, optimizerState, undefined)) {
      for (const k of Object.keys(params)) params[k]!.set(backup[k]!);
      failed = `the weights became non-finite after ${updates} updates; try a smaller learning rate (the last finite weights were kept)`;
      return;
    }
    updates++;
    trainedRows += yb.length;
    score.add(targetScale ? lossInTargetUnits(loss, batchLoss, targetScale) : batchLoss, outputs, yb);
  };
  const take = (features: Float32Array, offset: number, target: number): void => {
    xBuf.set(features.subarray(offset, offset + d), filled * d);
    yBuf[filled] = targetScale ? (target - targetScale.mean) / targetScale.scale : target;
    filled++;
    if (filled === batchSize) step();
  };

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const epochStart = performance.now();
    score = new RunningScore(spec);
    const buffer = new ShuffleBuffer(options.shuffleBuffer ?? DEFAULT_SHUFFLE_BUFFER, d, shuffling ? rng : null, take);
    for await (const chunk of stream.chunks("train")) {
      peakChunkRows = Math.max(peakChunkRows, chunk.n);
      standardizeInPlace(chunk.features, model.standardizer);
      for (let i = 0; i < chunk.n; i++) buffer.push(chunk.features, i * d, chunk.targets[i]!);
      if (failed !== null || options.interrupt?.aborted) break;
    }
    if (failed === null && options.interrupt?.aborted) return finish({ kind: "interrupted", epoch });
    buffer.drain();
    step();
    peakBufferRows = Math.max(peakBufferRows, buffer.peakRows);
    if (failed !== null) return finish({ kind: "non-finite", epoch, message: failed });
    const train = score.result();
    toEval();
    const test = options.testEachEpoch && stream.testRows > 0 ? await evaluateStream(model, stream, "test", loss) : null;
    toTrain();
    const record: EpochRecord = {
      epoch, trainLoss: train.loss, trainMetric: train.metric,
      testLoss: test?.loss ?? NaN, testMetric: test?.metric ?? NaN, seconds: (performance.now() - epochStart) / 1000,
    };
    history.push(record);
    options.onEpochEnd?.(record);
    if (options.interrupt?.aborted && epoch < options.epochs) return finish({ kind: "interrupted", epoch });
  }
  return finish({ kind: "completed" });

  async function finish(stop: StreamStop): Promise<StreamTrainResult> {
    const seconds = (performance.now() - started) / 1000;
    if (stop.kind !== "non-finite") toEval();
    const test = stream.testRows > 0 ? await evaluateStream(model, stream, "test", loss) : null;
    return {
      metric: metricName, history, stop, updates, test,
      rowsPerSecond: seconds > 0 ? trainedRows / seconds : 0, peakBufferRows, peakChunkRows,
    };
  }
}
