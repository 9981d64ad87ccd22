/**
 * Loss and headline metric summed over batches as they are trained (or over a file's chunks), so
 * a score needs no more memory than one batch: accuracy from hit counts, R² from running sums of
 * squares. The sums live in an `EpochProgress`, which checkpoints carry.
 */
import type { ModelSpec } from "./model.js";
import { outputHits } from "./predict.js";
import type { EpochProgress } from "./run-state.js";

/** Adds a batch: its mean loss and the network outputs for its targets. */
export function addToProgress(progress: EpochProgress, spec: ModelSpec, meanLoss: number, outputs: Float32Array, targets: Float32Array): void {
  const n = targets.length;
  progress.rows += n;
  progress.lossSum += meanLoss * n;
  if (spec.head !== "identity") {
    progress.metricSum += outputHits(spec, outputs, targets);
    return;
  }
  // A regression's prediction is its output; R² is the same on standardized targets. Summed row
  // by row into the epoch's totals (not per batch), as a file's chunks are.
  let sumY = progress.sumY ?? 0, sumY2 = progress.sumY2 ?? 0, ssRes = progress.ssRes ?? 0;
  for (let i = 0; i < n; i++) {
    const y = targets[i]!;
    sumY += y;
    sumY2 += y * y;
    ssRes += (outputs[i]! - y) ** 2;
  }
  progress.sumY = sumY;
  progress.sumY2 = sumY2;
  progress.ssRes = ssRes;
}

/** Mean loss and accuracy (classifiers) or R² (regression); NaN before any row. */
export function progressScore(progress: EpochProgress, spec: ModelSpec): { loss: number; metric: number } {
  const rows = progress.rows;
  if (rows === 0) return { loss: NaN, metric: NaN };
  if (spec.head !== "identity") return { loss: progress.lossSum / rows, metric: progress.metricSum / rows };
  const sumY = progress.sumY ?? 0;
  const ssTot = (progress.sumY2 ?? 0) - (sumY * sumY) / rows;
  return { loss: progress.lossSum / rows, metric: ssTot > 0 ? 1 - (progress.ssRes ?? 0) / ssTot : NaN };
}
