/**
 * Loss and headline metric summed over a file's chunks, so a score over a file needs no more
 * memory than one chunk: the training loop's running sums (train/running-score.ts) over chunks.
 */
import { addToProgress, emptyProgress, progressScore, type ModelSpec } from "../train/index.js";

export class RunningScore {
  private readonly progress = emptyProgress();

  constructor(private readonly spec: ModelSpec) {}

  /** Adds a batch: its mean loss and the network outputs for its targets. */
  add(meanLoss: number, outputs: Float32Array, targets: Float32Array): void {
    addToProgress(this.progress, this.spec, meanLoss, outputs, targets);
  }

  get count(): number {
    return this.progress.rows;
  }

  /** Mean loss and accuracy (classifiers) or R² (regression); NaN before any row. */
  result(): { loss: number; metric: number } {
    return progressScore(this.progress, this.spec);
  }
}
