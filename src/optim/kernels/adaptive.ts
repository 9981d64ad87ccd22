import { closedUnit, defineOptions, nonNegative, type ResolvedOf } from "../options.js";
import { elementwise, epsOption, lrOption, maximizeOption, signOf, weightDecayOption } from "../rule.js";

const adagradOptions = defineOptions({
  lr: lrOption(1e-2),
  lr_decay: { kind: "number", default: 0, rule: nonNegative, doc: "learning-rate decay per step" },
  weight_decay: weightDecayOption(),
  initial_accumulator_value: { kind: "number", default: 0, rule: nonNegative, doc: "starting value of the sum of squares" },
  eps: epsOption(1e-10),
  maximize: maximizeOption,
});

/**
 * Adagrad as torch.optim.Adagrad: s += g²; p -= clr·g / (√s + eps) with clr = lr / (1 + (t−1)·lr_decay).
 * eps sits outside the square root and s starts at initial_accumulator_value.
 */
export const adagrad = elementwise<ResolvedOf<typeof adagradOptions>>({
  name: "adagrad",
  rule: "s += g²; p -= lr/(1+(t−1)·lr_decay) · g/(√s + eps), s₀ = initial_accumulator_value",
  options: adagradOptions,
  slots: (o) => [{ name: "sum", start: o.initial_accumulator_value }],
  apply(o, t, _s, p, g, slots, out, add) {
    const negClr = -(o.lr / (1 + (t - 1) * o.lr_decay));
    const { weight_decay: wd, eps } = o;
    const sign = signOf(o);
    const s = slots.sum!;
    for (let i = 0; i < p.length; i++) {
      let gi = sign * g[i]!;
      if (wd !== 0) gi = gi + wd * p[i]!;
      s[i] = s[i]! + gi * gi;
      const u = (negClr * gi) / (Math.sqrt(s[i]!) + eps);
      out[i] = add ? out[i]! + u : u;
    }
  },
});

const rmspropOptions = defineOptions({
  lr: lrOption(1e-2),
  alpha: { kind: "number", default: 0.99, rule: closedUnit, doc: "smoothing constant of the squared gradient" },
  eps: epsOption(1e-8),
  weight_decay: weightDecayOption(),
  momentum: { kind: "number", default: 0, rule: nonNegative, doc: "momentum factor" },
  centered: { kind: "boolean", default: false, doc: "normalize by the estimated variance" },
  maximize: maximizeOption,
});

/**
 * RMSprop as torch.optim.RMSprop: v = α·v + (1−α)·g²; centered subtracts the squared running mean;
 * with momentum b = μ·b + g/(√v + eps), p -= lr·b, else p -= lr·g/(√v + eps).
 */
export const rmsprop = elementwise<ResolvedOf<typeof rmspropOptions>>({
  name: "rmsprop",
  rule: "v = α·v + (1−α)·g²; a = √(v − centered·m²) + eps; b = μ·b + g/a; p -= lr·b (μ = 0: p -= lr·g/a)",
  options: rmspropOptions,
  slots: (o) => [
    { name: "square_avg", start: 0 },
    ...(o.centered ? [{ name: "grad_avg", start: 0 }] : []),
    ...(o.momentum > 0 ? [{ name: "momentum_buffer", start: 0 }] : []),
  ],
  apply(o, _t, _s, p, g, slots, out, add) {
    const { lr, alpha, eps, weight_decay: wd, momentum } = o;
    const beta = 1 - alpha;
    const sign = signOf(o);
    const sq = slots.square_avg!;
    const gavg = o.centered ? slots.grad_avg : undefined;
    const buf = momentum > 0 ? slots.momentum_buffer : undefined;
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
});

const adadeltaOptions = defineOptions({
  lr: lrOption(1.0),
  rho: { kind: "number", default: 0.9, rule: closedUnit, doc: "decay of the running averages" },
  eps: epsOption(1e-6),
  weight_decay: weightDecayOption(),
  maximize: maximizeOption,
});

/**
 * Adadelta as torch.optim.Adadelta: v = ρ·v + (1−ρ)·g²; Δ = √(a + eps)/√(v + eps)·g;
 * a = ρ·a + (1−ρ)·Δ²; p -= lr·Δ.
 */
export const adadelta = elementwise<ResolvedOf<typeof adadeltaOptions>>({
  name: "adadelta",
  rule: "v = ρ·v + (1−ρ)·g²; Δ = √(a+eps)/√(v+eps)·g; a = ρ·a + (1−ρ)·Δ²; p -= lr·Δ",
  options: adadeltaOptions,
  slots: () => [
    { name: "square_avg", start: 0 },
    { name: "acc_delta", start: 0 },
  ],
  apply(o, _t, _s, p, g, slots, out, add) {
    const negLr = -o.lr;
    const { rho, eps, weight_decay: wd } = o;
    const beta = 1 - rho;
    const sign = signOf(o);
    const sq = slots.square_avg!;
    const acc = slots.acc_delta!;
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
});
