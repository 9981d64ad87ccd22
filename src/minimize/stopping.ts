/** The two ends every minimize loop checks before a step: a small enough gradient, or the step budget. */
import type { MinimizeStatus } from "./types.js";

export interface StopReason {
  status: MinimizeStatus;
  reason: string;
}

/** Why a run stops before step `k + 1`, or null to go on (`tol` 0 never converges). */
export function stopBeforeStep(gradNorm: number, tol: number, k: number, steps: number): StopReason | null {
  if (tol > 0 && gradNorm < tol) {
    return { status: "converged", reason: `|∇f| = ${gradNorm.toExponential(2)} < tol ${tol < 1e-3 ? tol.toExponential() : tol} after ${k} steps` };
  }
  if (k >= steps) return { status: "max-steps", reason: `reached the maximum of ${steps} steps (|∇f| = ${gradNorm.toExponential(2)})` };
  return null;
}
