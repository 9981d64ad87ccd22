/**
 * Muon (Jordan et al., 2024), as torch.optim.Muon (pytorch/pytorch torch/optim/_muon.py): momentum,
 * then the update of each weight matrix is replaced by its nearest orthogonal matrix, approximated
 * by five Newton–Schulz iterations of a quintic polynomial, and scaled by the matrix's shape. Muon
 * is for the 2-D weights of hidden layers; every other parameter (biases, anything 1-D, a weight
 * without a known shape, and with output_adamw the last weight) takes an AdamW step, the split
 * PyTorch's documentation asks its users to make by hand.
 */
import { matmulNN32, matmulNN64, matmulNT32, matmulNT64 } from "../kernels/index.js";
import { adamw, type AdamOptions } from "./kernels/adam.js";
import { defineOptions, nonNegative, positive, positiveInteger, unitInterval, type ResolvedOf } from "./options.js";
import { lrOption, maximizeOption, signOf, type Scalars, type StepContext, type UpdateRule } from "./rule.js";
import type { Vec } from "./types.js";

const muonOptions = defineOptions({
  lr: lrOption(1e-3),
  weight_decay: { kind: "number", default: 0.1, rule: nonNegative, doc: "decoupled weight decay of the matrices: p -= lr·wd·p" },
  momentum: { kind: "number", default: 0.95, rule: unitInterval, doc: "μ, the momentum factor" },
  nesterov: { kind: "boolean", default: true, doc: "orthogonalize (1−μ)·g + μ·b instead of b" },
  ns_coefficients: { kind: "list", default: [3.4445, -4.775, 2.0315], doc: "a/b/c of the Newton–Schulz quintic aX + b(XXᵀ)X + c(XXᵀ)²X" },
  eps: { kind: "number", default: 1e-7, rule: positive, doc: "floor of the norm the matrix is divided by" },
  ns_steps: { kind: "number", default: 5, rule: positiveInteger, doc: "Newton–Schulz iterations" },
  adjust_lr_fn: { kind: "enum", values: ["original", "match_rms_adamw"], default: "original", doc: "shape scale: √max(1, out/in), or 0.2·√max(out, in)" },
  adamw_lr: { kind: "number", default: 1e-3, rule: positive, doc: "lr of the AdamW step for the other parameters (moves with lr under a schedule)" },
  adamw_beta1: { kind: "number", default: 0.9, rule: unitInterval, doc: "AdamW's β₁ for the other parameters" },
  adamw_beta2: { kind: "number", default: 0.999, rule: unitInterval, doc: "AdamW's β₂ for the other parameters" },
  adamw_eps: { kind: "number", default: 1e-8, rule: nonNegative, doc: "AdamW's eps for the other parameters" },
  adamw_weight_decay: { kind: "number", default: 0.01, rule: nonNegative, doc: "AdamW's weight decay for the other parameters" },
  output_adamw: { kind: "boolean", default: false, doc: "give the last 2-D weight (the output layer) to AdamW, as Muon's authors advise" },
  maximize: maximizeOption,
});

export type MuonOptions = ResolvedOf<typeof muonOptions>;

/** The parameters Muon orthogonalizes: the 2-D ones, less the last (the output layer) with output_adamw. */
export function muonMatrices(o: { readonly output_adamw: boolean }, shapes: Readonly<Record<string, readonly number[]>> | undefined): Set<string> {
  const names = Object.entries(shapes ?? {}).filter(([, s]) => s.length === 2).map(([name]) => name);
  if (o.output_adamw) names.pop();
  return new Set(names);
}

/** torch.lerp's formula (two branches, for accuracy near either end): a + w·(b − a). */
function lerp(a: number, b: number, w: number): number {
  return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
}

/** The matrices one rows×cols shape needs, made once per shape and precision and reused every step. */
export interface NewtonSchulzBuffers {
  /** The momentum update to orthogonalize, rows×cols. */
  readonly update: Vec;
  /** The wide iterate X and its next value, m×n with m = min(rows, cols). */
  readonly x: Vec;
  readonly next: Vec;
  /** XXᵀ and its square, m×m. */
  readonly gram: Vec;
  readonly gram2: Vec;
  /** The result in rows×cols layout (a tall matrix is transposed back into it). */
  readonly result: Vec;
}

export function newtonSchulzBuffers(rows: number, cols: number, single: boolean): NewtonSchulzBuffers {
  const make = (n: number): Vec => (single ? new Float32Array(n) : new Float64Array(n));
  const m = Math.min(rows, cols);
  return { update: make(rows * cols), x: make(rows * cols), next: make(rows * cols), gram: make(m * m), gram2: make(m * m), result: make(rows * cols) };
}

/**
 * Newton–Schulz orthogonalization of a rows×cols matrix (row-major), in the buffer's precision:
 * made wide (transposed when rows > cols), divided by its Frobenius norm, then `steps` times
 * A = XXᵀ, B = bA + cA², X = aX + BX. Returns the result in the input's layout, in one of `work`'s
 * buffers (valid until the next call with the same buffers).
 */
export function orthogonalize(g: Vec, rows: number, cols: number, [a, b, c]: readonly number[], steps: number, eps: number,
  work = newtonSchulzBuffers(rows, cols, g instanceof Float32Array)): Vec {
  const tall = rows > cols;
  const m = tall ? cols : rows;
  const n = tall ? rows : cols;
  let x = work.x;
  let next = work.next;
  if (tall) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) x[j * rows + i] = g[i * cols + j]!;
  else x.set(g);
  let sq = 0;
  for (let i = 0; i < x.length; i++) sq += x[i]! * x[i]!;
  const scale = Math.max(Math.sqrt(sq), eps);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! / scale;
  const { gram, gram2 } = work;
  for (let s = 0; s < steps; s++) {
    gram.fill(0);
    gram2.fill(0);
    next.fill(0);
    product("nt", x, x, gram, m, n, m);
    product("nn", gram, gram, gram2, m, m, m);
    for (let i = 0; i < gram.length; i++) gram[i] = b! * gram[i]! + c! * gram2[i]!;
    product("nn", gram, x, next, m, m, n);
    for (let i = 0; i < x.length; i++) next[i] = a! * x[i]! + next[i]!;
    const done = next;
    next = x;
    x = done;
  }
  if (!tall) return x;
  const out = work.result;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = x[j * rows + i]!;
  return out;
}

/** out += A·B ("nn", A m×k, B k×n) or A·Bᵀ ("nt", B stored n×k), with the kernels for the buffers' type. */
function product(layout: "nn" | "nt", a: Vec, b: Vec, out: Vec, m: number, k: number, n: number): void {
  if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) {
    (layout === "nn" ? matmulNN32 : matmulNT32)(a, b, out, m, k, n);
  } else if (a instanceof Float64Array && b instanceof Float64Array && out instanceof Float64Array) {
    (layout === "nn" ? matmulNN64 : matmulNT64)(a, b, out, m, k, n);
  } else {
    throw new RangeError("muon: a matrix product needs buffers of one precision");
  }
}

/**
 * torch's shape scale for its [outputs, inputs] weight (A, B): descent stores a dense weight as
 * [inputs, outputs], so A is the column count and B the row count.
 */
function adjustedLr(o: MuonOptions, lr: number, rows: number, cols: number): number {
  const ratio = o.adjust_lr_fn === "match_rms_adamw" ? 0.2 * Math.sqrt(Math.max(cols, rows)) : Math.sqrt(Math.max(1, cols / rows));
  return lr * ratio;
}

/** What one Muon optimizer keeps between steps: the matrices per shape, and the AdamW options it refills. */
interface MuonWork {
  readonly matrices: Map<number, NewtonSchulzBuffers>;
  readonly adamw: { -readonly [K in keyof AdamOptions]: AdamOptions[K] };
}

export const muon: UpdateRule<MuonOptions, MuonWork> = {
  name: "muon",
  rule: "b = μ·b + (1−μ)·g; o = NS₅(nesterov ? (1−μ)·g + μ·b : b); p -= lr·wd·p + lr·√max(1, out/in)·o (2-D weights; other parameters: adamw)",
  coupled: true,
  options: muonOptions,
  check(o) {
    const coefficients = o.ns_coefficients;
    if (coefficients.length !== 3) return `invalid ns_coefficients ${coefficients.join("/")} for muon: give three numbers a/b/c`;
    return undefined;
  },
  slots(o, name, shapes) {
    return muonMatrices(o, shapes).has(name)
      ? [{ name: "momentum_buffer", start: 0 }]
      : [{ name: "exp_avg", start: 0 }, { name: "exp_avg_sq", start: 0 }];
  },
  workspace: () => ({
    matrices: new Map(),
    adamw: { lr: 0, beta1: 0, beta2: 0, eps: 0, weight_decay: 0, amsgrad: false, maximize: false },
  }),
  step(c: StepContext<MuonOptions, MuonWork>): Scalars {
    const { o, work } = c;
    const { lr, momentum: mu, nesterov, ns_coefficients: coefficients, ns_steps: steps, eps } = o;
    const sign = signOf(o);
    const decay = -(lr * o.weight_decay);
    // The other parameters' AdamW options, refilled in place: its lr follows a schedule on lr.
    const adam = work.adamw;
    adam.lr = o.adamw_lr * (lr / c.base.lr);
    adam.beta1 = o.adamw_beta1;
    adam.beta2 = o.adamw_beta2;
    adam.eps = o.adamw_eps;
    adam.weight_decay = o.adamw_weight_decay;
    adam.maximize = o.maximize;
    for (const name in c.grads) {
      const p = c.params[name]!, g = c.grads[name]!, out = c.out(name);
      const slots = c.slots[name]!;
      const buf = slots.momentum_buffer;
      if (buf === undefined) {
        adamw.apply(adam, c.t, c.scalars, p, g, slots, out, c.add);
        continue;
      }
      const [rows, cols] = c.shapes![name]!;
      const single = p instanceof Float32Array;
      // A number, not a string: no garbage per step (rows < 2²⁶ keeps it exact).
      const key = (rows! * 2 ** 26 + cols!) * 2 + (single ? 1 : 0);
      let buffers = work.matrices.get(key);
      if (buffers === undefined) work.matrices.set(key, (buffers = newtonSchulzBuffers(rows!, cols!, single)));
      const update = buffers.update;
      for (let i = 0; i < p.length; i++) {
        const gi = sign * g[i]!;
        buf[i] = lerp(buf[i]!, gi, 1 - mu);
        update[i] = nesterov ? lerp(gi, buf[i]!, mu) : buf[i]!;
      }
      const orthogonal = orthogonalize(update, rows!, cols!, coefficients, steps, eps, buffers);
      const negStep = -adjustedLr(o, lr, rows!, cols!);
      for (let i = 0; i < p.length; i++) {
        const u = decay * p[i]! + negStep * orthogonal[i]!;
        out[i] = c.add ? out[i]! + u : u;
      }
    }
    return c.scalars;
  },
};
