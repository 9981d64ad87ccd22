import { adamF32 } from "../../kernels/index.js";
import type { Resolved } from "../options.js";
import type { Vec } from "../types.js";
import type { OptimizerDef } from "./kernel.js";
import { betaOptions, epsOption, lrOption, maximizeOption, weightDecayOption } from "./kernel.js";

/**
 * The shared Adam loop. `decoupled` is AdamW's p·(1 − lr·wd) decay, expressed additively as
 * −lr·wd·p so that updates stay additive.
 *
 * Float32 parameters are updated in float32 arithmetic, as torch.optim does for float32 tensors:
 * every operation is rounded to float32 (Math.fround in JS; float instructions in the native loop,
 * which is why the two give the same bits). Float64 parameters use double arithmetic.
 */
function applyAdam(o: Resolved, t: number, decoupled: boolean, p: Vec, g: Vec, slots: readonly Vec[], out: Vec, add: boolean): void {
  const lr = (o.lr as number);
  const b1 = (o.beta1 as number);
  const b2 = (o.beta2 as number);
  const wd = (o.weight_decay as number);
  const single = p instanceof Float32Array;
  // The step's constants as plain arguments (an object of them would be garbage every step, and
  // this runs once per parameter per step). −lr/(1−β₁ᵗ), and √v/√(1−β₂ᵗ) as √v·(1/√(1−β₂ᵗ)): a
  // multiplication instead of a division per element (the divider bounds the native loop);
  // within an ulp of PyTorch's division.
  const sign = (o.maximize === true) ? -1 : 1;
  const negStep = -(lr / (1 - b1 ** t));
  const invBc2Sqrt = 1 / Math.sqrt(1 - b2 ** t);
  const eps = (o.eps as number);
  const m = slots[0]!;
  const v = slots[1]!;
  const vmax = (o.amsgrad === true) ? slots[2] : undefined;
  if (vmax === undefined && wd === 0) {
    if (single) adamF32(g, m, v, out, p.length, add, sign, b1, b2, negStep, invBc2Sqrt, eps);
    else plainAdamF64(g, m, v, out, add, sign, b1, b2, negStep, invBc2Sqrt, eps);
    return;
  }
  // With weight decay or AMSGrad: each operation rounded to the parameters' precision. One loop
  // per precision: a rounding function chosen at run time (Math.fround or the identity) kept V8
  // from inlining it, and the loop ran ~100 times slower (179 ms a step for 200k float32 entries).
  const coupledWd = decoupled ? 0 : wd;
  const decay = decoupled ? -(lr * wd) : 0;
  if (single) decayAdamF32(p, g, m, v, vmax, out, add, sign, b1, b2, negStep, invBc2Sqrt, eps, coupledWd, decay);
  else decayAdamF64(p, g, m, v, vmax, out, add, sign, b1, b2, negStep, invBc2Sqrt, eps, coupledWd, decay);
}

function decayAdamF32(p: Vec, g: Vec, m: Vec, v: Vec, vmax: Vec | undefined, out: Vec, add: boolean, sign: number,
  b1: number, b2: number, negStep: number, invBc2Sqrt: number, eps: number, wd: number, decayRate: number): void {
  const r = Math.fround;
  const coupledWd = r(wd), decay = r(decayRate);
  const fb1 = r(b1), fb2 = r(b2), c1 = r(1 - b1), c2 = r(1 - b2), rStep = r(negStep), rInv = r(invBc2Sqrt), rEps = r(eps);
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    let gi = sign * g[i]!;
    if (coupledWd !== 0) gi = r(gi + r(coupledWd * pi));
    m[i] = r(r(m[i]! * fb1) + r(c1 * gi));
    v[i] = r(r(v[i]! * fb2) + r(r(c2 * gi) * gi));
    let second = v[i]!;
    if (vmax !== undefined) {
      if (!(vmax[i]! >= second)) vmax[i] = second; // NaN propagates, as torch.maximum does
      second = vmax[i]!;
    }
    let u = r(r(rStep * m[i]!) / r(r(r(Math.sqrt(second)) * rInv) + rEps));
    if (decay !== 0) u = r(u + r(decay * pi));
    out[i] = add ? r(out[i]! + u) : u;
  }
}

function decayAdamF64(p: Vec, g: Vec, m: Vec, v: Vec, vmax: Vec | undefined, out: Vec, add: boolean, sign: number,
  b1: number, b2: number, negStep: number, invBc2Sqrt: number, eps: number, coupledWd: number, decay: number): void {
  const c1 = 1 - b1, c2 = 1 - b2;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    let gi = sign * g[i]!;
    if (coupledWd !== 0) gi = gi + coupledWd * pi;
    m[i] = m[i]! * b1 + c1 * gi;
    v[i] = v[i]! * b2 + c2 * gi * gi;
    let second = v[i]!;
    if (vmax !== undefined) {
      if (!(vmax[i]! >= second)) vmax[i] = second; // NaN propagates, as torch.maximum does
      second = vmax[i]!;
    }
    let u = (negStep * m[i]!) / (Math.sqrt(second) * invBc2Sqrt + eps);
    if (decay !== 0) u = u + decay * pi;
    out[i] = add ? out[i]! + u : u;
  }
}


/** The common case on float64 parameters (the loop the reference trajectories check). */
function plainAdamF64(g: Vec, m: Vec, v: Vec, out: Vec, add: boolean,
  sign: number, b1: number, b2: number, negStep: number, invBc2Sqrt: number, eps: number): void {
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  const n = g.length;
  if (add) {
    for (let i = 0; i < n; i++) {
      const gi = sign * g[i]!;
      m[i] = m[i]! * b1 + c1 * gi;
      v[i] = v[i]! * b2 + c2 * gi * gi;
      out[i] = out[i]! + (negStep * m[i]!) / (Math.sqrt(v[i]!) * invBc2Sqrt + eps);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const gi = sign * g[i]!;
      m[i] = m[i]! * b1 + c1 * gi;
      v[i] = v[i]! * b2 + c2 * gi * gi;
      out[i] = (negStep * m[i]!) / (Math.sqrt(v[i]!) * invBc2Sqrt + eps);
    }
  }
}

const adamSlots = (o: Resolved) => {
  const slots = [
    { name: "exp_avg", fill: 0 },
    { name: "exp_avg_sq", fill: 0 },
  ];
  if ((o.amsgrad === true)) slots.push({ name: "max_exp_avg_sq", fill: 0 });
  return slots;
};

const amsgradOption = { kind: "boolean", default: false, doc: "use the running maximum of v (AMSGrad)" } as const;

/** Adam as torch.optim.Adam: m, v moving averages; p -= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps). */
export const adam: OptimizerDef = {
  name: "adam",
  rule: "g += wd·p; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p -= lr/(1−β₁ᵗ) · m/(√v/√(1−β₂ᵗ) + eps)",
  options: { lr: lrOption(1e-3), ...betaOptions, eps: epsOption(1e-8), weight_decay: weightDecayOption(), amsgrad: amsgradOption, maximize: maximizeOption },
  slots: adamSlots,
  apply: (o, t, _s, p, g, slots, out, add) => applyAdam(o, t, false, p, g, slots, out, add),
};

/** AdamW as torch.optim.AdamW: Adam with decoupled weight decay p -= lr·wd·p. */
export const adamw: OptimizerDef = {
  name: "adamw",
  rule: "p -= lr·wd·p; then Adam's step without weight decay in the gradient",
  options: { lr: lrOption(1e-3), ...betaOptions, eps: epsOption(1e-8), weight_decay: weightDecayOption(1e-2), amsgrad: amsgradOption, maximize: maximizeOption },
  slots: adamSlots,
  apply: (o, t, _s, p, g, slots, out, add) => applyAdam(o, t, true, p, g, slots, out, add),
};

/** Adamax as torch.optim.Adamax: u = max(β₂·u, |g| + eps); p -= lr/(1−β₁ᵗ) · m/u. */
export const adamax: OptimizerDef = {
  name: "adamax",
  rule: "m = β₁m + (1−β₁)g; u = max(β₂u, |g| + eps); p -= lr/(1−β₁ᵗ) · m/u",
  options: { lr: lrOption(2e-3), ...betaOptions, eps: epsOption(1e-8), weight_decay: weightDecayOption(), maximize: maximizeOption },
  slots: () => [
    { name: "exp_avg", fill: 0 },
    { name: "exp_inf", fill: 0 },
  ],
  apply(o, t, _s, p, g, [expAvg, expInf], out, add) {
    const b1 = (o.beta1 as number);
    const b2 = (o.beta2 as number);
    const c1 = 1 - b1;
    const eps = (o.eps as number);
    const wd = (o.weight_decay as number);
    const sign = (o.maximize === true) ? -1 : 1;
    const negClr = -((o.lr as number) / (1 - b1 ** t));
    const m = expAvg!;
    const ui = expInf!;
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
};

/** NAdam's momentum coefficient μₜ = β₁(1 − ½·0.96^(t·ψ)). */
function nadamMu(b1: number, t: number, md: number): number {
  return b1 * (1.0 - 0.5 * 0.96 ** (t * md));
}

/**
 * NAdam in the corrected form of pytorch/pytorch#92699: with Π = ∏μ,
 * p -= lr(1−μₜ)/(1−Π)·g/d + lr·μₜ₊₁/(1−Π·μₜ₊₁)·m/d, d = √(v/(1−β₂ᵗ)) + eps.
 */
export const nadam: OptimizerDef = {
  name: "nadam",
  rule: "m, v as Adam; d = √(v/(1−β₂ᵗ)) + eps; p -= lr(1−μₜ)/(1−Πμ)·g/d + lr·μₜ₊₁/(1−Πμ·μₜ₊₁)·m/d",
  options: {
    lr: lrOption(2e-3),
    ...betaOptions,
    eps: epsOption(1e-8),
    weight_decay: weightDecayOption(),
    momentum_decay: { kind: "number", default: 4e-3, rule: { text: "must be >= 0", test: (v) => v >= 0 }, doc: "ψ in μₜ = β₁(1 − ½·0.96^(tψ))" },
    maximize: maximizeOption,
  },
  slots: () => [
    { name: "exp_avg", fill: 0 },
    { name: "exp_avg_sq", fill: 0 },
  ],
  initialScalars: () => ({ mu_product: 1 }),
  nextScalars: (o, t, s) => ({ mu_product: s.mu_product! * nadamMu((o.beta1 as number), t, (o.momentum_decay as number)) }),
  apply(o, t, s, p, g, [expAvg, expAvgSq], out, add) {
    const lr = (o.lr as number);
    const b1 = (o.beta1 as number);
    const b2 = (o.beta2 as number);
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    const eps = (o.eps as number);
    const wd = (o.weight_decay as number);
    const md = (o.momentum_decay as number);
    const sign = (o.maximize === true) ? -1 : 1;
    const mu = nadamMu(b1, t, md);
    const muNext = nadamMu(b1, t + 1, md);
    const muProduct = s.mu_product!;
    const gradCoef = (-lr * (1 - mu)) / (1 - muProduct);
    const momCoef = (-lr * muNext) / (1 - muProduct * muNext);
    const bc2 = 1 - b2 ** t;
    const m = expAvg!;
    const v = expAvgSq!;
    for (let i = 0; i < p.length; i++) {
      let gi = sign * g[i]!;
      if (wd !== 0) gi = gi + wd * p[i]!;
      m[i] = m[i]! * b1 + c1 * gi;
      v[i] = v[i]! * b2 + c2 * gi * gi;
      const denom = Math.sqrt(v[i]! / bc2) + eps;
      const u = (gradCoef * gi) / denom + (momCoef * m[i]!) / denom;
      out[i] = add ? out[i]! + u : u;
    }
  },
};

/**
 * RAdam as torch.optim.RAdam (1.13): when the variance is tractable (ρₜ > 5) the Adam step is
 * rectified by r; before that it is plain momentum: p -= lr·m/(1−β₁ᵗ).
 */
export const radam: OptimizerDef = {
  name: "radam",
  rule: "m, v as Adam; ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ); ρₜ > 5: p -= lr·m̂·r·√(1−β₂ᵗ)/(√v + eps), else p -= lr·m̂",
  options: { lr: lrOption(1e-3), ...betaOptions, eps: epsOption(1e-8), weight_decay: weightDecayOption(), maximize: maximizeOption },
  slots: () => [
    { name: "exp_avg", fill: 0 },
    { name: "exp_avg_sq", fill: 0 },
  ],
  apply(o, t, _s, p, g, [expAvg, expAvgSq], out, add) {
    const lr = (o.lr as number);
    const b1 = (o.beta1 as number);
    const b2 = (o.beta2 as number);
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    const eps = (o.eps as number);
    const wd = (o.weight_decay as number);
    const sign = (o.maximize === true) ? -1 : 1;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const rhoInf = 2 / (1 - b2) - 1;
    const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
    const rectified = rhoT > 5;
    const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
    const bc2Sqrt = Math.sqrt(bc2);
    const m = expAvg!;
    const v = expAvgSq!;
    for (let i = 0; i < p.length; i++) {
      let gi = sign * g[i]!;
      if (wd !== 0) gi = gi + wd * p[i]!;
      m[i] = m[i]! * b1 + c1 * gi;
      v[i] = v[i]! * b2 + c2 * gi * gi;
      const mHat = m[i]! / bc1;
      const u = rectified ? -(mHat * lr * (bc2Sqrt / (Math.sqrt(v[i]!) + eps)) * rect) : -(mHat * lr);
      out[i] = add ? out[i]! + u : u;
    }
  },
};
