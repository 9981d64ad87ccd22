/**
 * The element-wise kernels with a native fast path: ReLU and its gradient, bias column sums, the
 * finiteness scan. Each JS loop is the reference; the native loop repeats its operations in the
 * same order and gives the same bits (test/native/).
 */
import { nativeNow } from "./backend.js";
import { THRESHOLDS } from "./thresholds.js";

type FloatArray = Float32Array | Float64Array;

/** o = x where x > 0, else 0 (NaN too). */
export function relu(x: FloatArray, o: FloatArray): void {
  const native = nativeNow();
  if (native !== null && x.length >= THRESHOLDS.relu && x instanceof Float32Array && o instanceof Float32Array) return native.relu(x, o);
  for (let i = 0; i < x.length; i++) o[i] = x[i]! > 0 ? x[i]! : 0;
}

/** gx = g where x > 0, else 0. */
export function reluGrad(g: FloatArray, x: FloatArray, gx: FloatArray): void {
  const native = nativeNow();
  if (native !== null && x.length >= THRESHOLDS.relu && g instanceof Float32Array && x instanceof Float32Array && gx instanceof Float32Array) {
    return native.reluGrad(g, x, gx);
  }
  for (let i = 0; i < g.length; i++) gx[i] = x[i]! > 0 ? g[i]! : 0;
}

/** out[j] = Σᵢ g[i·n + j], summed in double in row order and rounded once (a float32 running sum
 * loses digits over a large batch). Column by column, so no accumulator array per call. */
export function columnSums(g: FloatArray, m: number, n: number, out: FloatArray): FloatArray {
  const native = nativeNow();
  if (native !== null && m * n >= THRESHOLDS.columnSums && g instanceof Float32Array && out instanceof Float32Array) {
    native.columnSums(g, m, n, out); // the same additions in the same order, vectorized across columns
    return out;
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0, at = j; i < m; i++, at += n) s += g[at]!;
    out[j] = s;
  }
  return out;
}

/** True when no entry is NaN or ±Infinity. */
export function allFinite(v: FloatArray): boolean {
  const native = nativeNow();
  if (native !== null && v.length >= THRESHOLDS.allFinite && v instanceof Float32Array) return native.allFinite(v);
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}
