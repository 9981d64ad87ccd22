/**
 * Learning-rate sweep: the same run at many learning rates, to find the stability edge (2/L for a
 * quadratic whose gradient is L-Lipschitz).
 */
import { minimize, type MinimizeOptions } from "./minimize.js";
import type { Objective } from "./objective.js";
import type { MinimizeStatus } from "./types.js";

export interface SweepPoint {
  lr: number;
  status: MinimizeStatus;
  finalValue: number;
  steps: number;
}

/** Log-spaced learning rates from lo to hi (inclusive). */
export function logSpace(lo: number, hi: number, n: number): number[] {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return Array.from({ length: n }, (_, i) => 10 ** (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

export function learningRateSweep(
  objective: Objective,
  start: number[],
  lrs: number[],
  options: Omit<MinimizeOptions, "lr" | "record"> = {},
): SweepPoint[] {
  return lrs.map((lr) => {
    const run = minimize(objective, start, { ...options, lr, record: false });
    return { lr, status: run.status, finalValue: run.value, steps: run.steps };
  });
}
