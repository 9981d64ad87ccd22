/**
 * The training loop: epochs of shuffled batches (full batch, minibatches of k, or k = 1), any
 * optimizer and schedule, per-epoch history, early stopping on a validation split, callbacks,
 * and clean stops (non-finite loss, interrupt) that leave a state to checkpoint and resume.
 */
// Specific data modules, not the index: the trainer also runs in the browser (the playground).
import type { Dataset } from "../data/dataset.js";
import { trainTestSplit } from "../data/split.js";
import { memoryBatches } from "./batch-source.js";
import { makeBatchGradient, type GradientFn } from "./batch-step.js";
import { defaultLoss, type LossChoice } from "./losses.js";
import { evaluatePrepared, prepareFeatures } from "./predict.js";
import { parameterShapes, type Model, type Params } from "./model.js";
import type { RunState } from "./run-state.js";
import { lossInTargetUnits, scaleTargets } from "./target-scale.js";
import type { TrainingHistory } from "./types.js";
import type { ParallelismReport } from "./parallelism.js";
import { sharpnessEstimator, type SharpnessOptions } from "./sharpness.js";
import { checkLoopOptions, freshRunState, runLoop, type LoopEnd, type LoopOptions, type StopReason } from "./loop.js";
import { unweightedLoss } from "./class-weights.js";
import { isFullBatchOptimizer, type BoundLbfgs, type FullBatchOptimizer } from "./lbfgs-run.js";
import { OptionError } from "../errors.js";

export { shuffleSeed, type BatchInfo, type StopReason, type TrainCallbacks } from "./loop.js";

export interface TrainOptions extends LoopOptions {
  /** A loss by name, or any function of tensors `(outputs, targets) => scalar tensor` (a custom
   * loss, compiled like the built-in ones). Default: the model head's natural loss. */
  loss?: LossChoice;
  /** Weight of each class in the training loss, by class index (see parseClassWeights). Every loss
   * reported (per batch, per epoch, running or full) stays the unweighted mean, comparable across
   * weightings; the weighted mean is what the gradient descends. */
  classWeights?: Float32Array;
  /** Seeds the shuffling (and the validation split). Default 1. */
  seed?: number;
  /** Scored after every epoch; not used for any decision. */
  test?: Dataset;
  /** "full": score the whole training set after each epoch; "running": average the batches as
   * they were trained (free, but measured while the weights moved). Default: full for small data. */
  trainEvaluation?: "full" | "running";
  /** Continue a run from a checkpoint's state (the model must hold that run's parameters). */
  resume?: RunState;
  /**
   * Builds the batch gradient instead of the one-thread compiled step, e.g. parallel-gradient.node.ts's
   * choice of kernel threads or data-parallel workers (Node only, so passed in rather than imported:
   * the trainer also runs in browsers; the Node entry's `train` passes it by default). A
   * `parallelism` it reports is returned in the result.
   */
  makeGradient?: (spec: Model["spec"], loss: LossChoice, params: Params, batchSize: number, classWeights?: Float32Array) =>
    GradientFn & { close?(): void; readonly parallelism?: ParallelismReport };
  /** Every this many epochs, record the training loss's sharpness (top Hessian eigenvalue). */
  sharpnessEvery?: number;
  sharpness?: SharpnessOptions;
}

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

/** The training loop (loop.ts) over rows in memory, as a generator that pauses after every batch; `train` and `trainAsync` drive it. */
export function* trainSteps(model: Model, data: Dataset, options: TrainOptions): Generator<void, TrainResult, void> {
  checkLoopOptions(options);
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
  const requested = options.batchSize === "full" ? n : options.batchSize;
  const batchSize = Math.min(requested, n);
  // Running R² over batches means little, so regression always scores the full training set.
  const trainEvaluation = model.spec.head === "identity" ? "full" : options.trainEvaluation ?? (n * d <= 4_000_000 ? "full" : "running");
  const params = model.params;
  const weights = options.classWeights;
  // The compiled step jit(valueAndGrad(loss of the model)): the eager graph's numbers (tested), no typed array per batch.
  const gradient: ReturnType<NonNullable<TrainOptions["makeGradient"]>> =
    options.makeGradient?.(model.spec, loss, params, batchSize, weights) ?? makeBatchGradient(model.spec, loss, weights);
  const state = options.resume ?? freshRunState(options, options.optimizer.init(params, parameterShapes(model.spec)), seed);
  let sharpness: ReturnType<typeof sharpnessEstimator> | undefined;
  const lbfgs = isFullBatchOptimizer(options.optimizer) ? bindFullBatch(options, gradient, x, yFit, batchSize) : undefined;
  // Rows in memory never make the loop wait, so it yields nothing but pauses.
  const end = yield* (runLoop(lbfgs ? { ...options, optimizer: lbfgs } : options, {
    spec: model.spec,
    params,
    gradient,
    source: memoryBatches(x, yFit, d, batchSize),
    state,
    reportLoss: (descended, outputs, y) => {
      const plain = weights && typeof loss === "string" ? unweightedLoss(loss, outputs, y, model.spec.outputs) : descended;
      return targetScale ? lossInTargetUnits(loss, plain, targetScale) : plain;
    },
    *score(running) {
      const train = trainEvaluation === "full" ? evaluatePrepared(model.spec, params, x, fit.targets, loss, targetScale) : running;
      const test = xTest && evaluatePrepared(model.spec, params, xTest, options.test!.targets, loss, targetScale);
      const val = xValidation && evaluatePrepared(model.spec, params, xValidation, validation!.targets, loss, targetScale);
      return { train, ...(test ? { test } : {}), ...(val ? { validation: val } : {}) };
    },
    annotate(record, lr) {
      if (options.sharpnessEvery === undefined || record.epoch % options.sharpnessEvery !== 0) return;
      // The curvature of the loss being descended: on standardized targets when the run trains on them.
      sharpness ??= sharpnessEstimator(model.spec, x, yFit, loss, { seed, ...options.sharpness });
      record.sharpness = sharpness(params).value;
      if (lr !== undefined) record.stabilityEdge = 2 / lr;
    },
    ...(lbfgs ? { finished: lbfgs.finished } : {}),
  }) as Generator<void, LoopEnd, void>);
  const metric = model.spec.head === "identity" ? "r2" : "accuracy";
  const parallelism = gradient.parallelism;
  return {
    metric, history: state.history, ...(state.stepLosses ? { stepLosses: state.stepLosses } : {}), stop: end.stop, state, batchSize, batchClamped: requested > n,
    ...(parallelism ? { parallelism } : {}),
  };
}

/** Full-batch L-BFGS on the fitting rows: refuses what would change its loss between evaluations. */
function bindFullBatch(options: TrainOptions, gradient: GradientFn, x: Float32Array, y: Float32Array, batchSize: number): BoundLbfgs {
  const optimizer = options.optimizer as FullBatchOptimizer;
  if (batchSize < y.length) {
    throw new OptionError(`${optimizer.name} trains on the full batch (its line search compares the loss of the same rows at several points), not batches of ${batchSize}: use batch size "full"`);
  }
  if (options.schedule) throw new OptionError(`${optimizer.name} sets each step's length by its line search; drop the learning-rate schedule`);
  return optimizer.bind(gradient, x, y, options.epochs);
}
