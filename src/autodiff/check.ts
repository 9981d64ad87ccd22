/** Finite-difference verification of reverse-mode gradients. */
import { DescentError } from "../errors.js";
import { valueAndGrad, type ScalarFunction } from "./grad.js";
import { Tensor } from "./tensor.js";

export interface GradientCheckOptions {
  /** Central-difference step, scaled by max(1, |x|); default 1e-5 (3e-3 if f only runs in float32). */
  eps?: number;
}

export interface GradientCheckResult {
  /** max over elements of |a − n| / max(1, |a|, |n|): absolute for small values, relative for large. */
  maxRelError: number;
  /** max over elements of |a − n|. */
  maxAbsError: number;
  /** Autodiff gradients, one per input, as float64. */
  analytic: Float64Array[];
  /** Central differences, one per input. */
  numeric: Float64Array[];
  /** Where the largest relative error occurred. */
  worst: { input: number; index: number; analytic: number; numeric: number } | null;
  /** The dtype the differences were evaluated in (float64 unless f rejected float64 inputs). */
  evaluatedIn: "float32" | "float64";
}

/**
 * Compares autodiff gradients of f at `inputs` with central differences (f(x+h) − f(x−h)) / 2h.
 * Differences are taken on float64 copies of the inputs even when they are float32, so the check
 * measures the float32 gradient rather than float32 rounding in the differences; if f insists on
 * float32 (mixing in float32 constants), it falls back to float32 with a larger step.
 */
export function checkGradient(f: ScalarFunction, inputs: readonly Tensor[], options: GradientCheckOptions = {}): GradientCheckResult {
  const { grad } = valueAndGrad(f, inputs.map((_, i) => i))(...inputs);
  const analytic = grad.map((g) => Float64Array.from(g.data));
  let evaluatedIn: "float32" | "float64" = "float64";
  let numeric: Float64Array[];
  try {
    numeric = differences(f, inputs.map((t) => t.astype("float64")), options.eps ?? 1e-5);
  } catch (e) {
    if (!(e instanceof DescentError && e.code === "DTYPE_MISMATCH")) throw e;
    evaluatedIn = "float32";
    numeric = differences(f, inputs, options.eps ?? 3e-3);
  }
  let maxRelError = 0;
  let maxAbsError = 0;
  let worst: GradientCheckResult["worst"] = null;
  analytic.forEach((a, input) => {
    const n = numeric[input]!;
    for (let index = 0; index < a.length; index++) {
      const abs = Math.abs(a[index]! - n[index]!);
      const rel = abs / Math.max(1, Math.abs(a[index]!), Math.abs(n[index]!));
      maxAbsError = Math.max(maxAbsError, abs);
      if (worst === null || rel > maxRelError || Number.isNaN(rel)) {
        maxRelError = Number.isNaN(rel) ? NaN : Math.max(maxRelError, rel);
        worst = { input, index, analytic: a[index]!, numeric: n[index]! };
      }
    }
  });
  return { maxRelError, maxAbsError, analytic, numeric, worst, evaluatedIn };
}

function differences(f: ScalarFunction, inputs: readonly Tensor[], eps: number): Float64Array[] {
  return inputs.map((x, i) => {
    const out = new Float64Array(x.size);
    for (let j = 0; j < x.size; j++) {
      const h = eps * Math.max(1, Math.abs(x.data[j]!));
      const at = (delta: number): number => {
        const data = x.data.slice();
        data[j] = data[j]! + delta;
        const args = inputs.slice();
        args[i] = new Tensor(data, x.shape);
        return f(...args).item();
      };
      out[j] = (at(h) - at(-h)) / (2 * h);
    }
    return out;
  });
}
