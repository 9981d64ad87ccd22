/** Records produced by training, rendered by the CLI, plots and the web page. */

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainMetric: number;
  testLoss: number;
  testMetric: number;
  seconds: number;
}

export interface TrainingHistory {
  metric: "accuracy" | "r2";
  history: EpochRecord[];
  /** Optional per-step (per-minibatch) loss, for curves finer than an epoch. */
  stepLosses?: number[];
}
