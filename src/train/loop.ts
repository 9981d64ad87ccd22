/**
 * The one training loop, shared by `train` (rows in memory), the streaming trainer (a file read in
 * chunks) and the study's runs: epochs of batches from a `BatchSource`, the learning rate per
 * update (the optimizer library's `withSchedule`; a plateau schedule per epoch), non-finite steps
 * rejected by `rejectNonFiniteSteps` and reported in one message, per-epoch records, callbacks,
 * early stopping and clean stops (non-finite loss, interrupt) that leave a state to checkpoint and
 * resume. It is a generator that pauses after every batch; a source reading a file yields
 * promises in between, which the async driver awaits (in-memory sources never do).
 */
import { OptionError } from "../errors.js";
import { rejectNonFiniteSteps, withSchedule, type Hyper, type Optimizer, type Schedule } from "../optim/index.js";
import { Rng } from "../random.js";
import type { GradientFn } from "./batch-step.js";
import type { Params } from "./model.js";
import { addToProgress, progressScore } from "./running-score.js";
import { emptyProgress, type RunState } from "./run-state.js";
import type { ModelSpec } from "./model.js";
import type { EpochRecord } from "./types.js";

export interface BatchInfo {
  epoch: number;
  /** 1-based batch number within the epoch. */
  batch: number;
  /** Batches in the epoch; NaN when the source cannot tell before the epoch ends (streams). */
  batches: number;
  loss: number;
}

export interface TrainCallbacks {
  onEpochStart?(epoch: number, batches: number): void;
  onBatchEnd?(info: BatchInfo): void;
  /** Called after each epoch's record; return "stop" to end training there. */
  onEpochEnd?(record: EpochRecord, state: RunState): void | "stop";
}

export type StopReason =
  | { kind: "completed" }
  | { kind: "early-stopping"; bestEpoch: number }
  | { kind: "callback"; epoch: number }
  | { kind: "non-finite"; epoch: number; batch: number; message: string }
  | { kind: "interrupted"; epoch: number; batch: number }
  /** A method that decides when it is done (full-batch L-BFGS) stopped: why, in its words. */
  | { kind: "converged"; epoch: number; reason: string };

/** The options every driver of the loop takes (TrainOptions and the streaming options extend them). */
export interface LoopOptions {
  epochs: number;
  /** Rows per update; "full" (or any size ≥ the rows) is batch gradient descent. */
  batchSize: number | "full";
  optimizer: Optimizer;
  schedule?: Schedule;
  /** Share of the training rows held out for early stopping (and a plateau schedule). */
  validationFraction?: number;
  /** Stop after this many epochs without a validation-loss improvement larger than minDelta. */
  patience?: number;
  minDelta?: number;
  /** Restore the best validation epoch's weights when stopping early. Default true. */
  restoreBest?: boolean;
  recordStepLosses?: boolean;
  callbacks?: TrainCallbacks;
  /** Checked after every batch; when aborted, training stops with a resumable state. */
  interrupt?: AbortSignal;
}

/** The checks every driver makes before it starts: one place, one wording. */
export function checkLoopOptions(o: LoopOptions): void {
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

/** One batch of rows: features (rows × inputs, row-major) and targets (as the loss reads them). */
export interface Batch {
  x: Float32Array;
  y: Float32Array;
}

/** A pause while data is read (a streamed file); the async driver awaits it, then resumes the loop. */
export type Wait = Promise<unknown>;

/** Where a run's batches come from. */
export interface BatchSource {
  /** Batches per epoch when known before it starts; NaN for streams. */
  readonly batchesPerEpoch: number;
  /**
   * The current epoch's batches from batch `state.batch` on (0 at an epoch's start). A yielded batch
   * may be a view the next one overwrites. `rng` is the run's generator (saved in checkpoints).
   */
  batches(state: RunState, rng: Rng): Generator<Batch | Wait, void, void>;
}

export interface Score {
  loss: number;
  metric: number;
}

/** An epoch's scores, taken with the model at its evaluation point. */
export interface EpochScores {
  train: Score;
  test?: Score;
  validation?: Score;
}

/** What a driver hands the loop besides its options. */
export interface LoopParts {
  spec: ModelSpec;
  params: Params;
  gradient: GradientFn & { close?(): void };
  source: BatchSource;
  /** A fresh run's state, or a checkpoint's to resume. */
  state: RunState;
  /** The batch's loss as reported (callbacks, step losses, running scores), from the loss descended
   * and the batch: in the target's units, and unweighted when classes are weighted. */
  reportLoss(descended: number, outputs: Float32Array, y: Float32Array): number;
  /**
   * Scores the epoch; `running` is the mean over its batches as they were trained (free, but
   * measured while the weights moved). May yield waits (a test split read from a file).
   */
  score(running: Score): Generator<Wait, EpochScores, void>;
  /** Adds measurements to the epoch's record before callbacks see it (sharpness). */
  annotate?(record: EpochRecord, lr: number | undefined): void;
  /** Checked after each epoch: a reason when the method has nothing left to do (L-BFGS converged). */
  finished?(): string | undefined;
}

/** A fresh run's state, seeded for the batch order. */
export function freshRunState(options: LoopOptions, optimizerState: RunState["optimizer"], seed: number): RunState {
  return {
    epoch: 0,
    batch: 0,
    order: null,
    rng: new Rng(shuffleSeed(seed)).getState(),
    optimizer: optimizerState,
    updates: 0,
    ...(options.schedule?.kind === "metric" ? { plateau: options.schedule.init() } : {}),
    progress: emptyProgress(),
    history: [],
    ...(options.recordStepLosses ? { stepLosses: [] } : {}),
    ...(options.patience !== undefined ? { early: { best: Infinity, bestEpoch: 0, wait: 0 } } : {}),
  };
}

/** The shuffle stream is seeded apart from weight initialisation, which callers seed with `seed`. */
export function shuffleSeed(seed: number): number {
  return (seed ^ 0x9e3779b9) >>> 0;
}

/** The message of every non-finite stop: where, and what to do. */
export function nonFiniteStop(epoch: number, batch: number, value: number): StopReason {
  return {
    kind: "non-finite",
    epoch,
    batch,
    message: `the loss became ${Number.isNaN(value) ? "NaN" : value > 0 ? "infinite" : "non-finite"} at epoch ${epoch}, batch ${batch}; try a smaller learning rate (the last finite weights were kept)`,
  };
}

function copyParams(params: Params): Params {
  const out: Params = {};
  for (const k of Object.keys(params)) out[k] = new Float32Array(params[k]!);
  return out;
}

function lrOf(options: LoopOptions, state: RunState): number | undefined {
  const s = options.schedule;
  if (s === undefined) return undefined;
  return s.kind === "step" ? s.lr(state.updates) : s.lr(state.plateau ?? s.init());
}

export interface LoopEnd {
  stop: StopReason;
  state: RunState;
}

/** The loop; see the module comment. Drivers check `options` with `checkLoopOptions` first. */
export function* runLoop(options: LoopOptions, parts: LoopParts): Generator<void | Wait, LoopEnd, void> {
  const { params, gradient, source, state } = parts;
  const rng = new Rng(state.rng);
  const base = options.optimizer;
  const scheduled = options.schedule?.kind === "step" ? withSchedule(base, options.schedule) : base;
  const optimizer = rejectNonFiniteSteps(scheduled);
  // Schedule-free optimizers take gradients at one point (y) and are scored at another (x): the
  // model holds x whenever anything outside the batch loop sees it (scores, callbacks and their
  // checkpoints, the returned model), and y while it trains; a resumed model holds x.
  const toTrain = () => base.train?.(params, state.optimizer);
  const toEval = () => base.eval?.(params, state.optimizer);
  toTrain();
  const end = (stop: StopReason): LoopEnd => {
    gradient.close?.();
    state.rng = rng.getState();
    // Other stops come at an epoch's end, already scored at x; after a non-finite step the kept
    // weights are the last finite training point.
    if (stop.kind === "completed" || stop.kind === "interrupted" || stop.kind === "converged") toEval();
    return { stop, state };
  };

  while (state.epoch < options.epochs) {
    const epoch = state.epoch + 1;
    if (state.batch === 0) {
      state.progress = emptyProgress();
      options.callbacks?.onEpochStart?.(epoch, source.batchesPerEpoch);
    }
    let started = performance.now();
    // A plateau schedule's rate is per epoch (it moves only at an epoch's end); a step schedule's
    // is the optimizer's (withSchedule).
    const hyper: Hyper | undefined = state.plateau && options.schedule?.kind === "metric" ? { lr: options.schedule.lr(state.plateau) } : undefined;
    for (const item of source.batches(state, rng)) {
      if (item instanceof Promise) {
        yield item;
        continue;
      }
      const { x, y } = item;
      const { loss: descended, outputs, grads } = gradient(params, x, y);
      const batchLoss = parts.reportLoss(descended, outputs, y);
      const batchNumber = state.batch + 1;
      if (!Number.isFinite(descended) || !Number.isFinite(batchLoss)) return end(nonFiniteStop(epoch, batchNumber, Number.isFinite(descended) ? batchLoss : descended));
      // Tallied before the step: a step may reuse the gradient's buffers (L-BFGS's line search).
      addToProgress(state.progress, parts.spec, batchLoss, outputs, y);
      const rejected = optimizer.rejected;
      optimizer.step(params, grads, state.optimizer, hyper);
      if (optimizer.rejected !== rejected) return end(nonFiniteStop(epoch, batchNumber, NaN));
      state.updates += 1;
      state.batch = batchNumber;
      state.stepLosses?.push(batchLoss);
      options.callbacks?.onBatchEnd?.({ epoch, batch: batchNumber, batches: source.batchesPerEpoch, loss: batchLoss });
      yield;
      if (options.interrupt?.aborted && !(state.batch === source.batchesPerEpoch)) {
        state.progress.seconds += (performance.now() - started) / 1000;
        return end({ kind: "interrupted", epoch, batch: batchNumber });
      }
    }
    const batches = state.batch;
    toEval();
    const scores = yield* parts.score(progressScore(state.progress, parts.spec));
    const trainScore = scores.train;
    const val = scores.validation;
    if (state.plateau && options.schedule?.kind === "metric") {
      state.plateau = options.schedule.observe(state.plateau, val?.loss ?? trainScore.loss);
    }
    state.progress.seconds += (performance.now() - started) / 1000;
    started = performance.now();
    const lrNow = lrOf(options, state) ?? (base.options.lr as number | undefined);
    const record: EpochRecord = {
      epoch,
      trainLoss: trainScore.loss,
      trainMetric: trainScore.metric,
      testLoss: scores.test?.loss ?? NaN,
      testMetric: scores.test?.metric ?? NaN,
      seconds: state.progress.seconds,
      ...(val ? { validationLoss: val.loss, validationMetric: val.metric } : {}),
      ...(lrNow !== undefined ? { lr: lrNow } : {}),
    };
    parts.annotate?.(record, lrNow);
    state.history.push(record);
    state.epoch = epoch;
    state.batch = 0;
    state.order = null;
    state.progress = emptyProgress();
    state.rng = rng.getState();
    const stopEarly = val && state.early ? updateEarlyStopping(state, val.loss, epoch, params, options) : false;
    if (options.callbacks?.onEpochEnd?.(record, state) === "stop") return end({ kind: "callback", epoch });
    if (stopEarly) {
      if ((options.restoreBest ?? true) && state.early!.bestParams) {
        for (const k of Object.keys(params)) params[k]!.set(state.early!.bestParams[k]!);
      }
      return end({ kind: "early-stopping", bestEpoch: state.early!.bestEpoch });
    }
    const done = parts.finished?.();
    if (done !== undefined && state.epoch < options.epochs) return end({ kind: "converged", epoch, reason: done });
    if (options.interrupt?.aborted && state.epoch < options.epochs) return end({ kind: "interrupted", epoch, batch: batches });
    toTrain();
  }
  return end({ kind: "completed" });
}

/** Tracks the best validation loss; true when patience has run out. */
function updateEarlyStopping(state: RunState, valLoss: number, epoch: number, params: Params, options: LoopOptions): boolean {
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
