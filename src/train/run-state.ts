/**
 * Everything a training run needs to continue exactly where it stopped, besides the model's
 * parameters: the position in the epoch and its row order, the generator, the optimizer and
 * schedule states, partial epoch sums, the history and early-stopping bookkeeping.
 */
import type { OptimizerState, PlateauState } from "../optim/index.js";
import type { RngState } from "../random.js";
import type { Params } from "./model.js";
import type { EpochRecord } from "./types.js";

export interface EarlyStoppingState {
  best: number;
  bestEpoch: number;
  /** Epochs since the validation loss last improved. */
  wait: number;
  /** Parameters at the best epoch, restored when training stops early. */
  bestParams?: Params;
}

/** Sums over the batches seen so far in the current epoch (see running-score.ts). */
export interface EpochProgress {
  lossSum: number;
  /** Rows predicted right (classifiers). */
  metricSum: number;
  rows: number;
  seconds: number;
  /** Regression: sums of the targets, their squares and the squared residuals, for R². */
  sumY?: number;
  sumY2?: number;
  ssRes?: number;
}

export interface RunState {
  /** Epochs completed. */
  epoch: number;
  /** Batches completed in the current epoch; 0 at an epoch boundary. */
  batch: number;
  /** The current epoch's row order while an epoch is under way; null at a boundary. */
  order: Uint32Array | null;
  rng: RngState;
  optimizer: OptimizerState;
  /** Parameter updates made so far (the step count schedules read). */
  updates: number;
  plateau?: PlateauState;
  progress: EpochProgress;
  history: EpochRecord[];
  stepLosses?: number[];
  early?: EarlyStoppingState;
}

export function emptyProgress(): EpochProgress {
  return { lossSum: 0, metricSum: 0, rows: 0, seconds: 0 };
}
