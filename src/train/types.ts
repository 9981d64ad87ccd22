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
  /** Top eigenvalue of the training loss's Hessian at the end of the epoch (with `sharpnessEvery`; see sharpness.ts). */
  sharpness?: number;
  /** 2/η beside it: plain gradient descent is stable along a direction only while its curvature is below this. */
  stabilityEdge?: number;
}

export interface TrainingHistory {
  metric: "accuracy" | "r2";
  history: EpochRecord[];
  /** Optional per-step (per-minibatch) loss, for curves finer than an epoch. */
  stepLosses?: number[];
}
