import type { GradientTransformation, Hyper, Options, Params, Vec } from "./types.js";
import { mapParams, requireEntry, zerosLike } from "./params.js";
import { adagrad, adadelta, rmsprop } from "./kernels/adaptive.js";
import { adam } from "./kernels/adam.js";
import { sgd } from "./kernels/sgd.js";
import { optimizerFromRule, type OptimizerState } from "./optimizer.js";
import type { UpdateRule } from "./rule.js";

/** Reads a numeric hyperparameter, falling back to the construction-time value. */
export function hyperNumber(hyper: Hyper | undefined, key: string, fallback: number): number {
  const v = hyper?.[key];
  return typeof v === "number" ? v : fallback;
}

/** Composes transformations left to right; the state is the tuple of their states. */
export function chain(...transforms: GradientTransformation<any>[]): GradientTransformation<unknown[]> {
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update(grads, state, params, hyper) {
      let updates = grads;
      const next = transforms.map((t, i) => {
        const r = t.update(updates, state[i], params, hyper);
        updates = r.updates;
        return r.state;
      });
      return { updates, state: next };
    },
  };
}

/** Elementwise map of the updates with access to the parameter value. */
function mapUpdates(updates: Params, params: Params, fn: (u: number, p: number) => number): Params {
  return mapParams(updates, (u, name) => {
    const p = requireEntry(params, name, "parameter value");
    const out = zerosLike(u);
    for (let i = 0; i < u.length; i++) out[i] = fn(u[i]!, p[i]!);
    return out;
  });
}

/** A stateless transformation from an elementwise rule. */
function stateless(fn: (hyper: Hyper | undefined) => (u: number, p: number) => number): GradientTransformation<Record<string, never>> {
  return {
    init: () => ({}),
    update: (grads, state, params, hyper) => ({ updates: mapUpdates(grads, params, fn(hyper)), state }),
  };
}

/** Multiplies updates by a constant factor. */
export function scale(factor: number): GradientTransformation<Record<string, never>> {
  return stateless(() => (u) => factor * u);
}

/** A learning rate as a constant or as a function of the step (0 before the first update). */
export type LearningRate = number | { lr(step: number): number } | ((step: number) => number);

function lrAt(lr: LearningRate, step: number): number {
  if (typeof lr === "number") return lr;
  return typeof lr === "function" ? lr(step) : lr.lr(step);
}

/**
 * Multiplies updates by −lr (descent). `hyper.lr` wins over the schedule, so a slider can move it;
 * the state counts steps so a schedule resumes where it stopped.
 */
export function scaleByLearningRate(lr: LearningRate): GradientTransformation<{ count: number }> {
  return {
    init: () => ({ count: 0 }),
    update(grads, state, params, hyper) {
      const rate = hyperNumber(hyper, "lr", NaN);
      const negLr = -(Number.isNaN(rate) ? lrAt(lr, state.count) : rate);
      return { updates: mapUpdates(grads, params, (u) => negLr * u), state: { count: state.count + 1 } };
    },
  };
}

/** Adds wd·p to the updates (L2 weight decay folded into the gradient); hyper key `weight_decay`. */
export function addDecayedWeights(weightDecay: number): GradientTransformation<Record<string, never>> {
  return stateless((hyper) => {
    const wd = hyperNumber(hyper, "weight_decay", weightDecay);
    return (u, p) => u + wd * p;
  });
}

/** Per-parameter buffers, keyed like the parameters. */
export type Buffers = Record<string, Vec>;

/** The state of a direction transform: the named rule's own state (step count and slots). */
export type AdamScaleState = OptimizerState;

/**
 * The direction d of a named rule as a transform, optax's scale_by_*: the rule's own loop (the one
 * `makeOptimizer` runs, so each rule is written once) at lr = 1 with no weight decay, which writes
 * the descent step −1·d, negated. `chain(direction, scaleByLearningRate(1))` therefore equals the
 * named optimizer at lr = 1 bit for bit; at another lr the two differ only in where −lr multiplies
 * (after the division here, folded into it there). Only the hyper keys in `keys` reach the rule:
 * lr and weight_decay belong to scaleByLearningRate and addDecayedWeights.
 */
function direction(rule: UpdateRule, options: Record<string, number | boolean | undefined>, keys: readonly string[]): GradientTransformation<OptimizerState> {
  const given: Options = { lr: 1 };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) given[key] = value;
  const optimizer = optimizerFromRule(rule, given);
  return {
    init: (params) => optimizer.init(params),
    update(grads, state, params, hyper) {
      let own: Record<string, number | boolean | undefined> | undefined;
      if (hyper !== undefined) for (const key of keys) if (hyper[key] !== undefined) (own ??= {})[key] = hyper[key];
      const r = optimizer.update(grads, state, params, own);
      for (const name in r.updates) {
        const u = r.updates[name]!;
        for (let i = 0; i < u.length; i++) u[i] = -u[i]!;
      }
      return r;
    },
  };
}

/**
 * Heavy-ball momentum as PyTorch's SGD: b = g on the first step, else b = μ·b + (1−dampening)·g;
 * emits nesterov ? g + μ·b : b. Hyper key `momentum`. The sgd rule's loop.
 */
export function traceMomentum(options: { momentum?: number; dampening?: number; nesterov?: boolean } = {}): GradientTransformation<OptimizerState> {
  return direction(sgd, { momentum: 0.9, ...options }, ["momentum"]);
}

/**
 * Adam's direction m̂/(√v̂ + eps) as PyTorch computes it: (m/(1−β₁ᵗ)) / (√v/√(1−β₂ᵗ) + eps).
 * Hyper keys `beta1`, `beta2`, `eps`. The adam rule's loop.
 */
export function scaleByAdam(options: { beta1?: number; beta2?: number; eps?: number; amsgrad?: boolean } = {}): GradientTransformation<AdamScaleState> {
  return direction(adam, options, ["beta1", "beta2", "eps"]);
}

/**
 * RMSprop's direction g/(√v + eps) with v = α·v + (1−α)·g² (eps outside the root, as PyTorch);
 * centered subtracts the squared mean gradient. Hyper keys `alpha`, `eps`. The rmsprop rule's loop.
 */
export function scaleByRms(options: { alpha?: number; eps?: number; centered?: boolean } = {}): GradientTransformation<OptimizerState> {
  return direction(rmsprop, options, ["alpha", "eps"]);
}

/** Adagrad's direction g/(√s + eps), s = s₀ + Σg² (PyTorch: eps outside the root). Hyper key `eps`. The adagrad rule's loop. */
export function scaleByAdagrad(options: { initial_accumulator_value?: number; eps?: number } = {}): GradientTransformation<OptimizerState> {
  return direction(adagrad, options, ["eps"]);
}

/** Adadelta's step Δ = √(a + eps)/√(v + eps)·g with running averages v of g² and a of Δ². Hyper keys `rho`, `eps`. The adadelta rule's loop. */
export function scaleByAdadelta(options: { rho?: number; eps?: number } = {}): GradientTransformation<OptimizerState> {
  return direction(adadelta, options, ["rho", "eps"]);
}
