/** The learning-rate finder on a training configuration: shared by `lr-find` and `train --lr auto`. */
import { lrFind, prepareRun, type LrFindResult, type TrainingConfig } from "../train/index.node.js";

/** Runs the finder on the run `config` sets up (same split, standardization, initial weights and
 * class weights as train would use). */
export function findLearningRate(config: TrainingConfig, options: { startLr?: number; endLr?: number; iterations?: number } = {}): LrFindResult {
  const { lr: _ignored, ...rest } = config;
  const run = prepareRun({ ...rest, epochs: 1 });
  return lrFind(run.model, run.train, { optimizer: run.optimizer, batchSize: config.batchSize, loss: run.loss, seed: config.seed, ...(run.classWeights ? { classWeights: run.classWeights } : {}), ...options });
}
