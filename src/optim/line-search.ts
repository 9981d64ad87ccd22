/** An objective that returns f(x) and writes ∇f(x) into `g`. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** x + t·d into `out` (PyTorch's p.add_(d, alpha=t)). */
export function axpy(out: Float64Array, x: Float64Array, t: number, d: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = x[i]! + t * d[i]!;
  return out;
}

/**
 * Minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to `bounds`
 * (PyTorch's _cubic_interpolate); the midpoint when the cubic has no minimum.
 */
export function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 ** 2 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, lo), hi);
  }
  return (lo + hi) / 2;
}

export interface LineSearchResult {
  f: number;
  g: Float64Array;
  t: number;
  evaluations: number;
}

export interface StrongWolfeOptions {
  c1?: number;
  c2?: number;
  tolChange?: number;
  maxLs?: number;
}

/**
 * Strong-Wolfe line search along `d` from `x` (value f, gradient g, slope gtd = g·d), a port of
 * PyTorch's _strong_wolfe: bracketing with cubic extrapolation, then cubic zoom.
 */
export function strongWolfe(objective: Objective, x: Float64Array, t0: number, d: Float64Array, f: number, g: Float64Array, gtd: number, options: StrongWolfeOptions = {}): LineSearchResult {
  const { c1 = 1e-4, c2 = 0.9, tolChange = 1e-9, maxLs = 25 } = options;
  const dNorm = maxAbs(d);
  const point = new Float64Array(x.length);
  const evaluate = (t: number): [number, Float64Array] => {
    const gNew = new Float64Array(x.length);
    const fNew = objective(axpy(point, x, t, d), gNew);
    return [fNew, gNew];
  };
  let t = t0;
  let [fNew, gNew] = evaluate(t);
  let evaluations = 1;
  let gtdNew = dot(gNew, d);
  let tPrev = 0;
  let fPrev = f;
  let gPrev = g.slice();
  let gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: Float64Array[] = [];
  let bracketGtd: number[] = [];

  // Bracketing phase: grow t until an interval contains a point satisfying the conditions.
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew.slice()], [gtdPrev, gtdNew]];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      [bracket, bracketF, bracketG] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew.slice()], [gtdPrev, gtdNew]];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.slice();
    gtdPrev = gtdNew;
    [fNew, gNew] = evaluate(t);
    evaluations += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
  }
  if (lsIter === maxLs) {
    // PyTorch leaves the slopes unset here; its zoom loop is skipped because lsIter === maxLs.
    [bracket, bracketF, bracketG, bracketGtd] = [[0, t], [f, fNew], [g, gNew], [gtd, gtdNew]];
  }

  // Zoom phase: shrink the bracket by cubic interpolation until the strong Wolfe conditions hold.
  let insufficientProgress = false;
  let [low, high] = bracketF[0]! <= bracketF[bracketF.length - 1]! ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1]! - bracket[0]!) * dNorm < tolChange) break;
    t = cubicInterpolate(bracket[0]!, bracketF[0]!, bracketGtd[0]!, bracket[1]!, bracketF[1]!, bracketGtd[1]!);
    const bMax = Math.max(bracket[0]!, bracket[1]!);
    const bMin = Math.min(bracket[0]!, bracket[1]!);
    const eps = 0.1 * (bMax - bMin);
    if (Math.min(bMax - t, t - bMin) < eps) {
      // Too close to an end: move away from it unless the previous step was already a correction.
      if (insufficientProgress || t >= bMax || t <= bMin) {
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    [fNew, gNew] = evaluate(t);
    evaluations += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
    if (fNew > f + c1 * t * gtd || fNew >= bracketF[low]!) {
      bracket[high] = t;
      bracketF[high] = fNew;
      bracketG[high] = gNew.slice();
      bracketGtd[high] = gtdNew;
      [low, high] = bracketF[0]! <= bracketF[1]! ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (bracket[high]! - bracket[low]!) >= 0) {
        bracket[high] = bracket[low]!;
        bracketF[high] = bracketF[low]!;
        bracketG[high] = bracketG[low]!;
        bracketGtd[high] = bracketGtd[low]!;
      }
      bracket[low] = t;
      bracketF[low] = fNew;
      bracketG[low] = gNew.slice();
      bracketGtd[low] = gtdNew;
    }
  }
  return { f: bracketF[low]!, g: bracketG[low]!, t: bracket[low]!, evaluations };
}

export interface ArmijoOptions {
  /** Sufficient-decrease constant. */
  c?: number;
  /** Factor the step shrinks by after each rejection. */
  shrink?: number;
  /** Give up after this many shrinks and return the last (tiny) step. */
  maxShrinks?: number;
}

export interface ArmijoResult {
  /** The accepted step size. */
  lr: number;
  /** f at the accepted point. */
  f: number;
  evaluations: number;
  accepted: boolean;
}

/**
 * Armijo backtracking for plain gradient descent: finds lr = lr0·shrinkᵏ with
 * f(x − lr·g) ≤ f0 − c·lr·‖g‖². Does not move `x`; the caller takes the step.
 */
export function armijoStep(objective: Objective, x: Float64Array, g: Float64Array, f0: number, lr0: number, options: ArmijoOptions = {}): ArmijoResult {
  const { c = 1e-4, shrink = 0.5, maxShrinks = 50 } = options;
  const gg = dot(g, g);
  const trial = new Float64Array(x.length);
  const scratch = new Float64Array(x.length);
  let lr = lr0;
  let f = NaN;
  for (let k = 0; k <= maxShrinks; k++) {
    f = objective(axpy(trial, x, -lr, g), scratch);
    if (f <= f0 - c * lr * gg) return { lr, f, evaluations: k + 1, accepted: true };
    if (k < maxShrinks) lr *= shrink;
  }
  return { lr, f, evaluations: maxShrinks + 1, accepted: false };
}
