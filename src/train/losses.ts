/**
 * Losses as fused autodiff ops: each computes the mean loss over a batch in one pass (float64
 * accumulation) and writes its gradient by hand, so a batch costs one node, not one per element.
 * Outputs are [m × k]; targets are one float per row (a class index for classifiers).
 */
import { Tensor, allocate, astype, customOp, fromData, gt, lt, mul, reshape, sigmoid, softmax, sub, type FloatArray } from "../autodiff/index.js";
import { OptionError, ShapeError } from "../errors.js";
import { expNeg, log1pUnit } from "../util/exp-log.js";
import { bceLogits, sigmoidFrom } from "../kernels/index.js";
import type { Head } from "./model.js";

export type LossName = "mse" | "mae" | "bce" | "cross-entropy";
export const LOSS_NAMES: readonly LossName[] = ["mse", "mae", "bce", "cross-entropy"];

/**
 * A batch loss: network outputs [m × k] and the m targets (a float32 tensor, or its array) → a
 * scalar tensor (the mean). Any function of tensor ops is one (a custom loss for `train()`).
 */
export type LossFn = (outputs: Tensor, targets: Tensor | Float32Array) => Tensor;

/** The targets as a float32 tensor (an array is wrapped without copying). */
function targetTensor(targets: Tensor | Float32Array): Tensor {
  if (targets instanceof Tensor) return targets.dtype === "float32" ? targets : astype(targets, "float32");
  return fromData(targets, [targets.length]);
}

/** The targets as an [m × 1] tensor in the outputs' dtype, for the differentiable backward rules. */
function targetColumn(outputs: Tensor, y: Tensor): Tensor {
  return reshape(astype(y, outputs.dtype), [y.size, 1]);
}

/** One-hot rows of the class indices, [m × k], in the outputs' dtype: an op without gradient, so a plan recomputes it. */
export function oneHot(y: Tensor, k: number, dtype: Tensor["dtype"] = "float32"): Tensor {
  const m = y.size;
  const out = allocate(dtype, m * k);
  return customOp({ inputs: [y], output: out, shape: [m, k], forward: () => {
    out.fill(0);
    const labels = y.data;
    for (let i = 0; i < m; i++) out[i * k + labels[i]!] = 1;
  } });
}

function rows(outputs: Tensor, y: Tensor, name: string, k?: number): number {
  const m = outputs.shape[0] ?? 1;
  if (outputs.shape.length !== 2 || y.size !== m || (k !== undefined && outputs.shape[1] !== k)) {
    throw new ShapeError(`${name}: outputs of shape [${outputs.shape.join("×")}] do not fit ${y.size} targets`);
  }
  return m;
}

/** The loss value's buffer and a fused loss op: `value()` is the mean, written by the forward step. */
function lossOp(outputs: Tensor, y: Tensor, value: () => number, backward: (g: FloatArray) => FloatArray, graph: (g: Tensor) => Tensor | null): Tensor {
  const out = allocate(outputs.dtype, 1);
  return customOp({
    inputs: [outputs, y],
    output: out,
    shape: [],
    forward: () => { out[0] = value(); },
    backward: (g) => [backward(g), null],
    graphBackward: (g) => [graph(g), null],
  });
}

/** Mean squared error: mean (ŷ − y)²; d/dŷ = 2(ŷ − y)/m. */
export const meanSquaredError: LossFn = (outputs, targets) => {
  const y = targetTensor(targets);
  const m = rows(outputs, y, "mse", 1);
  return lossOp(outputs, y, () => squaredErrorSum(outputs.data, y.data as Float32Array, m) / m, (g) => {
    const gx = allocate(outputs.dtype, m);
    squaredErrorGradient(outputs.data, y.data as Float32Array, m, (2 * g[0]!) / m, gx);
    return gx;
  }, (g) => mul(sub(outputs, targetColumn(outputs, y)), mul(g, 2 / m)));
};

/** Σ (ŷ − y)². */
export function squaredErrorSum(y: FloatArray, targets: Float32Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    const r = y[i]! - targets[i]!;
    s += r * r;
  }
  return s;
}

/** gx[i] = c·(ŷ − y), c = 2·upstream/m. */
export function squaredErrorGradient(y: FloatArray, targets: Float32Array, m: number, c: number, gx: FloatArray): void {
  for (let i = 0; i < m; i++) gx[i] = c * (y[i]! - targets[i]!);
}

/** Mean absolute error: mean |ŷ − y|; d/dŷ = sign(ŷ − y)/m (0 at a tie). */
export const meanAbsoluteError: LossFn = (outputs, targets) => {
  const y = targetTensor(targets);
  const m = rows(outputs, y, "mae", 1);
  return lossOp(outputs, y, () => absoluteErrorSum(outputs.data, y.data as Float32Array, m) / m, (g) => {
    const gx = allocate(outputs.dtype, m);
    absoluteErrorGradient(outputs.data, y.data as Float32Array, m, g[0]! / m, gx);
    return gx;
  }, (g) => {
    const r = sub(outputs.detach(), targetColumn(outputs, y));
    return mul(sub(gt(r, 0), lt(r, 0)), mul(g, 1 / m));
  });
};

/** Σ |ŷ − y|. */
export function absoluteErrorSum(y: FloatArray, targets: Float32Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += Math.abs(y[i]! - targets[i]!);
  return s;
}

/** gx[i] = c·sign(ŷ − y), c = upstream/m. */
export function absoluteErrorGradient(y: FloatArray, targets: Float32Array, m: number, c: number, gx: FloatArray): void {
  for (let i = 0; i < m; i++) gx[i] = c * Math.sign(y[i]! - targets[i]!);
}

/** Σ wᵢ·(row loss)ᵢ, wᵢ the weight of row i's class. */
function weightedSum(labels: FloatArray, m: number, weights: Float32Array, rowLoss: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += weights[labels[i]!]! * rowLoss(i);
  return s;
}

/** Multiplies row i of g (k entries) by the weight of row i's class; returns Σ wᵢ·(row loss)ᵢ. */
function weighRows(g: FloatArray, labels: FloatArray, m: number, k: number, weights: Float32Array, rowLoss: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    const w = weights[labels[i]!]!;
    s += w * rowLoss(i);
    for (let j = i * k; j < (i + 1) * k; j++) g[j] = g[j]! * w;
  }
  return s;
}

/**
 * Binary cross-entropy from logits z and labels y ∈ {0, 1}:
 * max(z, 0) − z·y + log(1 + e^−|z|), which equals −[y log σ(z) + (1−y) log(1−σ(z))] but never
 * exponentiates a large positive number. d/dz = (σ(z) − y)/m, where σ(z) comes from the same
 * e^−|z|, so each row costs one exponential and one logarithm. The gradient for an upstream 1
 * (the usual case) is written during the forward pass, so the backward pass has nothing to do.
 * With class `weights` (by label) the loss is the mean of wᵢ·lᵢ.
 */
export function bceLoss(weights?: Float32Array): LossFn {
  return (outputs, targets) => {
    const y = targetTensor(targets);
    const m = rows(outputs, y, "bce", 1);
    const gradForOne = allocate(outputs.dtype, m);
    const labels = (): Float32Array => y.data as Float32Array;
    const rowLoss = (i: number): number => bceRowLoss(outputs.data[i]!, labels()[i]!);
    return lossOp(outputs, y, () => {
      const s = bceLogits(outputs.data, labels(), gradForOne, m);
      return (weights === undefined ? s : weighRows(gradForOne, labels(), m, 1, weights, rowLoss)) / m;
    }, (g) => {
      if (g[0] === 1) return gradForOne;
      const gx = allocate(outputs.dtype, m);
      bceLogits(outputs.data, labels(), gx, m, g[0]!);
      if (weights !== undefined) weighRows(gx, labels(), m, 1, weights, () => 0);
      return gx;
    }, (g) => (weights === undefined ? mul(sub(sigmoid(outputs), targetColumn(outputs, y)), mul(g, 1 / m)) : null));
  };
}

export const binaryCrossEntropyWithLogits: LossFn = bceLoss();

/** One row's binary cross-entropy from its logit: max(z, 0) − z·y + log(1 + e^−|z|), as the batch loss sums it. */
export function bceRowLoss(z: number, y: number): number {
  return Math.max(z, 0) - z * y + log1pUnit(expNeg(Math.abs(z)));
}

/** σ(z) without overflow for large |z|. */
export function stableSigmoid(z: number): number {
  return sigmoidFrom(z, expNeg(Math.abs(z)));
}

/**
 * Softmax cross-entropy from logits [m × k] and class indices: mean of logsumexp(zᵢ) − zᵢ,yᵢ,
 * with the row maximum subtracted before exponentiating. d/dz = (softmax(z) − onehot(y))/m.
 * With class `weights` (by label) the loss is the mean of wᵢ·lᵢ.
 */
export function crossEntropyLoss(weights?: Float32Array): LossFn {
  return (outputs, targets) => {
    const y = targetTensor(targets);
    const m = rows(outputs, y, "cross-entropy");
    const k = outputs.shape[1]!;
    const lse = allocate("float64", m) as Float64Array;
    const labels = (): Float32Array => y.data as Float32Array;
    const rowLoss = (i: number): number => lse[i]! - outputs.data[i * k + labels()[i]!]!;
    return lossOp(outputs, y, () => {
      const s = softmaxCrossEntropySum(outputs.data, labels(), m, k, lse);
      return (weights === undefined ? s : weightedSum(labels(), m, weights, rowLoss)) / m;
    }, (g) => {
      const gx = allocate(outputs.dtype, m * k);
      softmaxCrossEntropyGradient(outputs.data, labels(), lse, m, k, g[0]! / m, gx);
      if (weights !== undefined) weighRows(gx, labels(), m, k, weights, () => 0);
      return gx;
    }, (g) => (weights === undefined ? mul(sub(softmax(outputs, 1), oneHot(y, k, outputs.dtype)), mul(g, 1 / m)) : null));
  };
}

export const softmaxCrossEntropy: LossFn = crossEntropyLoss();

/** Σ logsumexp(zᵢ) − zᵢ,yᵢ over rows of [m × k] logits; writes each row's logsumexp to lse. */
export function softmaxCrossEntropySum(z: FloatArray, targets: Float32Array, m: number, k: number, lse: Float64Array): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    const row = i * k;
    const label = targets[i]!;
    if (!(Number.isInteger(label) && label >= 0 && label < k)) {
      throw new ShapeError(`cross-entropy: row ${i} has label ${label}, outside 0..${k - 1}`);
    }
    let mx = -Infinity;
    for (let j = 0; j < k; j++) mx = Math.max(mx, z[row + j]!);
    let e = 0;
    for (let j = 0; j < k; j++) e += Math.exp(z[row + j]! - mx);
    lse[i] = mx + Math.log(e);
    s += lse[i]! - z[row + label]!;
  }
  return s;
}

/** gx = c·(softmax(z) − onehot(y)), c = upstream/m, from the rows' logsumexp. */
export function softmaxCrossEntropyGradient(z: FloatArray, targets: Float32Array, lse: Float64Array, m: number, k: number, c: number, gx: FloatArray): void {
  for (let i = 0; i < m; i++) {
    const row = i * k;
    for (let j = 0; j < k; j++) gx[row + j] = c * Math.exp(z[row + j]! - lse[i]!);
    gx[row + targets[i]!] -= c;
  }
}

const LOSSES: Record<LossName, LossFn> = {
  mse: meanSquaredError,
  mae: meanAbsoluteError,
  bce: binaryCrossEntropyWithLogits,
  "cross-entropy": softmaxCrossEntropy,
};

/** A custom loss: network outputs [m × k] and the targets as an m-element float32 tensor (class
 * indices for classifiers) → a scalar tensor, written with tensor ops. */
export type CustomLoss = (outputs: Tensor, targets: Tensor) => Tensor;

/** A loss by name or a function of tensors (a custom loss). */
export type LossChoice = LossName | CustomLoss;

/** The loss a head is trained with unless told otherwise. */
export function defaultLoss(head: Head): LossName {
  return head === "identity" ? "mse" : head === "sigmoid" ? "bce" : "cross-entropy";
}

/** Reads a loss name (aliases: ce, softmax-ce, bce-with-logits, l2, l1) and checks it fits the head. */
export function parseLoss(raw: string, head: Head): LossName {
  const aliases: Record<string, LossName> = { ce: "cross-entropy", "softmax-ce": "cross-entropy", "bce-with-logits": "bce", l2: "mse", l1: "mae" };
  const name = (aliases[raw] ?? raw) as LossName;
  if (!LOSS_NAMES.includes(name)) throw new OptionError(`unknown loss "${raw}" (valid: ${LOSS_NAMES.join(", ")})`);
  const fits = head === "identity" ? name === "mse" || name === "mae" : head === "sigmoid" ? name === "bce" : name === "cross-entropy";
  if (!fits) throw new OptionError(`loss ${name} does not fit this model's ${head} output (use ${defaultLoss(head)})`);
  return name;
}

/** The loss function for a choice; with class `weights` (bce and cross-entropy only), the weighted mean. */
export function lossFunction(choice: LossChoice, weights?: Float32Array): LossFn {
  if (typeof choice === "function") {
    if (weights !== undefined) throw new OptionError("class weights work with the built-in bce and cross-entropy losses, not with a custom loss function");
    return (outputs, targets) => choice(outputs, targetTensor(targets));
  }
  if (weights === undefined) return LOSSES[choice];
  if (choice === "bce") return bceLoss(weights);
  if (choice === "cross-entropy") return crossEntropyLoss(weights);
  throw new OptionError(`class weights need a classification loss (bce or cross-entropy), not ${choice}`);
}
