/**
 * Losses as fused autodiff ops: each computes the mean loss over a batch in one pass (float64
 * accumulation) and writes its gradient by hand, so a batch costs one node, not one per element.
 * Outputs are [m × k]; targets are one float per row (a class index for classifiers).
 */
import { Tensor, defineOp, fromData, gt, lt, mul, sigmoid, softmax, sub, type FloatArray } from "../autodiff/index.js";
import { OptionError, ShapeError } from "../errors.js";
import { expNeg, log1pUnit } from "../util/exp-log.js";
import { bceLogits, sigmoidFrom } from "../kernels/index.js";
import type { Head } from "./model.js";

export type LossName = "mse" | "mae" | "bce" | "cross-entropy";
export const LOSS_NAMES: readonly LossName[] = ["mse", "mae", "bce", "cross-entropy"];

/** A batch loss: network outputs [m × k] and m targets → a scalar tensor (the mean). */
export type LossFn = (outputs: Tensor, targets: Float32Array) => Tensor;

/** The targets as an [m × 1] tensor in the outputs' dtype, for the differentiable backward rules. */
function targetColumn(outputs: Tensor, targets: Float32Array): Tensor {
  const t = outputs.dtype === "float32" ? targets : Float64Array.from(targets);
  return fromData(t, [targets.length, 1]);
}

/** One-hot rows of the class indices, [m × k], in the outputs' dtype. */
function oneHot(outputs: Tensor, targets: Float32Array, k: number): Tensor {
  const out = outputs.dtype === "float32" ? new Float32Array(targets.length * k) : new Float64Array(targets.length * k);
  targets.forEach((label, i) => (out[i * k + label] = 1));
  return fromData(out, [targets.length, k]);
}

function scalarOut(dtype: Tensor["dtype"], value: number): FloatArray {
  const out = dtype === "float32" ? new Float32Array(1) : new Float64Array(1);
  out[0] = value;
  return out;
}

function rows(outputs: Tensor, targets: Float32Array, name: string, k?: number): number {
  const m = outputs.shape[0] ?? 1;
  if (outputs.shape.length !== 2 || targets.length !== m || (k !== undefined && outputs.shape[1] !== k)) {
    throw new ShapeError(`${name}: outputs of shape [${outputs.shape.join("×")}] do not fit ${targets.length} targets`);
  }
  return m;
}

/** Mean squared error: mean (ŷ − y)²; d/dŷ = 2(ŷ − y)/m. */
export const meanSquaredError: LossFn = (outputs, targets) => {
  const m = rows(outputs, targets, "mse", 1);
  const y = outputs.data;
  const s = squaredErrorSum(y, targets, m);
  return defineOp([outputs], scalarOut(outputs.dtype, s / m), [], (g) => {
    const gx = outputs.dtype === "float32" ? new Float32Array(m) : new Float64Array(m);
    squaredErrorGradient(y, targets, m, (2 * g[0]!) / m, gx);
    return [gx];
  }, (g) => [mul(sub(outputs, targetColumn(outputs, targets)), mul(g, 2 / m))]);
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
  const m = rows(outputs, targets, "mae", 1);
  const y = outputs.data;
  const s = absoluteErrorSum(y, targets, m);
  return defineOp([outputs], scalarOut(outputs.dtype, s / m), [], (g) => {
    const gx = outputs.dtype === "float32" ? new Float32Array(m) : new Float64Array(m);
    absoluteErrorGradient(y, targets, m, g[0]! / m, gx);
    return [gx];
  }, (g) => {
    const r = sub(outputs.detach(), targetColumn(outputs, targets));
    return [mul(sub(gt(r, 0), lt(r, 0)), mul(g, 1 / m))];
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

/**
 * Binary cross-entropy from logits z and labels y ∈ {0, 1}:
 * max(z, 0) − z·y + log(1 + e^−|z|), which equals −[y log σ(z) + (1−y) log(1−σ(z))] but never
 * exponentiates a large positive number. d/dz = (σ(z) − y)/m, where σ(z) comes from the same
 * e^−|z|, so each row costs one exponential and one logarithm. The gradient for an upstream 1
 * (the usual case) is written during the forward pass, so the backward pass has nothing to do.
 */
export const binaryCrossEntropyWithLogits: LossFn = (outputs, targets) => {
  const m = rows(outputs, targets, "bce", 1);
  const z = outputs.data;
  const gradForOne = outputs.dtype === "float32" ? new Float32Array(m) : new Float64Array(m);
  const s = bceLogits(z, targets, gradForOne, m);
  return defineOp([outputs], scalarOut(outputs.dtype, s / m), [], (g) => {
    if (g[0] === 1) return [gradForOne];
    const gx = outputs.dtype === "float32" ? new Float32Array(m) : new Float64Array(m);
    bceLogits(z, targets, gx, m, g[0]!);
    return [gx];
  }, (g) => [mul(sub(sigmoid(outputs), targetColumn(outputs, targets)), mul(g, 1 / m))]);
};

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
 */
export const softmaxCrossEntropy: LossFn = (outputs, targets) => {
  const m = rows(outputs, targets, "cross-entropy");
  const k = outputs.shape[1]!;
  const z = outputs.data;
  const lse = new Float64Array(m);
  const s = softmaxCrossEntropySum(z, targets, m, k, lse);
  return defineOp([outputs], scalarOut(outputs.dtype, s / m), [], (g) => {
    const gx = outputs.dtype === "float32" ? new Float32Array(m * k) : new Float64Array(m * k);
    softmaxCrossEntropyGradient(z, targets, lse, m, k, g[0]! / m, gx);
    return [gx];
  }, (g) => [mul(sub(softmax(outputs, 1), oneHot(outputs, targets, k)), mul(g, 1 / m))]);
};

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

export function lossFunction(name: LossName): LossFn {
  return LOSSES[name];
}
