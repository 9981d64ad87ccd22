/** Adam's fused float32 loop: the JS loop and the native one that repeats it bit for bit. */
import { nativeNow } from "./backend.js";
import { THRESHOLDS } from "./thresholds.js";

type FloatArray = Float32Array | Float64Array;

/**
 * Adam's common case (no weight decay, no AMSGrad) on float32 parameters, without branches: the
 * large-model hot path. Every operation is rounded to float32, as torch.optim does for float32
 * tensors; m and v are updated in place and the step is written to (or, with `add`, added to)
 * out. Large buffers go to the native loop, which is bit-identical (tested) and vectorised.
 */
export function adamF32(g: FloatArray, m: FloatArray, v: FloatArray, out: FloatArray, n: number, add: boolean,
  sign: number, beta1: number, beta2: number, negStepSize: number, invBc2: number, epsilon: number): void {
  // The constants rounded to float32 once, as every operation below is.
  const f = Math.fround;
  const b1 = f(beta1), b2 = f(beta2), c1 = f(1 - beta1), c2 = f(1 - beta2);
  const negStep = f(negStepSize), invBc2Sqrt = f(invBc2), eps = f(epsilon);
  const native = nativeNow();
  if (native !== null && n >= THRESHOLDS.adam && g instanceof Float32Array && m instanceof Float32Array
    && v instanceof Float32Array && out instanceof Float32Array) {
    native.adam(g, m, v, out, n, add, sign, b1, b2, c1, c2, negStep, invBc2Sqrt, eps);
    return;
  }
  for (let i = 0; i < n; i++) {
    const gi = sign * g[i]!;
    const mi = f(f(m[i]! * b1) + f(c1 * gi));
    const vi = f(f(v[i]! * b2) + f(f(c2 * gi) * gi));
    m[i] = mi;
    v[i] = vi;
    const u = f(f(negStep * mi) / f(f(f(Math.sqrt(vi)) * invBc2Sqrt) + eps));
    out[i] = add ? f(out[i]! + u) : u;
  }
}

