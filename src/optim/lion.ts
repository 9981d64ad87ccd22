/**
 * Lion (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"), as google/automl's
 * lion/lion_pytorch.py: the step is the sign of an interpolation between the momentum and the
 * gradient, so every coordinate moves by exactly lr; the momentum is updated after, with β₂.
 */
import type { OptimizerDef } from "./kernels/kernel.js";
import { lrOption, maximizeOption } from "./kernels/kernel.js";
import { nonNegative, unitInterval } from "./options.js";

export const lion: OptimizerDef = {
  name: "lion",
  rule: "c = β₁m + (1−β₁)g; p -= lr·(sign(c) + wd·p); m = β₂m + (1−β₂)g",
  options: {
    lr: lrOption(1e-4),
    beta1: { kind: "number", default: 0.9, rule: unitInterval, doc: "weight of the momentum in the step's sign" },
    beta2: { kind: "number", default: 0.99, rule: unitInterval, doc: "decay of the momentum" },
    weight_decay: { kind: "number", default: 0, rule: nonNegative, doc: "decoupled weight decay: p -= lr·wd·p" },
    maximize: maximizeOption,
  },
  slots: () => [{ name: "exp_avg", fill: 0 }],
  apply(o, _t, _s, p, g, [expAvg], out, add) {
    const lr = o.lr as number;
    const b1 = o.beta1 as number;
    const b2 = o.beta2 as number;
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    const decay = -(lr * (o.weight_decay as number));
    const sign = o.maximize === true ? -1 : 1;
    const m = expAvg!;
    for (let i = 0; i < p.length; i++) {
      const gi = sign * g[i]!;
      const c = m[i]! * b1 + gi * c1;
      // Math.sign keeps 0 at 0 and NaN as NaN, as torch.sign does.
      const u = decay * p[i]! + -lr * Math.sign(c);
      m[i] = m[i]! * b2 + c2 * gi;
      out[i] = add ? out[i]! + u : u;
    }
  },
};
