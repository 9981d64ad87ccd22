/**
 * Axes for the network view's curves, which grow while the network trains live. Fitted to the
 * data on every redraw, the chart rescaled several times a second (the update axis at each round
 * number passed, the log loss axis as the loss fell), so the eye could not follow a curve. These
 * axes only grow, and each time with room to spare: the update axis to the next of 1, 2 or 5 × 10ᵏ
 * at least a quarter past the count, the loss axis to whole decades, the R² axis down by quarters.
 * A run's axes change a handful of times in all, and a paused or scrubbed run keeps its axes.
 */
import type { Series } from "../compute/network.js";

export interface CurveAxes {
  /** The update axis is [0, updates]. */
  updates: number;
  /** The loss axis (log scale), whole decades. */
  loss: [number, number];
  /** The accuracy or R² axis. */
  metric: [number, number];
}

/** The update axis's smallest right end. */
const MIN_UPDATES = 10;
/** The update axis ends at least this far past the count. */
const HEADROOM = 1.25;

/** The smallest 1, 2 or 5 × 10ᵏ at or above v. */
function roundUp125(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= v * (1 - 1e-12)) ?? 10 * p;
}

/** The axes for `series`: `previous` grown only as far as the data need (null for a new run). */
export function growAxes(previous: CurveAxes | null, series: Series, metric: "accuracy" | "r2"): CurveAxes {
  const last = series.updates.length > 0 ? series.updates[series.updates.length - 1]! : 0;
  let updates = Math.max(previous?.updates ?? MIN_UPDATES, MIN_UPDATES);
  if (last > updates) updates = roundUp125(last * HEADROOM);

  let loss: [number, number] = previous?.loss ?? [Infinity, -Infinity];
  for (const v of [...series.trainLoss, ...series.testLoss]) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    const lo = 10 ** Math.floor(Math.log10(v));
    const hi = 10 ** Math.ceil(Math.log10(v));
    loss = [Math.min(loss[0], lo), Math.max(loss[1], hi > lo ? hi : 10 * lo)];
  }
  if (!(loss[0] < loss[1])) loss = [0.1, 1];

  let low = previous?.metric[0] ?? 0;
  if (metric === "r2") {
    const scores = [...series.trainMetric, ...series.testMetric].filter(Number.isFinite);
    // Below −1 a fit is worse than useless; the curve is cut there rather than the axis stretched.
    for (const v of scores) low = Math.min(low, Math.max(-1, Math.floor(4 * v) / 4));
  }
  return { updates, loss, metric: [metric === "r2" ? low : 0, 1] };
}
