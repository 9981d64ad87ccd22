/** Adam's float32 loop: the JS loop, and the native one that repeats its common case bit for bit. */
import { nativeNow } from "./backend.js";
import { THRESHOLDS } from "./thresholds.js";

type FloatArray = Float32Array | Float64Array;

/**
 * Adam on float32 parameters, every operation rounded to float32 as torch.optim computes on float32
 * tensors: m and v (and, with AMSGrad, vmax) are updated in place and the step is written to (or,
 * with `add`, added to) out. `coupledWd` adds wd·p to the gradient (Adam's weight decay); `decay`
 * adds decay·p to the update (AdamW's decoupled −lr·wd·p). The common case (neither, no AMSGrad)
 * on large buffers goes to the native loop, which is bit-identical (tested) and vectorised.
 */
export function adamF32(g: FloatArray, m: FloatArray, v: FloatArray, out: FloatArray, n: number, add: boolean,
  sign: number, beta1: number, beta2: number, negStepSize: number, invBc2: number, epsilon: number,
  p?: FloatArray, vmax?: FloatArray, coupledWd = 0, decayRate = 0): void {
  // The constants rounded to float32 once, as every operation below is.
  const f = Math.fround;
  const b1 = f(beta1), b2 = f(beta2), c1 = f(1 - beta1), c2 = f(1 - beta2);
  const negStep = f(negStepSize), invBc2Sqrt = f(invBc2), eps = f(epsilon);
  const wd = f(coupledWd), decay = f(decayRate);
  const plain = vmax === undefined && wd === 0 && decay === 0;
  const native = plain ? nativeNow() : null;
  if (native !== null && n >= THRESHOLDS.adam && g instanceof Float32Array && m instanceof Float32Array
    && v instanceof Float32Array && out instanceof Float32Array) {
    native.adam(g, m, v, out, n, add, sign, b1, b2, c1, c2, negStep, invBc2Sqrt, eps);
    return;
  }
  if (!plain && p === undefined) throw new RangeError("adamF32: weight decay needs the parameters");
  for (let i = 0; i < n; i++) {
    let gi = sign * g[i]!;
    if (wd !== 0) gi = f(gi + f(wd * p![i]!));
    const mi = f(f(m[i]! * b1) + f(c1 * gi));
    const vi = f(f(v[i]! * b2) + f(f(c2 * gi) * gi));
    m[i] = mi;
    v[i] = vi;
    let second = vi;
    if (vmax !== undefined) {
      if (!(vmax[i]! >= second)) vmax[i] = second; // NaN propagates, as torch.maximum does
      second = vmax[i]!;
    }
    let u = f(f(negStep * mi) / f(f(f(Math.sqrt(second)) * invBc2Sqrt) + eps));
    if (decay !== 0) u = f(u + f(decay * p![i]!));
    out[i] = add ? f(out[i]! + u) : u;
  }
}
