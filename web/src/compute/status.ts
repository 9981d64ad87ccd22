/**
 * What a run's end point really is. `minimize` says "converged" once the gradient is tiny, which
 * also happens far out on a flat plateau or on a saddle; the curvature record (the library's
 * Hessian eigenvalues) tells those apart, so the page never calls a plateau a minimum.
 */
import type { MinimizeResult } from "../../../src/minimize/index.js";
import { curvatureAtPoint } from "./edge.js";
import type { Problem } from "./problem.js";

/** Curvature below this (largest eigenvalue) counts as flat: the run stalled, it did not settle. */
const FLAT = 1e-6;

export function honestStatus(problem: Problem, run: MinimizeResult): string {
  if (run.status !== "converged") return run.status;
  // The problem's own Hessian (derived once per problem); null where it cannot be had there.
  const c = curvatureAtPoint(problem, run.point);
  if (c === null) return run.status;
  if (c.kind === "flat" || Math.abs(c.L) < FLAT) return "stalled on a plateau";
  if (c.kind === "saddle") return "not a minimum (saddle)";
  if (c.kind === "maximum") return "not a minimum (maximum)";
  return "converged";
}
