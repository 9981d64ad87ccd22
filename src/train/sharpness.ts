/**
 * Sharpness: the largest eigenvalue of the training loss's Hessian with respect to the weights,
 * estimated by power iteration over Hessian-vector products (autodiff's second order; the Hessian
 * itself is never formed). Gradient descent with learning rate η is stable along a direction only
 * if its curvature is below 2/η, so sharpness beside 2/η shows how close training runs to that
 * edge ("edge of stability", Cohen et al., 2021).
 *
 * Computed in float64 on the whole training set, or on a fixed sample of `maxRows` rows (drawn once
 * by the seed, the same rows at every epoch) when the set is larger.
 */
import { fromData, valueGradHvp, type Tensor } from "../autodiff/index.js";
import { Rng } from "../random.js";
import { lossFunction, type LossChoice } from "./losses.js";
import { forward, parameterShapes, type ModelSpec, type Params } from "./model.js";

export interface SharpnessOptions {
  /** Rows used at most (a fixed sample above this). Default 4096. */
  maxRows?: number;
  /** Power-iteration steps at most. Default 100. */
  iterations?: number;
  /** Stop when the estimate changes by less than this fraction. Default 1e-4. */
  tolerance?: number;
  /** Seeds the start vector and the sample. Default 1. */
  seed?: number;
}

export interface SharpnessEstimate {
  /** The top (largest) eigenvalue. */
  value: number;
  iterations: number;
  rows: number;
}

/** A reusable estimator for one model and data set (the sample and the float64 data are fixed once). */
export function sharpnessEstimator(
  spec: ModelSpec, features: Float32Array, targets: Float32Array, loss: LossChoice, options: SharpnessOptions = {},
): (params: Params) => SharpnessEstimate {
  const n = targets.length;
  const d = spec.inputs;
  const maxRows = options.maxRows ?? 4096;
  const seed = options.seed ?? 1;
  const rows = n <= maxRows ? null : new Rng(seed).permutation(n).subarray(0, maxRows);
  const m = rows === null ? n : rows.length;
  const x = new Float64Array(m * d);
  const y = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    const r = rows === null ? i : rows[i]!;
    for (let j = 0; j < d; j++) x[i * d + j] = features[r * d + j]!;
    y[i] = targets[r]!;
  }
  const xT = fromData(x, [m, d]);
  const lossFn = lossFunction(loss);
  const f = (p: Record<string, Tensor>): Tensor => lossFn(forward(spec, p, xT), y);
  const product = valueGradHvp(f);
  const iterations = options.iterations ?? 100;
  const tolerance = options.tolerance ?? 1e-4;
  return (params) => {
    const p = float64Record(spec, params);
    const shapes = Object.fromEntries(Object.entries(p).map(([k, t]) => [k, t.data as Float64Array]));
    const top = topEigenvalue(
      (v) => Object.fromEntries(Object.entries(product(p, tensors(p, v)).hvp).map(([k, t]) => [k, t.data as Float64Array])),
      shapes,
      { iterations, tolerance, seed },
    );
    return { ...top, rows: m };
  };
}

/**
 * The top (largest) eigenvalue of a symmetric operator given as products H·v over records of
 * vectors shaped like `like`, by power iteration from a seeded random start. Power iteration finds
 * the eigenvalue of largest magnitude; when that is negative (curving down more strongly than up),
 * it runs again on H − λI, whose dominant eigenvalue is then the top one minus λ.
 */
export function topEigenvalue(
  apply: (v: Vectors) => Vectors, like: Vectors, options: { iterations?: number; tolerance?: number; seed?: number } = {},
): { value: number; iterations: number } {
  const iterations = options.iterations ?? 100;
  const tolerance = options.tolerance ?? 1e-4;
  const iterate = (shift: number): { value: number; iterations: number } => {
    const rng = new Rng((options.seed ?? 1) + 1);
    let v = normalized(Object.fromEntries(Object.entries(like).map(([k, a]) => [k, Float64Array.from(a, () => rng.normal())])));
    let estimate = NaN;
    let k = 0;
    for (; k < iterations; k++) {
      const hv = apply(v);
      const w = Object.fromEntries(Object.entries(hv).map(([name, a]) => [name, Float64Array.from(a, (h, i) => h - shift * v[name]![i]!)]));
      // Rayleigh quotient vᵀ(H − shift·I)v with |v| = 1.
      let next = 0;
      for (const name of Object.keys(w)) w[name]!.forEach((h, i) => (next += h * v[name]![i]!));
      const converged = Math.abs(next - estimate) <= tolerance * Math.abs(next);
      estimate = next;
      if (converged) break;
      const size = norm(w);
      if (size === 0) break;
      v = scaled(w, 1 / size);
    }
    return { value: estimate + shift, iterations: Math.min(k + 1, iterations) };
  };
  const first = iterate(0);
  if (!(first.value < 0)) return first;
  const second = iterate(first.value);
  return { value: second.value, iterations: first.iterations + second.iterations };
}

export type Vectors = Record<string, Float64Array>;

function float64Record(spec: ModelSpec, params: Params): Record<string, Tensor> {
  const shapes = parameterShapes(spec);
  return Object.fromEntries(Object.keys(shapes).map((k) => [k, fromData(Float64Array.from(params[k]!), shapes[k]!)]));
}

function tensors(like: Record<string, Tensor>, v: Vectors): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(like).map(([k, t]) => [k, fromData(v[k]!, t.shape)]));
}

function norm(v: Vectors): number {
  let s = 0;
  for (const a of Object.values(v)) for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

function scaled(v: Vectors, c: number): Vectors {
  return Object.fromEntries(Object.entries(v).map(([k, a]) => [k, Float64Array.from(a, (x) => x * c)]));
}

function normalized(v: Vectors): Vectors {
  return scaled(v, 1 / norm(v));
}
