import { adamLoop, adamMoments } from "../../kernels/index.js";
import { defineOptions, nonNegative, type ResolvedOf } from "../options.js";
import { betaOptions, elementwise, epsOption, lrOption, maximizeOption, signOf, weightDecayOption, type Slots } from "../rule.js";
import type { Vec } from "../types.js";

const amsgradOption = { kind: "boolean", default: false, doc: "use the running maximum of v (AMSGrad)" } as const;
const adamOptions = (lr: number, wd: number) =>
  defineOptions({ lr: lrOption(lr), ...betaOptions, eps: epsOption(1e-8), weight_decay: weightDecayOption(wd), amsgrad: amsgradOption, maximize: maximizeOption });

export type AdamOptions = ResolvedOf<ReturnType<typeof adamOptions>>;

/**
 * The bias corrections 1−β₁ᵗ and 1/√(1−β₂ᵗ) of the last (t, β₁, β₂) seen: every parameter of a
 * step needs the same ones, and the two powers were a tenth of an Adam step on a record of
 * scalars. Module-wide, keyed by all three inputs, so any optimizer may use it: the values are the
 * ones the expressions give, bit for bit (a ±0 β gives the same 1 − 0ᵗ either way).
 */
// [t, β₁, β₂, 1−β₁ᵗ, 1/√(1−β₂ᵗ)]: a typed array, so keeping a value allocates no heap number.
const bias = Float64Array.of(-1, Number.NaN, Number.NaN, 1, 1);
function biasCorrections(t: number, b1: number, b2: number): void {
  bias[0] = t;
  bias[1] = b1;
  bias[2] = b2;
  bias[3] = 1 - b1 ** t;
  bias[4] = 1 / Math.sqrt(1 - b2 ** t);
}

/**
 * The one Adam rule, Adam's and AdamW's. `decoupled` is AdamW's p·(1 − lr·wd) decay, expressed
 * additively as −lr·wd·p so that updates stay additive. The loop is the kernel layer's `adamLoop`:
 * float32 parameters in float32 arithmetic, as torch.optim does for float32 tensors (every
 * operation rounded; the native loop, float instructions, gives the same bits), float64 parameters
 * in double arithmetic, the same operations in the same order.
 */
function applyAdam(o: AdamOptions, t: number, decoupled: boolean, p: Vec, g: Vec, slots: Slots, out: Vec, add: boolean): void {
  const { lr, beta1: b1, beta2: b2, eps, weight_decay: wd } = o;
  // The step's constants as plain arguments (an object of them would be garbage every step, and
  // this runs once per parameter per step). −lr/(1−β₁ᵗ), and √v/√(1−β₂ᵗ) as √v·(1/√(1−β₂ᵗ)): a
  // multiplication instead of a division per element (the divider bounds the native loop);
  // within an ulp of PyTorch's division.
  const sign = signOf(o);
  if (t !== bias[0] || b1 !== bias[1] || b2 !== bias[2]) biasCorrections(t, b1, b2);
  const negStep = -(lr / bias[3]!);
  const invBc2Sqrt = bias[4]!;
  const vmax = o.amsgrad ? slots.max_exp_avg_sq : undefined;
  const coupledWd = decoupled ? 0 : wd;
  const decay = decoupled ? -(lr * wd) : 0;
  adamLoop(p instanceof Float32Array, g, slots.exp_avg!, slots.exp_avg_sq!, out, p.length, add, sign, b1, b2, negStep, invBc2Sqrt, eps, p, vmax, coupledWd, decay);
}

const adamSlots = (o: AdamOptions) => [
  { name: "exp_avg", start: 0 },
  { name: "exp_avg_sq", start: 0 },
  ...(o.amsgrad ? [{ name: "max_exp_avg_sq", start: 0 }] : []),
];

/** Adam as torch.optim.Adam: m, v moving averages; p -= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps). */
export const adam = elementwise<AdamOptions>({
  name: "adam",
  rule: "g += wd·p; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p -= lr/(1−β₁ᵗ) · m/(√v/√(1−β₂ᵗ) + eps)",
  options: adamOptions(1e-3, 0),
  slots: adamSlots,
  apply: (o, t, _s, p, g, slots, out, add) => applyAdam(o, t, false, p, g, slots, out, add),
});

/** AdamW as torch.optim.AdamW: Adam with decoupled weight decay p -= lr·wd·p. */
export const adamw = elementwise<AdamOptions>({
  name: "adamw",
  rule: "p -= lr·wd·p; then Adam's step without weight decay in the gradient",
  options: adamOptions(1e-3, 1e-2),
  slots: adamSlots,
  apply: (o, t, _s, p, g, slots, out, add) => applyAdam(o, t, true, p, g, slots, out, add),
});

/** The options of Adamax and RAdam: Adam's without AMSGrad. */
const momentOptions = (lr: number) =>
  defineOptions({ lr: lrOption(lr), ...betaOptions, eps: epsOption(1e-8), weight_decay: weightDecayOption(), maximize: maximizeOption });

const adamaxOptions = momentOptions(2e-3);

/** Adamax as torch.optim.Adamax: u = max(β₂·u, |g| + eps); p -= lr/(1−β₁ᵗ) · m/u. */
export const adamax = elementwise<ResolvedOf<typeof adamaxOptions>>({
  name: "adamax",
  rule: "m = β₁m + (1−β₁)g; u = max(β₂u, |g| + eps); p -= lr/(1−β₁ᵗ) · m/u",
  options: adamaxOptions,
  slots: () => [
    { name: "exp_avg", start: 0 },
    { name: "exp_inf", start: 0 },
  ],
  apply(o, t, _s, p, g, slots, out, add) {
    const { beta1: b1, beta2: b2, eps, weight_decay: wd } = o;
    const c1 = 1 - b1;
    const sign = signOf(o);
    const negClr = -(o.lr / (1 - b1 ** t));
    const m = slots.exp_avg!;
    const ui = slots.exp_inf!;
    for (let i = 0; i < p.length; i++) {
      let gi = sign * g[i]!;
      if (wd !== 0) gi = gi + wd * p[i]!;
      m[i] = m[i]! * b1 + c1 * gi;
      const decayed = ui[i]! * b2;
      const bound = Math.abs(gi) + eps;
      ui[i] = Number.isNaN(decayed) || decayed > bound ? decayed : bound;
      const u = (negClr * m[i]!) / ui[i]!;
      out[i] = add ? out[i]! + u : u;
    }
  },
});

/** NAdam's momentum coefficient μₜ = β₁(1 − ½·0.96^(t·ψ)). */
function nadamMu(b1: number, t: number, md: number): number {
  return b1 * (1.0 - 0.5 * 0.96 ** (t * md));
}

const nadamOptions = defineOptions({
  lr: lrOption(2e-3),
  ...betaOptions,
  eps: epsOption(1e-8),
  weight_decay: weightDecayOption(),
  momentum_decay: { kind: "number", default: 4e-3, rule: nonNegative, doc: "ψ in μₜ = β₁(1 − ½·0.96^(tψ))" },
  maximize: maximizeOption,
});

const momentSlots = () => [
  { name: "exp_avg", start: 0 },
  { name: "exp_avg_sq", start: 0 },
];

/**
 * NAdam in the corrected form of pytorch/pytorch#92699: with Π = ∏μ,
 * p -= lr(1−μₜ)/(1−Π)·g/d + lr·μₜ₊₁/(1−Π·μₜ₊₁)·m/d, d = √(v/(1−β₂ᵗ)) + eps.
 */
export const nadam = elementwise<ResolvedOf<typeof nadamOptions>>({
  name: "nadam",
  rule: "m, v as Adam; d = √(v/(1−β₂ᵗ)) + eps; p -= lr(1−μₜ)/(1−Πμ)·g/d + lr·μₜ₊₁/(1−Πμ·μₜ₊₁)·m/d",
  options: nadamOptions,
  slots: momentSlots,
  initialScalars: () => ({ mu_product: 1 }),
  nextScalars: (o, t, s) => ({ mu_product: s.mu_product! * nadamMu(o.beta1, t, o.momentum_decay) }),
  apply(o, t, s, p, g, slots, out, add) {
    const { lr, beta1: b1, beta2: b2, eps, weight_decay: wd, momentum_decay: md } = o;
    const sign = signOf(o);
    const mu = nadamMu(b1, t, md);
    const muNext = nadamMu(b1, t + 1, md);
    const muProduct = s.mu_product!;
    const gradCoef = (-lr * (1 - mu)) / (1 - muProduct);
    const momCoef = (-lr * muNext) / (1 - muProduct * muNext);
    const bc2 = 1 - b2 ** t;
    const c1 = 1 - b1, c2 = 1 - b2;
    const m = slots.exp_avg!;
    const v = slots.exp_avg_sq!;
    for (let i = 0; i < p.length; i++) {
      const gi = adamMoments(i, p, g, m, v, sign, wd, b1, c1, b2, c2, false);
      const denom = Math.sqrt(v[i]! / bc2) + eps;
      const u = (gradCoef * gi) / denom + (momCoef * m[i]!) / denom;
      out[i] = add ? out[i]! + u : u;
    }
  },
});

const radamOptions = momentOptions(1e-3);

/**
 * RAdam as torch.optim.RAdam (1.13): when the variance is tractable (ρₜ > 5) the Adam step is
 * rectified by r; before that it is plain momentum: p -= lr·m/(1−β₁ᵗ).
 */
export const radam = elementwise<ResolvedOf<typeof radamOptions>>({
  name: "radam",
  rule: "m, v as Adam; ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ); ρₜ > 5: p -= lr·m̂·r·√(1−β₂ᵗ)/(√v + eps), else p -= lr·m̂",
  options: radamOptions,
  slots: momentSlots,
  apply(o, t, _s, p, g, slots, out, add) {
    const { lr, beta1: b1, beta2: b2, eps, weight_decay: wd } = o;
    const sign = signOf(o);
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const rhoInf = 2 / (1 - b2) - 1;
    const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
    const rectified = rhoT > 5;
    const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
    const bc2Sqrt = Math.sqrt(bc2);
    const c1 = 1 - b1, c2 = 1 - b2;
    const m = slots.exp_avg!;
    const v = slots.exp_avg_sq!;
    for (let i = 0; i < p.length; i++) {
      adamMoments(i, p, g, m, v, sign, wd, b1, c1, b2, c2, false);
      const mHat = m[i]! / bc1;
      const u = rectified ? -(mHat * lr * (bc2Sqrt / (Math.sqrt(v[i]!) + eps)) * rect) : -(mHat * lr);
      out[i] = add ? out[i]! + u : u;
    }
  },
});
