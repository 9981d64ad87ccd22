import type { Resolved } from "../options.js";
import { closedUnit, nonNegative } from "../options.js";
import type { Vec } from "../types.js";
import type { OptimizerDef } from "./kernel.js";
import { epsOption, lrOption, maximizeOption, weightDecayOption } from "./kernel.js";

/**
 * Adagrad as torch.optim.Adagrad: s += g²; p -= clr·g / (√s + eps) with clr = lr / (1 + (t−1)·lr_decay).
 * eps sits outside the square root and s starts at initial_accumulator_value.
 */
export const adagrad: OptimizerDef = {
  name: "adagrad",
  rule: "s += g²; p -= lr/(1+(t−1)·lr_decay) · g/(√s + eps), s₀ = initial_accumulator_value",
  options: {
    lr: lrOption(1e-2),
    lr_decay: { kind: "number", default: 0, rule: nonNegative, doc: "learning-rate decay per step" },
    weight_decay: weightDecayOption(),
    initial_accumulator_value: { kind: "number", default: 0, rule: nonNegative, doc: "starting value of the sum of squares" },
    eps: epsOption(1e-10),
    maximize: maximizeOption,
  },
  slots: (o) => [{ name: "sum", fill: (o.initial_accumulator_value as number) }],
  apply(o: Resolved, t, _s, p: Vec, g: Vec, [sum], out: Vec, add) {
    const negClr = -((o.lr as number) / (1 + (t - 1) * (o.lr_decay as number)));
    const wd = (o.weight_decay as number);
    const eps = (o.eps as number);
    const sign = (o.maximize === true) ? -1 : 1;
    const s = sum!;
    for (let i = 0; i < p.length; i++) {
      let gi = sign * g[i]!;
      if (wd !== 0) gi = gi + wd * p[i]!;
      s[i] = s[i]! + gi * gi;
      const u = (negClr * gi) / (Math.sqrt(s[i]!) + eps);
      out[i] = add ? out[i]! + u : u;
    }
  },
};

/**
 * RMSprop as torch.optim.RMSprop: v = α·v + (1−α)·g²; centered subtracts the squared running mean;
 * with momentum b = μ·b + g/(√v + eps), p -= lr·b, else p -= lr·g/(√v + eps).
 */
export const rmsprop: OptimizerDef = {
  name: "rmsprop",
  rule: "v = α·v + (1−α)·g²; a = √(v − centered·m²) + eps; b = μ·b + g/a; p -= lr·b (μ = 0: p -= lr·g/a)",
  options: {
    lr: lrOption(1e-2),
    alpha: { kind: "number", default: 0.99, rule: closedUnit, doc: "smoothing constant of the squared gradient" },
    eps: epsOption(1e-8),
    weight_decay: weightDecayOption(),
    momentum: { kind: "number", default: 0, rule: nonNegative, doc: "momentum factor" },
    centered: { kind: "boolean", default: false, doc: "normalize by the estimated variance" },
    maximize: maximizeOption,
  },
  slots(o) {
    const slots = [{ name: "square_avg", fill: 0 }];
    if ((o.centered === true)) slots.push({ name: "grad_avg", fill: 0 });
    if ((o.momentum as number) > 0) slots.push({ name: "momentum_buffer", fill: 0 });
    return slots;
  },
  apply(o, _t, _s, p, g, slots, out, add) {
    const lr = (o.lr as number);
    const alpha = (o.alpha as number);
    const beta = 1 - alpha;
    const eps = (o.eps as number);
    const wd = (o.weight_decay as number);
    const momentum = (o.momentum as number);
    const centered = (o.centered === true);
    const sign = (o.maximize === true) ? -1 : 1;
    const sq = slots[0]!;
    const gavg = centered ? slots[1] : undefined;
    const buf = momentum > 0 ? slots[centered ? 2 : 1] : undefined;
    for (let i = 0; i < p.length; i++) {
      let gi = sign * g[i]!;
      if (wd !== 0) gi = gi + wd * p[i]!;
      sq[i] = sq[i]! * alpha + beta * gi * gi;
      let avg: number;
      if (gavg !== undefined) {
        gavg[i] = gavg[i]! * alpha + beta * gi;
        avg = Math.sqrt(sq[i]! + -gavg[i]! * gavg[i]!);
      } else {
        avg = Math.sqrt(sq[i]!);
      }
      avg = avg + eps;
      let u: number;
      if (buf !== undefined) {
        buf[i] = buf[i]! * momentum + gi / avg;
        u = -lr * buf[i]!;
      } else {
        u = (-lr * gi) / avg;
      }
      out[i] = add ? out[i]! + u : u;
    }
  },
};

/**
 * Adadelta as torch.optim.Adadelta: v = ρ·v + (1−ρ)·g²; Δ = √(a + eps)/√(v + eps)·g;
 * a = ρ·a + (1−ρ)·Δ²; p -= lr·Δ.
 */
export const adadelta: OptimizerDef = {
  name: "adadelta",
  rule: "v = ρ·v + (1−ρ)·g²; Δ = √(a+eps)/√(v+eps)·g; a = ρ·a + (1−ρ)·Δ²; p -= lr·Δ",
  options: {
    lr: lrOption(1.0),
    rho: { kind: "number", default: 0.9, rule: closedUnit, doc: "decay of the running averages" },
    eps: epsOption(1e-6),
    weight_decay: weightDecayOption(),
    maximize: maximizeOption,
  },
  slots: () => [
    { name: "square_avg", fill: 0 },
    { name: "acc_delta", fill: 0 },
  ],
  apply(o, _t, _s, p, g, [sqAvg, accDelta], out, add) {
    const negLr = -(o.lr as number);
    const rho = (o.rho as number);
    const beta = 1 - rho;
    const eps = (o.eps as number);
    const wd = (o.weight_decay as number);
    const sign = (o.maximize === true) ? -1 : 1;
    const sq = sqAvg!;
    const acc = accDelta!;
    for (let i = 0; i < p.length; i++) {
      let gi = sign * g[i]!;
      if (wd !== 0) gi = gi + wd * p[i]!;
      sq[i] = sq[i]! * rho + beta * gi * gi;
      const delta = (Math.sqrt(acc[i]! + eps) / Math.sqrt(sq[i]! + eps)) * gi;
      acc[i] = acc[i]! * rho + beta * delta * delta;
      const u = negLr * delta;
      out[i] = add ? out[i]! + u : u;
    }
  },
};
