/**
 * What src/train does not provide for Kneusel's network: a sigmoid on the output layer trained by
 * mean squared error against one-hot targets, and weights and biases drawn uniformly from
 * [lo, hi). The output sigmoid is fused into the loss, so the model's outputs stay pre-activation
 * (argmax of them is argmax of the sigmoid, so predictions are unchanged).
 */
import { defineOp, type FloatArray, type Tensor } from "../autodiff/index.js";
import { ShapeError } from "../errors.js";
import type { Rng } from "../random.js";
import type { LossFn, Params } from "../train/index.js";

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * (1/m) Σ_i ½ Σ_j (σ(z_ij) − [y_i = j])²: half the squared error summed over the k outputs,
 * averaged over the minibatch. This is the loss whose gradient Kneusel's code steps along (its
 * mse_prime is ŷ − t per output, accumulated over the batch and divided by the batch size), so
 * the book's η = 1.0 and 0.2 mean the same here. d/dz_ij = (σ − t)·σ(1 − σ) / m.
 */
export const sigmoidMseOneHot: LossFn = (outputs: Tensor, given: Tensor | Float32Array): Tensor => {
  const targets = ArrayBuffer.isView(given) ? given : (given.data as Float32Array);
  const m = outputs.shape[0] ?? 0;
  const k = outputs.shape[1] ?? 0;
  if (outputs.shape.length !== 2 || targets.length !== m) {
    throw new ShapeError(`sigmoid-mse: outputs of shape [${outputs.shape.join("×")}] do not fit ${targets.length} targets`);
  }
  const z = outputs.data;
  const s = new Float64Array(m * k);
  let total = 0;
  for (let i = 0; i < m; i++) {
    const label = targets[i]!;
    if (!(Number.isInteger(label) && label >= 0 && label < k)) {
      throw new ShapeError(`sigmoid-mse: row ${i} has label ${label}, outside 0..${k - 1}`);
    }
    for (let j = 0; j < k; j++) {
      const v = sigmoid(z[i * k + j]!);
      s[i * k + j] = v;
      const r = v - (j === label ? 1 : 0);
      total += r * r;
    }
  }
  const alloc = (size: number): FloatArray => (outputs.dtype === "float32" ? new Float32Array(size) : new Float64Array(size));
  const value = alloc(1);
  value[0] = total / (2 * m);
  return defineOp([outputs], value, [], (g: FloatArray) => {
    const gz = alloc(m * k);
    const c = g[0]! / m;
    for (let i = 0; i < m; i++) {
      const label = targets[i]!;
      for (let j = 0; j < k; j++) {
        const v = s[i * k + j]!;
        gz[i * k + j] = c * (v - (j === label ? 1 : 0)) * v * (1 - v);
      }
    }
    return [gz];
  });
};

/** Fills every parameter (weights and biases, in name order) uniformly from [lo, hi), like NumPy's rand() − 0.5. */
export function uniformInit(params: Params, names: readonly string[], rng: Rng, lo = -0.5, hi = 0.5): void {
  for (const name of names) {
    const p = params[name]!;
    for (let i = 0; i < p.length; i++) p[i] = rng.uniform(lo, hi);
  }
}
