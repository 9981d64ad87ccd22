import { OptionError } from "../errors.js";
import type { Objective } from "./line-search.js";
import { axpy, dot, maxAbs, strongWolfe } from "./line-search.js";

export interface LbfgsOptions {
  /** Step length scale (PyTorch's lr). */
  lr?: number;
  /** Correction pairs kept (PyTorch default 100). */
  historySize?: number;
  /** Iterations in total. */
  maxIter?: number;
  /** Objective evaluations in total (default ⌊1.25·maxIter⌋, as PyTorch). */
  maxEval?: number;
  /** Stop when max |∇f| ≤ tolGrad. */
  tolGrad?: number;
  /** Stop when the step or the change in f is below tolChange. */
  tolChange?: number;
  /** "strong_wolfe" (default) or "none" (fixed step lr). */
  lineSearch?: "strong_wolfe" | "none";
  /** Called after every iteration with the new point (do not keep `x`; copy it). */
  onIteration?(x: Float64Array, f: number, iteration: number): void;
}

export type LbfgsStop = "tol_grad" | "tol_change" | "max_iter" | "max_eval" | "no_descent";

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  g: Float64Array;
  iterations: number;
  evaluations: number;
  reason: LbfgsStop;
}

function checkOptions(o: Required<Omit<LbfgsOptions, "onIteration">>): void {
  const bad = (what: string, v: unknown, rule: string): never => {
    throw new OptionError(`invalid ${what} ${String(v)} for lbfgs: ${rule}`);
  };
  if (!(o.lr > 0)) bad("lr", o.lr, "must be > 0");
  if (!(Number.isInteger(o.historySize) && o.historySize >= 1)) bad("historySize", o.historySize, "must be an integer >= 1");
  if (!(Number.isInteger(o.maxIter) && o.maxIter >= 1)) bad("maxIter", o.maxIter, "must be an integer >= 1");
  if (!(o.maxEval >= 1)) bad("maxEval", o.maxEval, "must be >= 1");
  if (!(o.tolGrad >= 0)) bad("tolGrad", o.tolGrad, "must be >= 0");
  if (!(o.tolChange >= 0)) bad("tolChange", o.tolChange, "must be >= 0");
  if (o.lineSearch !== "strong_wolfe" && o.lineSearch !== "none") bad("lineSearch", o.lineSearch, 'must be "strong_wolfe" or "none"');
}

/**
 * L-BFGS for deterministic problems, a port of torch.optim.LBFGS (one `step` with max_iter
 * iterations): two-loop recursion over the last `historySize` pairs, first step scaled by
 * min(1, 1/‖g‖₁), and PyTorch's strong-Wolfe line search. Does not modify `x0`.
 */
export function lbfgs(objective: Objective, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const run = lbfgsIterations(objective, x0, options);
  for (;;) {
    const r = run.next();
    if (r.done) return r.value;
    options.onIteration?.(r.value.x, r.value.f, r.value.iteration);
  }
}

/** One L-BFGS iteration's new point; `stop` says when it is the last (do not keep `x`; copy it). */
export interface LbfgsIterate {
  x: Float64Array;
  f: number;
  iteration: number;
  stop?: LbfgsStop;
}

/**
 * `lbfgs` one iteration at a time, for a caller that owns the loop (the trainer: one iteration per
 * epoch): yields after each iteration that moved, with the reason when it is the last; returns
 * the result. `onIteration` is not called.
 */
export function* lbfgsIterations(objective: Objective, x0: ArrayLike<number>, options: LbfgsOptions = {}): Generator<LbfgsIterate, LbfgsResult, void> {
  const maxIter = options.maxIter ?? 100;
  const o = {
    lr: options.lr ?? 1,
    historySize: options.historySize ?? 100,
    maxIter,
    maxEval: options.maxEval ?? Math.floor((maxIter * 5) / 4),
    tolGrad: options.tolGrad ?? 1e-7,
    tolChange: options.tolChange ?? 1e-9,
    lineSearch: options.lineSearch ?? "strong_wolfe",
  };
  checkOptions(o);
  const n = x0.length;
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  if (maxAbs(g) <= o.tolGrad) return { x, f, g, iterations: 0, evaluations, reason: "tol_grad" };

  const dirs: Float64Array[] = []; // y = g_{k+1} − g_k
  const steps: Float64Array[] = []; // s = t·d
  const ro: number[] = [];
  const al = new Array<number>(o.historySize).fill(0);
  let hDiag = 1;
  let d: Float64Array = new Float64Array(n);
  let t = 0;
  const prevG = new Float64Array(n);
  let prevF = f;
  let stale = false; // f and g not evaluated at x (no line search, last iteration)
  let iterations = 0;
  let reason: LbfgsStop = "max_iter";

  while (iterations < o.maxIter) {
    iterations += 1;
    if (iterations === 1) {
      d = g.map((v) => -v);
    } else {
      const y = g.map((v, i) => v - prevG[i]!);
      const s = d.map((v) => v * t);
      const ys = dot(y, s);
      if (ys > 1e-10) {
        if (dirs.length === o.historySize) {
          dirs.shift();
          steps.shift();
          ro.shift();
        }
        dirs.push(y);
        steps.push(s);
        ro.push(1 / ys);
        hDiag = ys / dot(y, y);
      }
      // Two-loop recursion: d = −H·g.
      const q = g.map((v) => -v);
      for (let i = dirs.length - 1; i >= 0; i--) {
        al[i] = dot(steps[i]!, q) * ro[i]!;
        axpy(q, q, -al[i]!, dirs[i]!);
      }
      d = q.map((v) => v * hDiag);
      for (let i = 0; i < dirs.length; i++) {
        const beta = dot(dirs[i]!, d) * ro[i]!;
        axpy(d, d, al[i]! - beta, steps[i]!);
      }
    }
    prevG.set(g);
    prevF = f;
    let sumAbs = 0;
    for (let i = 0; i < n; i++) sumAbs += Math.abs(g[i]!);
    t = iterations === 1 ? Math.min(1, 1 / sumAbs) * o.lr : o.lr;
    const gtd = dot(g, d);
    if (gtd > -o.tolChange) {
      reason = "no_descent";
      iterations -= 1; // PyTorch breaks before moving: this iteration took no step
      break;
    }
    let lsEvals = 0;
    if (o.lineSearch === "strong_wolfe") {
      const ls = strongWolfe(objective, x, t, d, f, g, gtd, { tolChange: o.tolChange });
      x = axpy(new Float64Array(n), x, ls.t, d);
      f = ls.f;
      g = ls.g;
      t = ls.t;
      lsEvals = ls.evaluations;
    } else {
      x = axpy(new Float64Array(n), x, t, d);
      if (iterations !== o.maxIter) {
        f = objective(x, g);
        lsEvals = 1;
      } else stale = true;
    }
    evaluations += lsEvals;
    const stop: LbfgsStop | undefined =
      iterations === o.maxIter ? "max_iter"
      : evaluations >= o.maxEval ? "max_eval"
      : maxAbs(g) <= o.tolGrad ? "tol_grad"
      : maxAbs(d) * Math.abs(t) <= o.tolChange || Math.abs(f - prevF) < o.tolChange ? "tol_change"
      : undefined;
    if (!stale) yield { x, f, iteration: iterations, ...(stop ? { stop } : {}) };
    if (stop !== undefined) {
      reason = stop;
      break;
    }
  }
  if (stale) {
    g = new Float64Array(n);
    f = objective(x, g);
    evaluations += 1;
    yield { x, f, iteration: iterations, stop: reason };
  }
  return { x, f, g, iterations, evaluations, reason };
}
