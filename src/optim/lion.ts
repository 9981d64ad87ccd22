/**
 * Lion (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"), as google/automl's
 * lion/lion_pytorch.py: the step is the sign of an interpolation between the momentum and the
 * gradient, so every coordinate moves by exactly lr; the momentum is updated after, with β₂.
 */
import { defineOptions, nonNegative, unitInterval, type ResolvedOf } from "./options.js";
import { elementwise, lrOption, maximizeOption, signOf } from "./rule.js";

const lionOptions = defineOptions({
  lr: lrOption(1e-4),
  beta1: { kind: "number", default: 0.9, rule: unitInterval, doc: "weight of the momentum in the step's sign" },
  beta2: { kind: "number", default: 0.99, rule: unitInterval, doc: "decay of the momentum" },
  weight_decay: { kind: "number", default: 0, rule: nonNegative, doc: "decoupled weight decay: p -= lr·wd·p" },
  maximize: maximizeOption,
});

export const lion = elementwise<ResolvedOf<typeof lionOptions>>({
  name: "lion",
  rule: "c = β₁m + (1−β₁)g; p -= lr·(sign(c) + wd·p); m = β₂m + (1−β₂)g",
  options: lionOptions,
  slots: () => [{ name: "exp_avg", start: 0 }],
  apply(o, _t, _s, p, g, slots, out, add) {
    const { lr, beta1: b1, beta2: b2 } = o;
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    const decay = -(lr * o.weight_decay);
    const sign = signOf(o);
    const m = slots.exp_avg!;
    for (let i = 0; i < p.length; i++) {
      const gi = sign * g[i]!;
      const c = m[i]! * b1 + gi * c1;
      // Math.sign keeps 0 at 0 and NaN as NaN, as torch.sign does.
      const u = decay * p[i]! + -lr * Math.sign(c);
      m[i] = m[i]! * b2 + c2 * gi;
      out[i] = add ? out[i]! + u : u;
    }
  },
});
