import type { GradientTransformation, Hyper, Params, UpdateResult, Vec } from "./types.js";
import { mapParams, requireEntry, zerosLike } from "./params.js";

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

function zeroBuffers(params: Params, fill = 0): Buffers {
  return mapParams(params, (p) => {
    const b = zerosLike(p);
    if (fill !== 0) b.fill(fill);
    return b;
  });
}

/**
 * Heavy-ball momentum as PyTorch's SGD: b = g on the first step, else b = μ·b + (1−dampening)·g;
 * emits nesterov ? g + μ·b : b. Hyper key `momentum`.
 */
export function traceMomentum(options: { momentum?: number; dampening?: number; nesterov?: boolean } = {}): GradientTransformation<{
  count: number;
  trace: Buffers;
}> {
  const { momentum = 0.9, dampening = 0, nesterov = false } = options;
  return {
    init: (params) => ({ count: 0, trace: zeroBuffers(params) }),
    update(grads, state, _params, hyper) {
      const mu = hyperNumber(hyper, "momentum", momentum);
      const trace: Buffers = {};
      const updates = mapParams(grads, (g, name) => {
        const old = requireEntry(state.trace, name, "momentum trace");
        const b = zerosLike(g);
        const out = zerosLike(g);
        for (let i = 0; i < g.length; i++) {
          b[i] = state.count === 0 ? g[i]! : old[i]! * mu + (1 - dampening) * g[i]!;
          out[i] = nesterov ? g[i]! + mu * b[i]! : b[i]!;
        }
        trace[name] = b;
        return out;
      });
      return { updates, state: { count: state.count + 1, trace } };
    },
  };
}

/** Runs `fn` over every parameter with fresh copies of its buffers; returns updates and new buffers. */
function perParam<K extends string>(
  grads: Params,
  buffers: Record<K, Buffers>,
  keys: readonly K[],
  fn: (g: Vec, bufs: Vec[], out: Vec) => void,
): { updates: Params; buffers: Record<K, Buffers> } {
  const next = Object.fromEntries(keys.map((k) => [k, {} as Buffers])) as Record<K, Buffers>;
  const updates = mapParams(grads, (g, name) => {
    const bufs = keys.map((k) => {
      const copy = requireEntry(buffers[k], name, `${k} buffer`).slice();
      (next[k] as Buffers)[name] = copy;
      return copy;
    });
    const out = zerosLike(g);
    fn(g, bufs, out);
    return out;
  });
  return { updates, buffers: next };
}

export interface AdamScaleState {
  count: number;
  m: Buffers;
  v: Buffers;
  vmax: Buffers;
}

/**
 * Adam's direction m̂/(√v̂ + eps) as PyTorch computes it: (m/(1−β₁ᵗ)) / (√v/√(1−β₂ᵗ) + eps).
 * Hyper keys `beta1`, `beta2`, `eps`.
 */
export function scaleByAdam(options: { beta1?: number; beta2?: number; eps?: number; amsgrad?: boolean } = {}): GradientTransformation<AdamScaleState> {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, amsgrad = false } = options;
  return {
    init: (params) => ({ count: 0, m: zeroBuffers(params), v: zeroBuffers(params), vmax: amsgrad ? zeroBuffers(params) : {} }),
    update(grads, state, _params, hyper): UpdateResult<AdamScaleState> {
      const b1 = hyperNumber(hyper, "beta1", beta1);
      const b2 = hyperNumber(hyper, "beta2", beta2);
      const e = hyperNumber(hyper, "eps", eps);
      const t = state.count + 1;
      const bc1 = 1 - b1 ** t;
      const bc2Sqrt = Math.sqrt(1 - b2 ** t);
      const keys = amsgrad ? (["m", "v", "vmax"] as const) : (["m", "v"] as const);
      const r = perParam(grads, state as Record<"m" | "v" | "vmax", Buffers>, keys, (g, [m, v, vmax], out) => {
        for (let i = 0; i < g.length; i++) {
          m![i] = m![i]! * b1 + (1 - b1) * g[i]!;
          v![i] = v![i]! * b2 + (1 - b2) * g[i]! * g[i]!;
          let second = v![i]!;
          if (vmax !== undefined) second = vmax[i] = Math.max(vmax[i]!, second);
          out[i] = m![i]! / bc1 / (Math.sqrt(second) / bc2Sqrt + e);
        }
      });
      return { updates: r.updates, state: { count: t, m: r.buffers.m, v: r.buffers.v, vmax: amsgrad ? r.buffers.vmax : {} } };
    },
  };
}

/**
 * RMSprop's direction g/(√v + eps) with v = α·v + (1−α)·g² (eps outside the root, as PyTorch);
 * centered subtracts the squared mean gradient. Hyper keys `alpha`, `eps`.
 */
export function scaleByRms(options: { alpha?: number; eps?: number; centered?: boolean } = {}): GradientTransformation<{ v: Buffers; mean: Buffers }> {
  const { alpha = 0.99, eps = 1e-8, centered = false } = options;
  return {
    init: (params) => ({ v: zeroBuffers(params), mean: centered ? zeroBuffers(params) : {} }),
    update(grads, state, _params, hyper) {
      const a = hyperNumber(hyper, "alpha", alpha);
      const e = hyperNumber(hyper, "eps", eps);
      const keys = centered ? (["v", "mean"] as const) : (["v"] as const);
      const r = perParam(grads, state, keys, (g, [v, mean], out) => {
        for (let i = 0; i < g.length; i++) {
          v![i] = v![i]! * a + (1 - a) * g[i]! * g[i]!;
          let second = v![i]!;
          if (mean !== undefined) {
            mean[i] = mean[i]! * a + (1 - a) * g[i]!;
            second = second - mean[i]! * mean[i]!;
          }
          out[i] = g[i]! / (Math.sqrt(second) + e);
        }
      });
      return { updates: r.updates, state: { v: r.buffers.v, mean: centered ? r.buffers.mean : {} } };
    },
  };
}

/** Adagrad's direction g/(√s + eps), s = s₀ + Σg² (PyTorch: eps outside the root). Hyper key `eps`. */
export function scaleByAdagrad(options: { initial_accumulator_value?: number; eps?: number } = {}): GradientTransformation<{ sum: Buffers }> {
  const { initial_accumulator_value = 0, eps = 1e-10 } = options;
  return {
    init: (params) => ({ sum: zeroBuffers(params, initial_accumulator_value) }),
    update(grads, state, _params, hyper) {
      const e = hyperNumber(hyper, "eps", eps);
      const r = perParam(grads, state, ["sum"] as const, (g, [s], out) => {
        for (let i = 0; i < g.length; i++) {
          s![i] = s![i]! + g[i]! * g[i]!;
          out[i] = g[i]! / (Math.sqrt(s![i]!) + e);
        }
      });
      return { updates: r.updates, state: { sum: r.buffers.sum } };
    },
  };
}

/** Adadelta's step Δ = √(a + eps)/√(v + eps)·g with running averages v of g² and a of Δ². Hyper keys `rho`, `eps`. */
export function scaleByAdadelta(options: { rho?: number; eps?: number } = {}): GradientTransformation<{ v: Buffers; a: Buffers }> {
  const { rho = 0.9, eps = 1e-6 } = options;
  return {
    init: (params) => ({ v: zeroBuffers(params), a: zeroBuffers(params) }),
    update(grads, state, _params, hyper) {
      const r0 = hyperNumber(hyper, "rho", rho);
      const e = hyperNumber(hyper, "eps", eps);
      const r = perParam(grads, state, ["v", "a"] as const, (g, [v, a], out) => {
        for (let i = 0; i < g.length; i++) {
          v![i] = v![i]! * r0 + (1 - r0) * g[i]! * g[i]!;
          const delta = (Math.sqrt(a![i]! + e) / Math.sqrt(v![i]! + e)) * g[i]!;
          a![i] = a![i]! * r0 + (1 - r0) * delta * delta;
          out[i] = delta;
        }
      });
      return { updates: r.updates, state: { v: r.buffers.v, a: r.buffers.a } };
    },
  };
}
