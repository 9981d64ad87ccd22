/**
 * The 1-D view's record: the run, the rows of its iterate table and what the curvature says about
 * the learning rate (the stability edge 2/f'' when f'' is constant, the local one otherwise).
 */
import { differentiate, evaluate, variablesOf, type Expr } from "../../../src/expr/index.js";
import { minimize, type MinimizeResult } from "../../../src/minimize/index.js";
import type { PlaygroundState } from "../state.js";
import { optimizerChoices } from "./optimizers.js";
import { resolveProblem, type Problem } from "./problem.js";

export interface IterateRow {
  k: number;
  x: number;
  value: number;
  derivative: number;
}

export interface Curvature {
  /** f'' at the current point. */
  second: number;
  /** True when f'' is the same everywhere (a quadratic): then 2/f'' is the exact stability edge. */
  constant: boolean;
  /** 2/f'' when f'' > 0, else undefined (no step size is stable on a concave stretch). */
  edge?: number;
}

export interface OneDRecord {
  problem: Problem;
  run: MinimizeResult;
  rows: IterateRow[];
  curvature: Curvature;
  /** Steps k at which the iterate jumped past the point where f' changes sign (overshoot). */
  overshoots: number[];
}

function secondDerivative(expr: Expr): { expr: Expr; constant: boolean } {
  const d2 = differentiate(differentiate(expr, "x"), "x");
  return { expr: d2, constant: variablesOf(d2).length === 0 };
}

/** Runs exactly `state.steps` updates (tol 0) from x0 and collects everything the view shows. */
export function computeOneD(state: PlaygroundState): OneDRecord {
  const problem = resolveProblem(state.f, 1);
  const [first] = optimizerChoices(state.optimizers.slice(0, 1), state.lr);
  const run = minimize(problem.compiled, [state.x0], { steps: state.steps, tol: 0, optimizer: first!.choice });
  const g = new Float64Array(1);
  const rows = run.trajectory.map((p, k) => {
    const value = problem.compiled.valueAndGrad(Float64Array.from(p), g);
    return { k, x: p[0]!, value, derivative: g[0]! };
  });
  const overshoots = rows.filter((r, i) => i > 0 && Math.sign(r.derivative) !== 0 && Math.sign(r.derivative) === -Math.sign(rows[i - 1]!.derivative)).map((r) => r.k);
  const d2 = secondDerivative(problem.fn.expr);
  const current = rows[rows.length - 1]!;
  const second = problem.fn.lipschitz ?? evaluate(d2.expr, { x: current.x });
  const constant = problem.fn.lipschitz !== undefined || d2.constant;
  const curvature: Curvature = { second, constant, ...(second > 0 ? { edge: 2 / second } : {}) };
  return { problem, run, rows, curvature, overshoots };
}
