import { DescentError } from "../errors.js";
import { allFinite as kernelAllFinite } from "../kernels/index.js";
import type { Params, Vec } from "./types.js";

/** A zero-filled buffer of the same dtype and length as `v`. */
export function zerosLike(v: Vec): Vec {
  return v instanceof Float32Array ? new Float32Array(v.length) : new Float64Array(v.length);
}

/** A copy of `v` with the same dtype. */
export function cloneVec(v: Vec): Vec {
  return v instanceof Float32Array ? new Float32Array(v) : new Float64Array(v);
}

/** The buffers `names` of `params` end to end in one new array of type `Out` (Float32Array or Float64Array). */
export function flattenParams<T extends Vec>(params: Params, names: readonly string[], Out: new (length: number) => T): T {
  const out = new Out(names.reduce((s, k) => s + params[k]!.length, 0));
  let at = 0;
  for (const k of names) {
    out.set(params[k]!, at);
    at += params[k]!.length;
  }
  return out;
}

/** Writes `flat` back into the buffers `names` of `params`, in place (the inverse of `flattenParams`); returns `params`. */
export function unflattenParams<P extends Params>(flat: ArrayLike<number>, params: P, names: readonly string[]): P {
  let at = 0;
  for (const k of names) {
    const p = params[k]!;
    for (let i = 0; i < p.length; i++) p[i] = flat[at + i]!;
    at += p.length;
  }
  return params;
}

/** Applies `fn` to every named buffer, keeping the names. */
export function mapParams(params: Params, fn: (v: Vec, name: string) => Vec): Params {
  const out: Params = {};
  for (const name of Object.keys(params)) out[name] = fn(params[name]!, name);
  return out;
}

/** Deep copy of a parameter tree. */
export function cloneParams(params: Params): Params {
  return mapParams(params, cloneVec);
}

/** A tree of zero buffers shaped like `params`. */
export function zerosLikeParams(params: Params): Params {
  return mapParams(params, zerosLike);
}

/** Looks up `name` in a tree, with an error naming what is missing. */
export function requireEntry<T>(tree: Record<string, T>, name: string, what: string): T {
  const v = tree[name];
  if (v === undefined) throw new DescentError(`no ${what} for parameter "${name}"`);
  return v;
}

/**
 * Adds the updates to the parameters in place (`p += u`), the one way updates are applied.
 * Returns `params` for chaining.
 */
export function applyUpdates(params: Params, updates: Params): Params {
  for (const name of Object.keys(updates)) {
    const p = requireEntry(params, name, "parameter");
    const u = updates[name]!;
    for (let i = 0; i < p.length; i++) p[i] = p[i]! + u[i]!;
  }
  return params;
}

/** True when every entry of every buffer is finite. */
export function allFinite(tree: Params): boolean {
  for (const name in tree) if (!vecAllFinite(tree[name]!)) return false;
  return true;
}

/** True when no entry is NaN or ±Infinity (the kernel layer's scan). */
export const vecAllFinite = (v: Vec): boolean => kernelAllFinite(v);
