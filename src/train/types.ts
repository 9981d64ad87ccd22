/** Records produced by training, rendered by the CLI, plots and the web page. */

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainMetric: number;
  /** NaN (null in JSON) when training ran without a test set. */
  testLoss: number;
  testMetric: number;
  seconds: number;
  /** Loss and metric on the held-out validation split, when early stopping uses one. */
  validationLoss?: number;
  validationMetric?: number;
  /** Learning rate in force at the end of the epoch. */
  lr?: number;
}

export interface TrainingHistory {
  metric: "accuracy" | "r2";
  history: EpochRecord[];
  /** Optional per-step (per-minibatch) loss, for curves finer than an epoch. */
  stepLosses?: number[];
}
