/**
 * One gradient step on one batch: wrap the parameters as tensors (no copy), get the loss and its
 * gradients from the autodiff engine, and hand both to the optimizer, which updates in place.
 */
import { fromData, valueAndGrad, type Tensor } from "../autodiff/index.js";
import { allFinite, type Hyper, type Optimizer, type OptimizerState } from "../optim/index.js";
import type { LossFn } from "./losses.js";
import { forward, layerSizes, parameterNames, type ModelSpec, type Params } from "./model.js";

export interface BatchResult {
  loss: number;
  /** Network outputs for the batch, before the step (for running metrics). */
  outputs: Float32Array;
  grads: Params;
}

/** Returns a function computing loss, outputs and gradients for a batch at the current parameters. */
export function makeGradientFunction(spec: ModelSpec, loss: LossFn): (params: Params, x: Float32Array, y: Float32Array) => BatchResult {
  const names = parameterNames(spec);
  const sizes = layerSizes(spec);
  const shapes = names.map((_, i) => {
    const l = i >> 1;
    return i % 2 === 0 ? [sizes[l]!, sizes[l + 1]!] : [sizes[l + 1]!];
  });
  let outputs: Tensor | null = null;
  const objective = (...args: unknown[]): Tensor => {
    const p: Record<string, Tensor> = {};
    for (let i = 0; i < names.length; i++) p[names[i]!] = args[i] as Tensor;
    const x = args[names.length] as Tensor;
    const y = args[names.length + 1] as Float32Array;
    outputs = forward(spec, p, x);
    return loss(outputs, y);
  };
  const vg = valueAndGrad(objective, names.map((_, i) => i));
  return (params, x, y) => {
    const m = y.length;
    const args: unknown[] = names.map((name, i) => fromData(params[name]!, shapes[i]!));
    args.push(fromData(x, [m, spec.inputs]), y);
    const { value, grad } = vg(...args);
    const grads: Params = {};
    names.forEach((name, i) => (grads[name] = grad[i]!.data as Float32Array));
    const out = (outputs as Tensor | null)!.data as Float32Array;
    outputs = null;
    return { loss: value.item(), outputs: out, grads };
  };
}

/** Applies the optimizer in place and reports whether every parameter is still finite. */
export function applyStep(optimizer: Optimizer, params: Params, grads: Params, state: OptimizerState, hyper: Hyper | undefined): boolean {
  optimizer.step(params, grads, state, hyper);
  return allFinite(params);
}
