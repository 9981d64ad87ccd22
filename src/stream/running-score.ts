/**
 * Loss and headline metric summed over batches or chunks, so a score over a file needs no more
 * memory than one chunk: accuracy from hit counts, R² from running sums of squares.
 */
import { outputHits, type ModelSpec } from "../train/index.js";

export class RunningScore {
  private rows = 0;
  private lossSum = 0;
  private hits = 0;
  private sumY = 0;
  private sumY2 = 0;
  private ssRes = 0;

  constructor(private readonly spec: ModelSpec) {}

  /** Adds a batch: its mean loss and the network outputs for its targets. */
  add(meanLoss: number, outputs: Float32Array, targets: Float32Array): void {
    const n = targets.length;
    this.rows += n;
    this.lossSum += meanLoss * n;
    if (this.spec.head !== "identity") {
      this.hits += outputHits(this.spec, outputs, targets);
      return;
    }
    // A regression's prediction is its output.
    for (let i = 0; i < n; i++) {
      const y = targets[i]!;
      this.sumY += y;
      this.sumY2 += y * y;
      this.ssRes += (outputs[i]! - y) ** 2;
    }
  }

  get count(): number {
    return this.rows;
  }

  /** Mean loss and accuracy (classifiers) or R² (regression); NaN before any row. */
  result(): { loss: number; metric: number } {
    if (this.rows === 0) return { loss: NaN, metric: NaN };
    if (this.spec.head !== "identity") return { loss: this.lossSum / this.rows, metric: this.hits / this.rows };
    const ssTot = this.sumY2 - (this.sumY * this.sumY) / this.rows;
    return { loss: this.lossSum / this.rows, metric: ssTot > 0 ? 1 - this.ssRes / ssTot : NaN };
  }
}
