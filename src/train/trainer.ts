/**
 * The training loop: epochs of shuffled batches (full batch, minibatches of k, or k = 1), any
 * optimizer and schedule, per-epoch history, early stopping on a validation split, callbacks,
 * and clean stops (non-finite loss, interrupt) that leave a state to checkpoint and resume.
 */
// Specific data modules, not the index: the trainer also runs in the browser (the playground).
import { gatherRows, gatherValues } from "../data/batches.js";
import type { Dataset } from "../data/dataset.js";
import { trainTestSplit } from "../data/split.js";
import { OptionError } from "../errors.js";
import type { Hyper, Optimizer, Schedule } from "../optim/index.js";
import { Rng } from "../random.js";
import { applyStep, makeBatchGradient, type GradientFn } from "./batch-step.js";
import { defaultLoss, type LossChoice, type LossName } from "./losses.js";
import { outputAccuracy, evaluatePrepared, prepareFeatures } from "./predict.js";
import { parameterShapes, type Model, type Params } from "./model.js";
import { emptyProgress, type RunState } from "./run-state.js";
import { lossInTargetUnits, scaleTargets } from "./target-scale.js";
import type { EpochRecord, TrainingHistory } from "./types.js";
import type { ParallelismReport } from "./parallelism.js";
import { sharpnessEstimator, type SharpnessOptions } from "./sharpness.js";

export interface BatchInfo {
  epoch: number;
  /** 1-based batch number within the epoch. */
  batch: number;
  batches: number;
  loss: number;
}

export interface TrainCallbacks {
  onEpochStart?(epoch: number, batches: number): void;
  onBatchEnd?(info: BatchInfo): void;
  /** Called after each epoch's record; return "stop" to end training there. */
  onEpochEnd?(record: EpochRecord, state: RunState): void | "stop";
}

export interface TrainOptions {
  epochs: number;
  /** Rows per update; "full" (or any size ≥ the rows) is batch gradient descent. */
  batchSize: number | "full";
  optimizer: Optimizer;
  schedule?: Schedule;
  /** A loss by name, or any function of tensors `(outputs, targets) => scalar tensor` (a custom
   * loss, compiled like the built-in ones). Default: the model head's natural loss. */
  loss?: LossChoice;
  /** Weight of each class in the training loss, by class index (see parseClassWeights). The
   * losses reported per epoch stay unweighted averages, comparable across weightings. */
  classWeights?: Float32Array;
  /** Seeds the shuffling (and the validation split). Default 1. */
  seed?: number;
  /** Scored after every epoch; not used for any decision. */
  test?: Dataset;
  /** Share of the training rows held out for early stopping (and a plateau schedule). */
  validationFraction?: number;
  /** Stop after this many epochs without a validation-loss improvement larger than minDelta. */
  patience?: number;
  minDelta?: number;
  /** Restore the best validation epoch's weights when stopping early. Default true. */
  restoreBest?: boolean;
  /** "full": score the whole training set after each epoch; "running": average the batches as
   * they were trained (free, but measured while the weights moved). Default: full for small data. */
  trainEvaluation?: "full" | "running";
  recordStepLosses?: boolean;
  callbacks?: TrainCallbacks;
  /** Checked after every batch; when aborted, training stops with a resumable state. */
  interrupt?: AbortSignal;
  /** Continue a run from a checkpoint's state (the model must hold that run's parameters). */
  resume?: RunState;
  /**
   * Builds the batch gradient instead of the one-thread compiled step, e.g. parallel-gradient.node.ts's
   * choice of kernel threads or data-parallel workers (Node only, so passed in rather than imported:
   * the trainer also runs in browsers). A `parallelism` it reports is returned in the result.
   */
  makeGradient?: (spec: Model["spec"], loss: LossName, params: Params, batchSize: number, classWeights?: Float32Array) =>
    GradientFn & { close?(): void; readonly parallelism?: ParallelismReport };
  /** Every this many epochs, record the training loss's sharpness (top Hessian eigenvalue). */
  sharpnessEvery?: number;
  sharpness?: SharpnessOptions;
}

export type StopReason =
  | { kind: "completed" }
  | { kind: "early-stopping"; bestEpoch: number }
  | { kind: "callback"; epoch: number }
  | { kind: "non-finite"; epoch: number; batch: number; message: string }
  | { kind: "interrupted"; epoch: number; batch: number };

/** The run's history (metric, one record per epoch, step losses when asked) with how and where it stopped. */
export interface TrainResult extends TrainingHistory {
  stop: StopReason;
  /** The state to checkpoint; `resume` with it continues the run. */
  state: RunState;
  batchSize: number;
  /** True when the requested batch size exceeded the rows and was reduced to a full batch. */
  batchClamped: boolean;
  /** How the run used the cores, when its gradient reports it (parallel-gradient.node.ts). */
  parallelism?: ParallelismReport;
}

/** The shuffle stream is seeded apart from weight initialisation, which callers seed with `seed`. */
export function shuffleSeed(seed: number): number {
  return (seed ^ 0x9e3779b9) >>> 0;
}

function checkOptions(o: TrainOptions): void {
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new OptionError(`epochs must be a whole number >= 0, got ${o.epochs}`);
  if (o.batchSize !== "full" && !(Number.isInteger(o.batchSize) && o.batchSize >= 1)) {
    throw new OptionError(`batch size must be "full" or a whole number >= 1, got ${o.batchSize}`);
  }
  if (o.patience !== undefined && !(Number.isInteger(o.patience) && o.patience >= 1)) {
    throw new OptionError(`patience must be a whole number >= 1, got ${o.patience}`);
  }
  if (o.patience !== undefined && o.validationFraction === undefined) {
    throw new OptionError("early stopping (patience) needs a validation split");
  }
}

function copyParams(params: Params): Params {
  const out: Params = {};
  for (const k of Object.keys(params)) out[k] = new Float32Array(params[k]!);
  return out;
}

function lrOf(options: TrainOptions, state: RunState): number | undefined {
  const s = options.schedule;
  if (s === undefined) return undefined;
  return s.kind === "step" ? s.lr(state.updates) : s.lr(state.plateau ?? s.init());
}

/** Trains `model` in place on raw `data` (the model's standardizer, if any, is applied first). */
export function train(model: Model, data: Dataset, options: TrainOptions): TrainResult {
  const steps = trainSteps(model, data, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `train` that gives the event loop a turn at least every `yieldEveryMs`, so that a Ctrl-C (which
 * aborts `options.interrupt` from a signal handler) and progress output get through while the
 * synchronous batches run. The numbers are identical to `train`'s.
 */
export async function trainAsync(model: Model, data: Dataset, options: TrainOptions, yieldEveryMs = 50): Promise<TrainResult> {
  const steps = trainSteps(model, data, options);
  let last = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - last >= yieldEveryMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
  }
}

/** The training loop as a generator that pauses after every batch; `train` and `trainAsync` drive it. */
export function* trainSteps(model: Model, data: Dataset, options: TrainOptions): Generator<void, TrainResult, void> {
  checkOptions(options);
  const seed = options.seed ?? 1;
  const loss = options.loss ?? defaultLoss(model.spec.head);
  let fit = data;
  let validation: Dataset | undefined;
  if (options.validationFraction !== undefined) {
    const split = trainTestSplit(data, { testFraction: options.validationFraction, seed: seed + 1, part: "validation" });
    fit = split.train;
    validation = split.test;
  }
  const n = fit.n;
  const d = model.spec.inputs;
  const x = prepareFeatures(model, fit.features);
  const xValidation = validation && prepareFeatures(model, validation.features);
  const xTest = options.test && prepareFeatures(model, options.test.features);
  // Regression with a target scale trains on standardized targets; every reported number is in the target's units.
  const targetScale = model.spec.head === "identity" ? model.targetScaling : undefined;
  const yFit = targetScale ? scaleTargets(targetScale, fit.targets) : fit.targets;
  const reportLoss = (v: number): number => (targetScale ? lossInTargetUnits(loss, v, targetScale) : v);
  const requested = options.batchSize === "full" ? n : options.batchSize;
  const batchSize = Math.min(requested, n);
  const batches = Math.ceil(n / batchSize);
  const full = batchSize === n;
  // Running R² over batches means little, so regression always scores the full training set.
  const trainEvaluation = model.spec.head === "identity" ? "full" : options.trainEvaluation ?? (n * d <= 4_000_000 ? "full" : "running");
  const params = model.params;
  // The compiled step jit(valueAndGrad(loss of the model)): the eager graph's numbers (tested), no typed array per batch.
  if (options.makeGradient && typeof loss === "function") throw new OptionError("a custom loss function runs on the one-thread compiled step, not with a custom gradient (data-parallel workers)");
  const gradient = options.makeGradient?.(model.spec, loss as LossName, params, batchSize, options.classWeights) ?? makeBatchGradient(model.spec, loss, options.classWeights);
  const backup = copyParams(params);
  const xBuf = new Float32Array(batchSize * d);
  const yBuf = new Float32Array(batchSize);
  const state: RunState = options.resume ?? {
    epoch: 0,
    batch: 0,
    order: null,
    rng: new Rng(shuffleSeed(seed)).getState(),
    optimizer: options.optimizer.init(params, parameterShapes(model.spec)),
    updates: 0,
    ...(options.schedule?.kind === "metric" ? { plateau: options.schedule.init() } : {}),
    progress: emptyProgress(),
    history: [],
    ...(options.recordStepLosses ? { stepLosses: [] } : {}),
    ...(options.patience !== undefined ? { early: { best: Infinity, bestEpoch: 0, wait: 0 } } : {}),
  };
  const rng = new Rng(state.rng);
  let sharpness: ReturnType<typeof sharpnessEstimator> | undefined;
  // Schedule-free optimizers take gradients at one point (y) and are scored at another (x): the
  // model holds x whenever anything outside the batch loop sees it (scores, callbacks and their
  // checkpoints, the returned model), and y while it trains; a resumed model holds x.
  const optimizer = options.optimizer;
  const toTrain = () => optimizer.train?.(params, state.optimizer);
  const toEval = () => optimizer.eval?.(params, state.optimizer);
  toTrain();
  const fullOrder = full ? identityOrder(n) : null; // read-only, shared by every epoch
  const metricName = model.spec.head === "identity" ? "r2" : "accuracy";
  const result = (stop: StopReason): TrainResult => {
    const parallelism = (gradient as { readonly parallelism?: ParallelismReport }).parallelism;
    (gradient as { close?(): void }).close?.();
    state.rng = rng.getState();
    // Other stops come at an epoch's end, already scored at x; after a non-finite step the kept
    // weights are the last finite training point.
    if (stop.kind === "completed" || stop.kind === "interrupted") toEval();
    return { metric: metricName, history: state.history, ...(state.stepLosses ? { stepLosses: state.stepLosses } : {}), stop, state, batchSize, batchClamped: requested > n, ...(parallelism ? { parallelism } : {}) };
  };

  while (state.epoch < options.epochs) {
    const epoch = state.epoch + 1;
    if (state.order === null) {
      // Batch gradient descent needs no shuffle: every step sees every row.
      state.order = fullOrder ?? rng.permutation(n);
      state.progress = emptyProgress();
    }
    const order = state.order;
    if (state.batch === 0) options.callbacks?.onEpochStart?.(epoch, batches);
    let started = performance.now();
    while (state.batch < batches) {
      const rows = order.subarray(state.batch * batchSize, Math.min(n, (state.batch + 1) * batchSize));
      // A full batch runs over the rows in order: use the table itself rather than copying it.
      const xb = full ? x : gatherRows(x, d, rows, xBuf);
      const yb = full ? yFit : gatherValues(yFit, rows, yBuf);
      const { loss: scaledLoss, outputs, grads } = gradient(params, xb, yb);
      const batchLoss = reportLoss(scaledLoss);
      const batchNumber = state.batch + 1;
      if (!Number.isFinite(batchLoss)) return result(nonFinite(epoch, batchNumber, batchLoss));
      for (const k of Object.keys(params)) backup[k]!.set(params[k]!);
      const lr = lrOf(options, state);
      const hyper: Hyper | undefined = lr === undefined ? undefined : { lr };
      if (!applyStep(options.optimizer, params, grads, state.optimizer, hyper)) {
        for (const k of Object.keys(params)) params[k]!.set(backup[k]!);
        return result(nonFinite(epoch, batchNumber, NaN));
      }
      state.updates += 1;
      state.batch = batchNumber;
      state.progress.lossSum += batchLoss * rows.length;
      state.progress.rows += rows.length;
      if (trainEvaluation === "running") state.progress.metricSum += batchMetric(model, outputs, yb) * rows.length;
      state.stepLosses?.push(batchLoss);
      options.callbacks?.onBatchEnd?.({ epoch, batch: batchNumber, batches, loss: batchLoss });
      yield;
      if (options.interrupt?.aborted && state.batch < batches) {
        state.progress.seconds += (performance.now() - started) / 1000;
        return result({ kind: "interrupted", epoch, batch: batchNumber });
      }
    }
    toEval();
    const trainScore = trainEvaluation === "full"
      ? evaluatePrepared(model.spec, params, x, fit.targets, loss, targetScale)
      : { loss: state.progress.lossSum / state.progress.rows, metric: state.progress.metricSum / state.progress.rows };
    const test = xTest && evaluatePrepared(model.spec, params, xTest, options.test!.targets, loss, targetScale);
    const val = xValidation && evaluatePrepared(model.spec, params, xValidation, validation!.targets, loss, targetScale);
    if (state.plateau && options.schedule?.kind === "metric") {
      state.plateau = options.schedule.observe(state.plateau, val?.loss ?? trainScore.loss);
    }
    state.progress.seconds += (performance.now() - started) / 1000;
    started = performance.now();
    const lrNow = lrOf(options, state) ?? options.optimizer.options.lr;
    const record: EpochRecord = {
      epoch,
      trainLoss: trainScore.loss,
      trainMetric: trainScore.metric,
      testLoss: test?.loss ?? NaN,
      testMetric: test?.metric ?? NaN,
      seconds: state.progress.seconds,
      ...(val ? { validationLoss: val.loss, validationMetric: val.metric } : {}),
      ...(lrNow !== undefined ? { lr: lrNow } : {}),
    };
    if (options.sharpnessEvery !== undefined && epoch % options.sharpnessEvery === 0) {
      // The curvature of the loss being descended: on standardized targets when the run trains on them.
      sharpness ??= sharpnessEstimator(model.spec, x, yFit, loss, { seed, ...options.sharpness });
      record.sharpness = sharpness(params).value;
      if (lrNow !== undefined) record.stabilityEdge = 2 / lrNow;
    }
    state.history.push(record);
    state.epoch = epoch;
    state.batch = 0;
    state.order = null;
    state.progress = emptyProgress();
    state.rng = rng.getState();
    const stopEarly = val && state.early ? updateEarlyStopping(state, val.loss, epoch, params, options) : false;
    if (options.callbacks?.onEpochEnd?.(record, state) === "stop") return result({ kind: "callback", epoch });
    if (stopEarly) {
      if ((options.restoreBest ?? true) && state.early!.bestParams) {
        for (const k of Object.keys(params)) params[k]!.set(state.early!.bestParams[k]!);
      }
      return result({ kind: "early-stopping", bestEpoch: state.early!.bestEpoch });
    }
    if (options.interrupt?.aborted && state.epoch < options.epochs) return result({ kind: "interrupted", epoch, batch: batches });
    toTrain();
  }
  return result({ kind: "completed" });
}

function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

function batchMetric(model: Model, outputs: Float32Array, targets: Float32Array): number {
  return outputAccuracy(model.spec, outputs, targets);
}

function nonFinite(epoch: number, batch: number, value: number): StopReason {
  return {
    kind: "non-finite",
    epoch,
    batch,
    message: `the loss became ${Number.isNaN(value) ? "NaN" : value > 0 ? "infinite" : "non-finite"} at epoch ${epoch}, batch ${batch}; try a smaller learning rate (the last finite weights were kept)`,
  };
}

/** Tracks the best validation loss; true when patience has run out. */
function updateEarlyStopping(state: RunState, valLoss: number, epoch: number, params: Params, options: TrainOptions): boolean {
  const early = state.early!;
  if (valLoss < early.best - (options.minDelta ?? 0)) {
    early.best = valLoss;
    early.bestEpoch = epoch;
    early.wait = 0;
    if (options.restoreBest ?? true) early.bestParams = copyParams(params);
    return false;
  }
  early.wait += 1;
  return early.wait >= options.patience!;
}
