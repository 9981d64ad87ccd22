/**
 * Schedule-free SGD and AdamW (Defazio et al., 2024, "The Road Less Scheduled"), as
 * facebookresearch/schedule_free's schedulefree/sgd_schedulefree_reference.py and
 * adamw_schedulefree_reference.py. Instead of a decaying schedule, the optimizer keeps three points:
 * z takes plain (or Adam-scaled) gradient steps, x is a running weighted average of the z's, and the
 * gradient is taken at y, an interpolation between the two. The model is evaluated at x: the
 * optimizer's `eval` writes x into the parameters and `train` writes y back (PyTorch users call
 * optimizer.eval() / optimizer.train()).
 */
import type { Scalars } from "./kernels/kernel.js";
import { lrOption, maximizeOption } from "./kernels/kernel.js";
import { nonNegative, nonNegativeInteger, openUnit, unitInterval, type OptionDefs, type Resolved } from "./options.js";
import type { Vec } from "./types.js";
import type { StepContext, WholeStepRule } from "./whole-step.js";

const sharedOptions: OptionDefs = {
  weight_decay: { kind: "number", default: 0, rule: nonNegative, doc: "weight decay, taken at y (sgd: added to the gradient; adamw: decoupled, from z)" },
  warmup_steps: { kind: "number", default: 0, rule: nonNegativeInteger, doc: "linear learning-rate warmup over this many steps" },
  r: { kind: "number", default: 0, rule: nonNegative, doc: "polynomial weighting of the average: weight ∝ t^r" },
  weight_lr_power: { kind: "number", default: 2, rule: nonNegative, doc: "weights of the average ∝ (largest lr so far)^power, for warmup" },
  maximize: maximizeOption,
};

/** The step's learning rate and the weight c of the new z in x's average; updates lr_max and weight_sum. */
function averaging(o: Resolved, t: number, s: Scalars, lr: number): { ckp1: number; scalars: Scalars } {
  const lrMax = Math.max(lr, s.lr_max!);
  const weight = t ** (o.r as number) * lrMax ** (o.weight_lr_power as number);
  const weightSum = s.weight_sum! + weight;
  // Python's weight / weight_sum raises ZeroDivisionError when both are 0; the reference then uses 0.
  const ckp1 = weightSum === 0 ? 0 : weight / weightSum;
  return { ckp1, scalars: { weight_sum: weightSum, lr_max: lrMax } };
}

function warmup(o: Resolved, t: number): number {
  const steps = o.warmup_steps as number;
  return t - 1 < steps ? t / steps : 1;
}

/** x = (1−c)·x + c·z; the new y = β·x + (1−β)·z becomes the parameter (and y's slot holds exactly it). */
function moveAverages(i: number, p: Vec, x: Vec, y: Vec, z: Vec, ckp1: number, beta: number, out: Vec, add: boolean): void {
  x[i] = x[i]! * (1 - ckp1) + ckp1 * z[i]!;
  const u = x[i]! * beta + (1 - beta) * z[i]! - p[i]!;
  y[i] = p[i]! + u;
  out[i] = add ? out[i]! + u : u;
}

const pointSlots = [{ name: "z", from: "param" }, { name: "x", from: "param" }, { name: "y", from: "param" }] as const;

export const sgdScheduleFree: WholeStepRule = {
  name: "sgd-schedulefree",
  rule: "g += wd·y; z -= lr·g; x = (1−c)·x + c·z with c = w_t/Σw (w = lr_max²); p = y = β·x + (1−β)·z; evaluate at x",
  options: {
    lr: lrOption(1.0),
    momentum: { kind: "number", default: 0.9, rule: openUnit, doc: "β: how far y sits from z towards x" },
    ...sharedOptions,
  },
  evalSlot: "x",
  trainSlot: "y",
  initialScalars: () => ({ weight_sum: 0, lr_max: -1 }),
  slots: () => pointSlots,
  step(c: StepContext): Scalars {
    const { o, t } = c;
    const lr = (o.lr as number) * warmup(o, t);
    const { ckp1, scalars } = averaging(o, t, c.scalars, lr);
    const beta = o.momentum as number;
    const wd = o.weight_decay as number;
    const sign = o.maximize === true ? -1 : 1;
    for (const name in c.grads) {
      const p = c.params[name]!, g = c.grads[name]!, out = c.out(name);
      const { x, y, z } = c.slots[name]! as Record<"x" | "y" | "z", Vec>;
      for (let i = 0; i < p.length; i++) {
        let gi = sign * g[i]!;
        if (wd !== 0) gi = gi + wd * y[i]!;
        z[i] = z[i]! - lr * gi;
        moveAverages(i, p, x, y, z, ckp1, beta, out, c.add);
      }
    }
    return scalars;
  },
};

export const adamwScheduleFree: WholeStepRule = {
  name: "adamw-schedulefree",
  rule: "lr_t = lr·√(1−β₂ᵗ); v = β₂v + (1−β₂)g²; z -= lr_t·(g/(√v + eps) + wd·y); x = (1−c)·x + c·z; p = y = β₁x + (1−β₁)z; evaluate at x",
  options: {
    lr: lrOption(0.0025),
    beta1: { kind: "number", default: 0.9, rule: unitInterval, doc: "β₁: how far y sits from z towards x" },
    beta2: { kind: "number", default: 0.999, rule: unitInterval, doc: "decay of the second moment" },
    eps: { kind: "number", default: 1e-8, rule: nonNegative, doc: "added to √v" },
    ...sharedOptions,
    decay_at_z: { kind: "boolean", default: false, doc: "take the weight decay at z instead of y" },
  },
  evalSlot: "x",
  trainSlot: "y",
  initialScalars: () => ({ weight_sum: 0, lr_max: -1 }),
  slots: () => [...pointSlots, { name: "exp_avg_sq", from: "zeros" }],
  step(c: StepContext): Scalars {
    const { o, t } = c;
    const b1 = o.beta1 as number;
    const b2 = o.beta2 as number;
    const lr = (o.lr as number) * warmup(o, t) * Math.sqrt(1 - b2 ** t);
    const { ckp1, scalars } = averaging(o, t, c.scalars, lr);
    const eps = o.eps as number;
    const decay = lr * (o.weight_decay as number);
    const atZ = o.decay_at_z === true;
    const sign = o.maximize === true ? -1 : 1;
    const c2 = 1 - b2;
    for (const name in c.grads) {
      const p = c.params[name]!, g = c.grads[name]!, out = c.out(name);
      const { x, y, z, exp_avg_sq: v } = c.slots[name]! as Record<"x" | "y" | "z" | "exp_avg_sq", Vec>;
      for (let i = 0; i < p.length; i++) {
        const gi = sign * g[i]!;
        if (decay !== 0) z[i] = z[i]! - decay * (atZ ? z[i]! : y[i]!);
        v[i] = v[i]! * b2 + c2 * gi * gi;
        z[i] = z[i]! + (-lr * gi) / (Math.sqrt(v[i]!) + eps);
        moveAverages(i, p, x, y, z, ckp1, b1, out, c.add);
      }
    }
    return scalars;
  },
};
