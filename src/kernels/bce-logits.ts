/** The logistic loss with its gradient over a batch of logits: the JS loop and its native twin. */
import { expNeg, log1pUnit } from "../util/exp-log.js";
import { nativeNow } from "./backend.js";
import { THRESHOLDS } from "./thresholds.js";

type FloatArray = Float32Array | Float64Array;

/**
 * Σ over rows of max(z, 0) − z·y + log(1 + e^−|z|), and grad[i] = (upstream/m)·(σ(z) − y). The
 * sum is eight partial sums (row i into sum i mod 8) combined pairwise, then the last m mod 8 rows
 * in order: independent additions that vector units can overlap (one running sum was half the
 * native loop's time). Large float32 batches run the native loop, which repeats these operations
 * in the same order and so gives the same bits (tested).
 */
export function bceLogits(z: FloatArray, y: Float32Array, grad: FloatArray, m: number, upstream = 1): number {
  const native = nativeNow();
  if (native !== null && m >= THRESHOLDS.bceLogits && z instanceof Float32Array && grad instanceof Float32Array) {
    return native.bceLogits(z, y, grad, m, upstream / m);
  }
  return bceLogitsJs(z, y, grad, m, upstream);
}

/** bceLogits in JS (the browser, float64 and small batches, and the reference for the native loop). */
export function bceLogitsJs(z: FloatArray, y: Float32Array, grad: FloatArray, m: number, upstream = 1): number {
  const c = upstream / m;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  const whole = m - (m % 8);
  for (let i = 0; i < whole; i += 8) {
    s0 += bceRow(z, y, grad, i, c);
    s1 += bceRow(z, y, grad, i + 1, c);
    s2 += bceRow(z, y, grad, i + 2, c);
    s3 += bceRow(z, y, grad, i + 3, c);
    s4 += bceRow(z, y, grad, i + 4, c);
    s5 += bceRow(z, y, grad, i + 5, c);
    s6 += bceRow(z, y, grad, i + 6, c);
    s7 += bceRow(z, y, grad, i + 7, c);
  }
  let s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  for (let i = whole; i < m; i++) s += bceRow(z, y, grad, i, c);
  return s;
}

/** Row i's loss term; writes its gradient c·(σ(z) − y). */
function bceRow(z: FloatArray, y: Float32Array, grad: FloatArray, i: number, c: number): number {
  const zi = z[i]!;
  const yi = y[i]!;
  const e = expNeg(Math.abs(zi));
  grad[i] = c * (sigmoidFrom(zi, e) - yi);
  return Math.max(zi, 0) - zi * yi + log1pUnit(e);
}

/** σ(z) from e = e^−|z|: 1/(1 + e) for z ≥ 0, e/(1 + e) below, so nothing overflows. */
export function sigmoidFrom(z: number, e: number): number {
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}
