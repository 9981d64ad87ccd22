import { OptionError } from "../errors.js";
import { allFinite, mapParams, requireEntry, zerosLike, zerosLikeParams } from "./params.js";
import type { Optimizer } from "./optimizer.js";
import type { OptimizerState } from "./optimizer-state.js";
import { withTensorApi } from "./tensor-api.js";
import type { GradientTransformation, Hyper, Params } from "./types.js";

export interface SkipNonFiniteState<S> {
  inner: S;
  /** How many steps were skipped so far. */
  skipped: number;
}

/**
 * Skips a step whose gradients or updates contain NaN or ±Infinity: the updates are zero and the
 * inner state is left as it was, so one bad batch does not poison the moments.
 */
export function skipNonFinite<S>(inner: GradientTransformation<S>): GradientTransformation<SkipNonFiniteState<S>> {
  return {
    init: (params) => ({ inner: inner.init(params), skipped: 0 }),
    update(grads, state, params, hyper) {
      if (allFinite(grads)) {
        const r = inner.update(grads, state.inner, params, hyper);
        if (allFinite(r.updates)) return { updates: r.updates, state: { inner: r.state, skipped: state.skipped } };
      }
      return { updates: zerosLikeParams(grads), state: { inner: state.inner, skipped: state.skipped + 1 } };
    },
  };
}

export interface AccumulateState<S> {
  inner: S;
  /** Gradients summed since the last inner step. */
  sum: Params;
  /** How many gradients are in `sum`. */
  count: number;
}

/**
 * Gradient accumulation: sums gradients over `k` calls and passes their mean to `inner` on every
 * k-th call; the calls in between emit zero updates.
 */
export function accumulateGradients<S>(k: number, inner: GradientTransformation<S>): GradientTransformation<AccumulateState<S>> {
  if (!(Number.isInteger(k) && k >= 1)) throw new OptionError(`invalid accumulation steps ${k}: must be an integer >= 1`);
  return {
    init: (params) => ({ inner: inner.init(params), sum: zerosLikeParams(params), count: 0 }),
    update(grads, state, params, hyper) {
      const sum = mapParams(grads, (g, name) => {
        const old = requireEntry(state.sum, name, "accumulated gradient");
        const s = zerosLike(g);
        for (let i = 0; i < g.length; i++) s[i] = old[i]! + g[i]!;
        return s;
      });
      const count = state.count + 1;
      if (count < k) return { updates: zerosLikeParams(grads), state: { inner: state.inner, sum, count } };
      const mean = mapParams(sum, (s) => s.map((x) => x / k));
      const r = inner.update(mean, state.inner, params, hyper);
      return { updates: r.updates, state: { inner: r.state, sum: zerosLikeParams(sum), count: 0 } };
    },
  };
}

/** Alias with the name used in ARCHITECTURE.md. */
export const accumulate = accumulateGradients;

/** An optimizer that undoes a step which left a parameter non-finite; `rejected` counts them. */
export interface GuardedOptimizer extends Optimizer {
  /** Steps undone so far. */
  readonly rejected: number;
}

/**
 * The in-place counterpart of `skipNonFinite`, for a training loop that stops at the first bad
 * step: after each `step`, a parameter holding NaN or ±Infinity puts every parameter back as it
 * was before the step and counts the step in `rejected`. The optimizer state is not put back
 * (copying the moments every step would cost as much again as the parameters), so the run should
 * stop there, keeping the last finite weights. One parameter copy per step, reused.
 */
export function rejectNonFiniteSteps(optimizer: Optimizer): GuardedOptimizer {
  const backup: Params = {};
  let rejected = 0;
  const step = (params: Params, grads: Params, state: OptimizerState, hyper?: Hyper): OptimizerState => {
    for (const name in params) {
      const p = params[name]!;
      let b = backup[name];
      if (b === undefined || b.length !== p.length || b.constructor !== p.constructor) b = backup[name] = zerosLike(p);
      b.set(p);
    }
    const next = optimizer.step(params, grads, state, hyper);
    if (!allFinite(params)) {
      for (const name in params) params[name]!.set(backup[name]!);
      rejected += 1;
    }
    return next;
  };
  const guarded = withTensorApi({ ...optimizer, step });
  return Object.defineProperty(guarded, "rejected", { get: () => rejected, enumerable: true }) as GuardedOptimizer;
}
