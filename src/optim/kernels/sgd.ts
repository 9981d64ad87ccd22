import type { OptionDefs, Resolved } from "../options.js";
import { closedUnit, nonNegative } from "../options.js";
import type { Vec } from "../types.js";
import type { OptimizerDef } from "./kernel.js";
import { lrOption, maximizeOption, weightDecayOption } from "./kernel.js";

function sgdOptions(momentum: number, nesterov: boolean): OptionDefs {
  return {
    lr: lrOption(1e-3),
    momentum: { kind: "number", default: momentum, rule: nonNegative, doc: "momentum factor" },
    dampening: { kind: "number", default: 0, rule: closedUnit, doc: "dampening for momentum" },
    weight_decay: weightDecayOption(),
    nesterov: { kind: "boolean", default: nesterov, doc: "use Nesterov momentum" },
    maximize: maximizeOption,
  };
}

/**
 * SGD as torch.optim.SGD: d = g + wd·p; b = d on the first step, else b = μ·b + (1−τ)·d;
 * d = nesterov ? d + μ·b : b; p ← p − lr·d.
 */
function applySgd(o: Resolved, t: number, _s: unknown, p: Vec, g: Vec, slots: readonly Vec[], out: Vec, add: boolean): void {
  const lr = (o.lr as number);
  const momentum = (o.momentum as number);
  const damp = 1 - (o.dampening as number);
  const wd = (o.weight_decay as number);
  const nesterov = (o.nesterov === true);
  const sign = (o.maximize === true) ? -1 : 1;
  const buf = slots[0];
  const first = t === 1;
  const negLr = -lr;
  for (let i = 0; i < p.length; i++) {
    let d = sign * g[i]!;
    if (wd !== 0) d = d + wd * p[i]!;
    if (momentum !== 0 && buf !== undefined) {
      // The first step fills the buffer with the raw (decayed) gradient, as PyTorch does.
      buf[i] = first ? d : buf[i]! * momentum + damp * d;
      d = nesterov ? d + momentum * buf[i]! : buf[i]!;
    }
    const u = negLr * d;
    out[i] = add ? out[i]! + u : u;
  }
}

function checkNesterov(o: Resolved): string | undefined {
  if ((o.nesterov === true) && ((o.momentum as number) <= 0 || (o.dampening as number) !== 0)) {
    return "nesterov requires momentum > 0 and dampening = 0";
  }
  return undefined;
}

function makeSgd(name: string, momentum: number, nesterov: boolean, rule: string): OptimizerDef {
  return {
    name,
    rule,
    options: sgdOptions(momentum, nesterov),
    check: checkNesterov,
    slots: (o) => ((o.momentum as number) !== 0 ? [{ name: "momentum_buffer", fill: 0 }] : []),
    apply: applySgd,
  };
}

export const sgd = makeSgd("sgd", 0, false, "d = g + wd·p; b = μ·b + (1−dampening)·d (b = d at step 1); p -= lr·(nesterov ? d + μ·b : b)");
export const momentum = makeSgd("momentum", 0.9, false, "sgd with momentum 0.9: b = μ·b + d; p -= lr·b");
export const nesterov = makeSgd("nesterov", 0.9, true, "sgd with Nesterov momentum 0.9: b = μ·b + d; p -= lr·(d + μ·b)");
