import { closedUnit, defineOptions, nonNegative, type ResolvedOf } from "../options.js";
import { elementwise, lrOption, maximizeOption, signOf, weightDecayOption, type Slots } from "../rule.js";
import type { Vec } from "../types.js";

function sgdOptions(momentum: number, nesterov: boolean) {
  return defineOptions({
    lr: lrOption(1e-3),
    momentum: { kind: "number", default: momentum, rule: nonNegative, doc: "momentum factor" },
    dampening: { kind: "number", default: 0, rule: closedUnit, doc: "dampening for momentum" },
    weight_decay: weightDecayOption(),
    nesterov: { kind: "boolean", default: nesterov, doc: "use Nesterov momentum" },
    maximize: maximizeOption,
  });
}

export type SgdOptions = ResolvedOf<ReturnType<typeof sgdOptions>>;

/**
 * SGD as torch.optim.SGD: d = g + wd·p; b = d on the first step, else b = μ·b + (1−τ)·d;
 * d = nesterov ? d + μ·b : b; p ← p − lr·d.
 */
function applySgd(o: SgdOptions, t: number, _s: unknown, p: Vec, g: Vec, slots: Slots, out: Vec, add: boolean): void {
  const { momentum, weight_decay: wd, nesterov } = o;
  const damp = 1 - o.dampening;
  const sign = signOf(o);
  const buf = slots.momentum_buffer;
  const first = t === 1;
  const negLr = -o.lr;
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

function checkNesterov(o: SgdOptions): string | undefined {
  if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) return "nesterov requires momentum > 0 and dampening = 0";
  return undefined;
}

function makeSgd(name: string, momentum: number, nesterov: boolean, rule: string) {
  return elementwise<SgdOptions>({
    name,
    rule,
    options: sgdOptions(momentum, nesterov),
    check: checkNesterov,
    slots: (o) => (o.momentum !== 0 ? [{ name: "momentum_buffer", start: 0 }] : []),
    apply: applySgd,
  });
}

export const sgd = makeSgd("sgd", 0, false, "d = g + wd·p; b = μ·b + (1−dampening)·d (b = d at step 1); p -= lr·(nesterov ? d + μ·b : b)");
export const momentum = makeSgd("momentum", 0.9, false, "sgd with momentum 0.9: b = μ·b + d; p -= lr·b");
export const nesterov = makeSgd("nesterov", 0.9, true, "sgd with Nesterov momentum 0.9: b = μ·b + d; p -= lr·(d + μ·b)");
