/**
 * Newton's method for `minimize`, made safe away from the minimum:
 * - `newton`: the full Hessian (n Hessian-vector products), shifted by τI until it is positive
 *   definite (τ = 0 near a minimum: pure Newton steps, quadratic convergence), solved through its
 *   eigen-decomposition; an indefinite Hessian (a saddle region) thus still gives a descent direction.
 * - `newton-cg`: conjugate gradients on (H + τI)·p = −∇f using only Hessian-vector products (τ
 *   raised when CG meets negative curvature), for many variables.
 * Both take an Armijo backtracking line search from the full step (damped Newton).
 */
import { symmetricEigen } from "../curvature/eigen.js";
import { norm } from "./minimize.js";
import type { MinimizeOptions } from "./minimize.js";
import type { MinimizeResult, MinimizeStatus } from "./types.js";
import { stopBeforeStep } from "./stopping.js";
import { DEFAULT_DIVERGENCE, divergenceReason } from "./divergence.js";
import type { Objective } from "./objective.js";

export type NewtonVariant = "newton" | "newton-cg";

/** H(x)·v from the objective's own second derivatives, else central differences of its gradient. */
export function hessianVectorProduct(objective: Objective): (x: Float64Array, v: Float64Array, out: Float64Array) => void {
  if (objective.hvp) return (x, v, out) => objective.hvp!(x, v, out);
  const n = objective.variables.length;
  const xp = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  return (x, v, out) => {
    const scale = Math.max(1, norm(x)) / Math.max(norm(v), 1e-300);
    const h = 1e-5 * scale;
    for (let i = 0; i < n; i++) xp[i] = x[i]! + h * v[i]!;
    objective.valueAndGrad(xp, gp);
    for (let i = 0; i < n; i++) xp[i] = x[i]! - h * v[i]!;
    objective.valueAndGrad(xp, gm);
    for (let i = 0; i < n; i++) out[i] = (gp[i]! - gm[i]!) / (2 * h);
  };
}

/** The full Hessian at x, symmetrized, from n Hessian-vector products. */
export function hessianMatrix(objective: Objective, x: Float64Array): number[][] {
  const n = x.length;
  const product = hessianVectorProduct(objective);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  const h: number[][] = [];
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    product(x, e, col);
    h.push(Array.from(col));
  }
  return h.map((row, i) => row.map((v, j) => (v + h[j]![i]!) / 2));
}

/** The (shifted) Newton direction −(H + τI)⁻¹g. */
function newtonDirection(objective: Objective, x: Float64Array, g: Float64Array, p: Float64Array): void {
  const { values, vectors } = symmetricEigen(hessianMatrix(objective, x));
  const scale = Math.max(1, ...values.map(Math.abs));
  const floor = 1e-8 * scale;
  const smallest = values[values.length - 1]!;
  const tau = smallest > floor ? 0 : floor - smallest + 1e-3 * scale;
  p.fill(0);
  values.forEach((l, k) => {
    const v = vectors[k]!;
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i]! * g[i]!;
    const c = -dot / (l + tau);
    for (let i = 0; i < v.length; i++) p[i] = p[i]! + c * v[i]!;
  });
}

/**
 * CG on (H + τI)·p = −g from Hessian-vector products (Nocedal & Wright, Algorithm 7.1, with a
 * forcing term min(0.1, |g|)). Where CG meets negative curvature (an indefinite H, a saddle
 * region), τ grows past that curvature and CG restarts: the same shifted Newton step as `newton`
 * without forming H.
 */
function newtonCgDirection(objective: Objective, x: Float64Array, g: Float64Array, p: Float64Array): void {
  const n = x.length;
  const product = hessianVectorProduct(objective);
  const gNorm = norm(g);
  const tolerance = Math.min(0.1, gNorm) * gNorm;
  const r = new Float64Array(n);
  const d = new Float64Array(n);
  const hd = new Float64Array(n);
  let tau = 0;
  for (let attempt = 0; attempt < 60; attempt++) {
    p.fill(0);
    r.set(g);
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    let rr = gNorm * gNorm;
    let negative = 0;
    for (let j = 0; j < 2 * n + 10; j++) {
      product(x, d, hd);
      let dd = 0;
      let curvature = 0;
      for (let i = 0; i < n; i++) {
        hd[i] = hd[i]! + tau * d[i]!;
        curvature += d[i]! * hd[i]!;
        dd += d[i]! * d[i]!;
      }
      if (curvature <= 1e-12 * dd) {
        negative = Math.abs(curvature) / dd;
        break;
      }
      const alpha = rr / curvature;
      for (let i = 0; i < n; i++) {
        p[i] = p[i]! + alpha * d[i]!;
        r[i] = r[i]! + alpha * hd[i]!;
      }
      const next = norm(r) ** 2;
      if (Math.sqrt(next) < tolerance) return;
      const beta = next / rr;
      for (let i = 0; i < n; i++) d[i] = -r[i]! + beta * d[i]!;
      rr = next;
    }
    if (negative === 0) return;
    tau = Math.max(2 * tau, tau + 2 * negative, 1e-6);
  }
}

/**
 * One damped Newton step from x (value f, gradient g, both updated in place): direction, then
 * backtracking from step `t0` until f decreases by at least 1e-4·t·gᵀp. Returns the step taken,
 * or 0 when no decrease was found (the caller stops).
 */
export function newtonStep(objective: Objective, variant: NewtonVariant, x: Float64Array, f: number, g: Float64Array, t0: number): { t: number; value: number } {
  const n = x.length;
  const p = new Float64Array(n);
  if (variant === "newton") newtonDirection(objective, x, g, p);
  else newtonCgDirection(objective, x, g, p);
  let slope = 0;
  for (let i = 0; i < n; i++) slope += g[i]! * p[i]!;
  if (!(slope < 0)) {
    for (let i = 0; i < n; i++) p[i] = -g[i]!;
    slope = -(norm(g) ** 2);
  }
  const trial = new Float64Array(n);
  const gt = new Float64Array(n);
  for (let t = t0, k = 0; k < 60; k++, t /= 2) {
    for (let i = 0; i < n; i++) trial[i] = x[i]! + t * p[i]!;
    const v = objective.valueAndGrad(trial, gt);
    if (Number.isFinite(v) && v <= f + 1e-4 * t * slope) {
      x.set(trial);
      g.set(gt);
      return { t, value: v };
    }
  }
  return { t: 0, value: f };
}

/** A Newton run recorded like any other: every iterate, stopping on |∇f| < tol, no progress or divergence. */
export function minimizeNewton(objective: Objective, x0: readonly number[], variant: NewtonVariant, options: MinimizeOptions): MinimizeResult {
  const steps = options.steps ?? 1000;
  const tol = options.tol ?? 1e-6;
  const t0 = options.lr ?? 1;
  const rule = { ...DEFAULT_DIVERGENCE, ...options.divergence };
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  let value = objective.valueAndGrad(x, g);
  const startValue = value;
  const trajectory = [Array.from(x)];
  const values = [value];
  const gradNorms = [norm(g)];
  let status: MinimizeStatus = "max-steps";
  let reason = "";
  let k = 0;
  for (;;) {
    const gradNorm = gradNorms[gradNorms.length - 1]!;
    const stop = stopBeforeStep(gradNorm, tol, k, steps);
    if (stop !== null) {
      ({ status, reason } = stop);
      break;
    }
    const step = newtonStep(objective, variant, x, value, g, t0);
    if (step.t === 0) {
      reason = `no step along the Newton direction decreased f after ${k} steps (|∇f| = ${gradNorm.toExponential(2)})`;
      break;
    }
    k++;
    value = step.value;
    trajectory.push(Array.from(x));
    values.push(value);
    gradNorms.push(norm(g));
    const why = divergenceReason(value, g, x, startValue, rule);
    if (why !== null) {
      status = "diverged";
      reason = `diverged at step ${k}: ${why}`;
      break;
    }
    if (options.onStep?.({ step: k, point: x, value, gradient: g, gradNorm: norm(g) }) === false) {
      reason = `stopped by onStep after ${k} steps`;
      break;
    }
  }
  const last = trajectory.length - 1;
  return {
    status,
    variables: [...objective.variables],
    point: trajectory[last]!,
    value: values[last]!,
    gradNorm: gradNorms[last]!,
    steps: k,
    trajectory,
    values,
    gradNorms,
    reason,
    optimizer: t0 === 1 ? variant : `${variant}:lr=${t0}`,
  };
}
