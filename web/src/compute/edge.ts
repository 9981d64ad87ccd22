/**
 * The learning-rate edge 2/L a view marks on its η slider: L is the largest Hessian eigenvalue
 * (the library's curvature record) at the minimum the first run heads for: the known minimum
 * nearest its last point for a built-in, else the last point itself. Above 2/L plain gradient
 * descent diverges near that minimum.
 */
import { curvatureFunction, type Curvature } from "../../../src/curvature/index.js";
import type { Problem } from "./problem.js";

export interface Edge {
  /** 2/L, or null where the function curves down or not at all (no edge). */
  edge: number | null;
  L: number;
  point: number[];
  /** "minimum", "saddle", … at that point, from the eigenvalues' signs. */
  kind: string;
}

export function stabilityEdge(problem: Problem, lastPoint: readonly number[]): Edge | null {
  const known = problem.fn.minima;
  let point = [...lastPoint];
  if (known.length > 0) {
    const d = (p: readonly number[]) => p.reduce((s, v, i) => s + (v - (lastPoint[i] ?? 0)) ** 2, 0);
    point = [...known.reduce((best, m) => (d(m.point) < d(best.point) ? m : best)).point];
  }
  const c = curvatureAtPoint(problem, point);
  return c === null ? null : { edge: c.maxStableLearningRate, L: c.L, point, kind: c.kind };
}

/** The curvature record at `point` (Hessian, eigenpairs, kind), or null where it cannot be had. */
export function curvatureAtPoint(problem: Problem, point: readonly number[]): Curvature | null {
  if (!point.every(Number.isFinite)) return null;
  try {
    // Deriving and compiling the Hessian costs far more than evaluating it: once per problem.
    problem.curvature ??= curvatureFunction(problem.fn.expr, problem.fn.variables);
    return problem.curvature.at(point);
  } catch {
    return null; // outside the domain, or not twice differentiable there
  }
}
