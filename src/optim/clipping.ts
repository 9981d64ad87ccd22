import { OptionError } from "../errors.js";
import { mapParams, zerosLike } from "./params.js";
import type { GradientTransformation, Params } from "./types.js";

/** The global L2 norm over all buffers, as PyTorch: the norm of the per-buffer norms. */
export function globalNorm(tree: Params): number {
  let sumOfSquaredNorms = 0;
  for (const name of Object.keys(tree)) {
    const v = tree[name]!;
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
    const norm = Math.sqrt(s);
    sumOfSquaredNorms += norm * norm;
  }
  return Math.sqrt(sumOfSquaredNorms);
}

/** PyTorch's clip_grad_norm_ coefficient: min(1, max/(norm + 1e-6)). */
function clipCoefficient(norm: number, maxNorm: number): number {
  return Math.min(1, maxNorm / (norm + 1e-6));
}

function checkPositive(what: string, v: number): void {
  if (!(v > 0)) throw new OptionError(`invalid ${what} ${v}: must be > 0`);
}

/**
 * Scales all gradients by max/(‖g‖ + 1e-6) when that is below 1 (torch.nn.utils.clip_grad_norm_).
 * Hyper key `max_norm`.
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  checkPositive("max_norm", maxNorm);
  return {
    init: () => ({}),
    update(grads, state, _params, hyper) {
      const max = typeof hyper?.max_norm === "number" ? hyper.max_norm : maxNorm;
      const c = clipCoefficient(globalNorm(grads), max);
      const updates = mapParams(grads, (g) => {
        const out = zerosLike(g);
        for (let i = 0; i < g.length; i++) out[i] = g[i]! * c;
        return out;
      });
      return { updates, state };
    },
  };
}

/** In-place global-norm clipping for training loops; returns the norm before clipping. */
export function clipGlobalNormInPlace(grads: Params, maxNorm: number): number {
  checkPositive("max_norm", maxNorm);
  const norm = globalNorm(grads);
  const c = clipCoefficient(norm, maxNorm);
  if (c < 1) for (const g of Object.values(grads)) for (let i = 0; i < g.length; i++) g[i] = g[i]! * c;
  return norm;
}

/** Clamps each gradient entry to [−max, max] (torch.nn.utils.clip_grad_value_). Hyper key `clip_value`. */
export function clipByValue(maxAbs: number): GradientTransformation<Record<string, never>> {
  checkPositive("clip_value", maxAbs);
  return {
    init: () => ({}),
    update(grads, state, _params, hyper) {
      const m = typeof hyper?.clip_value === "number" ? hyper.clip_value : maxAbs;
      const updates = mapParams(grads, (g) => {
        const out = zerosLike(g);
        for (let i = 0; i < g.length; i++) out[i] = Math.min(m, Math.max(-m, g[i]!));
        return out;
      });
      return { updates, state };
    },
  };
}
