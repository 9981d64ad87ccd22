/**
 * Prodigy (Mishchenko and Defazio, 2023, "Prodigy: An Expeditiously Adaptive Parameter-Free
 * Learner"), as konstmish/prodigy's prodigyopt/prodigy.py: Adam whose step size d is estimated
 * online as a lower bound of the distance from the start to the solution, from the running sum of
 * ⟨g, p₀ − p⟩ (weighted by the step sizes used) over the norm of a running sum of gradients. The
 * estimate only grows; lr stays 1 and scales it.
 */
import { defineOptions, nonNegative, positive, unitInterval, type ResolvedOf } from "./options.js";
import { maximizeOption, signOf, type Scalars, type UpdateRule } from "./rule.js";

/** Python's max/min of two numbers (the first wins ties and NaN comparisons, unlike Math.max). */
const pyMax = (a: number, b: number): number => (b > a ? b : a);
const pyMin = (a: number, b: number): number => (b < a ? b : a);

const prodigyOptions = defineOptions({
  lr: { kind: "number", default: 1, rule: positive, doc: "multiplies the estimated step size d (leave at 1)" },
  beta1: { kind: "number", default: 0.9, rule: unitInterval, doc: "decay of the first moment" },
  beta2: { kind: "number", default: 0.999, rule: unitInterval, doc: "decay of the second moment" },
  beta3: {
    kind: "number",
    default: -1,
    rule: { text: "must be in [0, 1), or -1 for √beta2", test: (v) => v === -1 || (v >= 0 && v < 1) },
    doc: "decay of the sums behind d (-1: √beta2)",
  },
  eps: { kind: "number", default: 1e-8, rule: positive, doc: "added to √v, times d" },
  weight_decay: { kind: "number", default: 0, rule: nonNegative, doc: "weight decay (decoupled unless decouple=false)" },
  decouple: { kind: "boolean", default: true, doc: "AdamW-style decay p -= d·lr·wd·p; false adds wd·p to the gradient" },
  use_bias_correction: { kind: "boolean", default: false, doc: "scale the step by Adam's bias correction √(1−β₂ᵗ)/(1−β₁ᵗ)" },
  safeguard_warmup: { kind: "boolean", default: false, doc: "leave lr out of the sum s (for warmup schedules)" },
  d0: { kind: "number", default: 1e-6, rule: positive, doc: "initial estimate of d" },
  d_coef: { kind: "number", default: 1, rule: positive, doc: "multiplies the estimate of d (the knob to tune)" },
  growth_rate: { kind: "number", default: Infinity, rule: positive, doc: "largest factor d may grow by per step (Infinity: unbounded)" },
  maximize: maximizeOption,
});

export const prodigy: UpdateRule<ResolvedOf<typeof prodigyOptions>> = {
  name: "prodigy",
  rule: "m = β₁m + d(1−β₁)g; v = β₂v + d²(1−β₂)g²; s = β₃s + (d/d₀)·d·lr·g; N = β₃N + (d/d₀)·d·lr·⟨g, p₀−p⟩; d = max(d, d_coef·N/Σ|s|); p -= d·lr·m/(√v + d·eps)",
  coupled: true,
  learningRateFree: true,
  options: prodigyOptions,
  initialScalars: (o) => ({ d: o.d0, d_max: o.d0, d_numerator: 0, k: 0 }),
  slots: () => [
    { name: "s", start: 0 },
    { name: "p0", start: "param" },
    { name: "exp_avg", start: 0 },
    { name: "exp_avg_sq", start: 0 },
  ],
  step(c): Scalars {
    const { o, scalars } = c;
    const lr = o.lr;
    // The reference skips parameters whose group lr is 0, and then the whole step (d_denom = 0).
    if (lr === 0) return scalars;
    const { beta1: b1, beta2: b2, d0, weight_decay: wd, decouple } = o;
    const b3 = o.beta3 === -1 ? Math.sqrt(b2) : o.beta3;
    const sign = signOf(o);
    const k = scalars.k!;
    let d = scalars.d!;
    let dMax = scalars.d_max!;
    const biasCorrection = o.use_bias_correction ? Math.sqrt(1 - b2 ** (k + 1)) / (1 - b1 ** (k + 1)) : 1;
    const dlr = d * lr * biasCorrection;
    const sCoef = (d / d0) * (o.safeguard_warmup ? d : dlr);
    const mCoef = d * (1 - b1);
    const vCoef = d * d * (1 - b2);
    let numerator = scalars.d_numerator! * b3;
    let denominator = 0;
    for (const name in c.grads) {
      const p = c.params[name]!, g = c.grads[name]!;
      const slots = c.slots[name]!;
      const s = slots.s!, p0 = slots.p0!, m = slots.exp_avg!, v = slots.exp_avg_sq!;
      let dot = 0;
      let sAbs = 0;
      for (let i = 0; i < p.length; i++) {
        let gi = sign * g[i]!;
        if (wd !== 0 && !decouple) gi = gi + wd * p[i]!;
        dot += gi * (p0[i]! - p[i]!);
        m[i] = m[i]! * b1 + mCoef * gi;
        v[i] = v[i]! * b2 + vCoef * gi * gi;
        s[i] = s[i]! * b3 + sCoef * gi;
        sAbs += Math.abs(s[i]!);
      }
      numerator += (d / d0) * dlr * dot;
      denominator += sAbs;
    }
    // No gradient seen yet (every s is 0): the reference returns before any update.
    if (denominator === 0) return scalars;
    const dHat = o.d_coef * numerator / denominator;
    if (d === d0) d = pyMax(d, dHat);
    dMax = pyMax(dMax, dHat);
    d = pyMin(dMax, d * o.growth_rate);
    const decay = decouple && wd !== 0 ? -wd * dlr : 0;
    const epsD = d * o.eps;
    for (const name in c.grads) {
      const p = c.params[name]!, out = c.out(name);
      const m = c.slots[name]!.exp_avg!, v = c.slots[name]!.exp_avg_sq!;
      for (let i = 0; i < p.length; i++) {
        const u = decay * p[i]! + (-dlr * m[i]!) / (Math.sqrt(v[i]!) + epsD);
        out[i] = c.add ? out[i]! + u : u;
      }
    }
    return { d, d_max: dMax, d_numerator: numerator, k: k + 1 };
  },
};
