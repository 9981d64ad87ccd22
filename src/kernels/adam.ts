/**
 * Adam's loop, the one source of its arithmetic: in float32 (every operation rounded, as
 * torch.optim computes on float32 tensors) or in double, the same operations in the same order.
 * The native float32 loop repeats its common case bit for bit.
 */
import { nativeNow } from "./backend.js";
import { THRESHOLDS } from "./thresholds.js";

type FloatArray = Float32Array | Float64Array;

/**
 * x rounded to float32 when `single`. A branch on a flag, not a rounding function passed in: a call
 * site that sees both Math.fround and an identity function stops V8 inlining either. The branch is
 * not free (V8 does not fold it away per precision), so this loop runs JS Adam slower than a loop
 * written for one precision would: the price of one source for both (issue 17's closing note).
 */
function r(x: number, single: boolean): number {
  return single ? Math.fround(x) : x;
}

/**
 * Adam's moment estimates at coordinate i (NAdam and RAdam keep the same ones): g' = sign·g + wd·p,
 * m = β₁m + (1−β₁)g', v = β₂v + (1−β₂)g'², each operation rounded to float32 when `single`.
 * Writes m[i] and v[i]; returns g'.
 */
export function adamMoments(i: number, p: FloatArray | undefined, g: FloatArray, m: FloatArray, v: FloatArray, sign: number,
  wd: number, b1: number, c1: number, b2: number, c2: number, single: boolean): number {
  let gi = sign * g[i]!;
  if (wd !== 0) gi = r(gi + r(wd * p![i]!, single), single);
  m[i] = r(r(m[i]! * b1, single) + r(c1 * gi, single), single);
  v[i] = r(r(v[i]! * b2, single) + r(r(c2 * gi, single) * gi, single), single);
  return gi;
}

/**
 * Adam on float32 (`single`) or float64 parameters: m and v (and, with AMSGrad, vmax) are updated in
 * place and the step is written to (or, with `add`, added to) out. `coupledWd` adds wd·p to the
 * gradient (Adam's weight decay); `decay` adds decay·p to the update (AdamW's decoupled −lr·wd·p).
 * The float32 common case (neither, no AMSGrad) on large buffers goes to the native loop, which is
 * bit-identical (tested) and vectorised.
 */
export function adamLoop(single: boolean, g: FloatArray, m: FloatArray, v: FloatArray, out: FloatArray, n: number, add: boolean,
  sign: number, beta1: number, beta2: number, negStepSize: number, invBc2: number, epsilon: number,
  p?: FloatArray, vmax?: FloatArray, coupledWd = 0, decayRate = 0): void {
  const s = single;
  // The constants rounded to float32 once, as every operation below is.
  const b1 = r(beta1, s), b2 = r(beta2, s), c1 = r(1 - beta1, s), c2 = r(1 - beta2, s);
  const negStep = r(negStepSize, s), invBc2Sqrt = r(invBc2, s), eps = r(epsilon, s);
  const wd = r(coupledWd, s), decay = r(decayRate, s);
  const plain = vmax === undefined && wd === 0 && decay === 0;
  if (!plain && p === undefined) throw new RangeError("adamLoop: weight decay needs the parameters");
  const native = s && plain ? nativeNow() : null;
  if (native !== null && n >= THRESHOLDS.adam && g instanceof Float32Array && m instanceof Float32Array
    && v instanceof Float32Array && out instanceof Float32Array) {
    native.adam(g, m, v, out, n, add, sign, b1, b2, c1, c2, negStep, invBc2Sqrt, eps);
    return;
  }
  for (let i = 0; i < n; i++) {
    adamMoments(i, p, g, m, v, sign, wd, b1, c1, b2, c2, s);
    let second = v[i]!;
    if (vmax !== undefined) {
      if (!(vmax[i]! >= second)) vmax[i] = second; // NaN propagates, as torch.maximum does
      second = vmax[i]!;
    }
    let u = r(r(negStep * m[i]!, s) / r(r(r(Math.sqrt(second), s) * invBc2Sqrt, s) + eps, s), s);
    if (decay !== 0) u = r(u + r(decay * p![i]!, s), s);
    out[i] = add ? r(out[i]! + u, s) : u;
  }
}
