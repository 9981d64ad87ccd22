/**
 * Schedule-free SGD and AdamW (Defazio et al., 2024, "The Road Less Scheduled"), as
 * facebookresearch/schedule_free's schedulefree/sgd_schedulefree_reference.py and
 * adamw_schedulefree_reference.py. Instead of a decaying schedule, the optimizer keeps three points:
 * z takes plain (or Adam-scaled) gradient steps, x is a running weighted average of the z's, and the
 * gradient is taken at y, an interpolation between the two. The model is evaluated at x: the
 * optimizer's `eval` writes x into the parameters and `train` writes y back (PyTorch users call
 * optimizer.eval() / optimizer.train()).
 */
import { defineOptions, nonNegative, nonNegativeInteger, openUnit, unitInterval, type ResolvedOf } from "./options.js";
import { lrOption, maximizeOption, signOf, type Scalars, type UpdateRule } from "./rule.js";
import type { Vec } from "./types.js";

const sharedOptions = defineOptions({
  weight_decay: { kind: "number", default: 0, rule: nonNegative, doc: "weight decay, taken at y (sgd: added to the gradient; adamw: decoupled, from z)" },
  warmup_steps: { kind: "number", default: 0, rule: nonNegativeInteger, doc: "linear learning-rate warmup over this many steps" },
  r: { kind: "number", default: 0, rule: nonNegative, doc: "polynomial weighting of the average: weight ∝ t^r" },
  weight_lr_power: { kind: "number", default: 2, rule: nonNegative, doc: "weights of the average ∝ (largest lr so far)^power, for warmup" },
  maximize: maximizeOption,
});

/** What the averaging reads; both rules' options have it. */
type SharedOptions = ResolvedOf<typeof sharedOptions>;

/** The step's learning rate and the weight c of the new z in x's average; updates lr_max and weight_sum. */
function averaging(o: SharedOptions, t: number, s: Scalars, lr: number): { ckp1: number; scalars: Scalars } {
  const lrMax = Math.max(lr, s.lr_max!);
  const weight = t ** o.r * lrMax ** o.weight_lr_power;
  const weightSum = s.weight_sum! + weight;
  // Python's weight / weight_sum raises ZeroDivisionError when both are 0; the reference then uses 0.
  const ckp1 = weightSum === 0 ? 0 : weight / weightSum;
  return { ckp1, scalars: { weight_sum: weightSum, lr_max: lrMax } };
}

function warmup(o: SharedOptions, t: number): number {
  const steps = o.warmup_steps;
  return t - 1 < steps ? t / steps : 1;
}

/** x = (1−c)·x + c·z; the new y = β·x + (1−β)·z becomes the parameter (and y's slot holds exactly it). */
function moveAverages(i: number, p: Vec, x: Vec, y: Vec, z: Vec, ckp1: number, beta: number, out: Vec, add: boolean): void {
  x[i] = x[i]! * (1 - ckp1) + ckp1 * z[i]!;
  const u = x[i]! * beta + (1 - beta) * z[i]! - p[i]!;
  y[i] = p[i]! + u;
  out[i] = add ? out[i]! + u : u;
}

/** The three points one parameter keeps (slots made at init, so present). */
function pointsOf(slots: Readonly<Record<string, Vec>>): { x: Vec; y: Vec; z: Vec } {
  return { x: slots.x!, y: slots.y!, z: slots.z! };
}

const pointSlots = [{ name: "z", start: "param" }, { name: "x", start: "param" }, { name: "y", start: "param" }] as const;

const sgdOptions = defineOptions({
  lr: lrOption(1.0),
  momentum: { kind: "number", default: 0.9, rule: openUnit, doc: "β: how far y sits from z towards x" },
  ...sharedOptions,
});

export const sgdScheduleFree: UpdateRule<ResolvedOf<typeof sgdOptions>> = {
  name: "sgd-schedulefree",
  rule: "g += wd·y; z -= lr·g; x = (1−c)·x + c·z with c = w_t/Σw (w = lr_max²); p = y = β·x + (1−β)·z; evaluate at x",
  options: sgdOptions,
  evalSlot: "x",
  trainSlot: "y",
  initialScalars: () => ({ weight_sum: 0, lr_max: -1 }),
  slots: () => pointSlots,
  step(c): Scalars {
    const { o, t } = c;
    const lr = o.lr * warmup(o, t);
    const { ckp1, scalars } = averaging(o, t, c.scalars, lr);
    const { momentum: beta, weight_decay: wd } = o;
    const sign = signOf(o);
    for (const name in c.grads) {
      const p = c.params[name]!, g = c.grads[name]!, out = c.out(name);
      const { x, y, z } = pointsOf(c.slots[name]!);
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

const adamwOptions = defineOptions({
  lr: lrOption(0.0025),
  beta1: { kind: "number", default: 0.9, rule: unitInterval, doc: "β₁: how far y sits from z towards x" },
  beta2: { kind: "number", default: 0.999, rule: unitInterval, doc: "decay of the second moment" },
  eps: { kind: "number", default: 1e-8, rule: nonNegative, doc: "added to √v" },
  ...sharedOptions,
  decay_at_z: { kind: "boolean", default: false, doc: "take the weight decay at z instead of y" },
});

export const adamwScheduleFree: UpdateRule<ResolvedOf<typeof adamwOptions>> = {
  name: "adamw-schedulefree",
  rule: "lr_t = lr·√(1−β₂ᵗ); v = β₂v + (1−β₂)g²; z -= lr_t·(g/(√v + eps) + wd·y); x = (1−c)·x + c·z; p = y = β₁x + (1−β₁)z; evaluate at x",
  options: adamwOptions,
  evalSlot: "x",
  trainSlot: "y",
  initialScalars: () => ({ weight_sum: 0, lr_max: -1 }),
  slots: () => [...pointSlots, { name: "exp_avg_sq", start: 0 }],
  step(c): Scalars {
    const { o, t } = c;
    const { beta1: b1, beta2: b2, eps, decay_at_z: atZ } = o;
    const lr = o.lr * warmup(o, t) * Math.sqrt(1 - b2 ** t);
    const { ckp1, scalars } = averaging(o, t, c.scalars, lr);
    const decay = lr * o.weight_decay;
    const sign = signOf(o);
    const c2 = 1 - b2;
    for (const name in c.grads) {
      const p = c.params[name]!, g = c.grads[name]!, out = c.out(name);
      const { x, y, z } = pointsOf(c.slots[name]!);
      const v = c.slots[name]!.exp_avg_sq!;
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
