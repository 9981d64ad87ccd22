/**
 * The batch gradient: a model's loss written with tensor ops (forward pass, then the loss),
 * differentiated by `valueAndGrad` and compiled by `jit`, so training replays one static plan per
 * batch shape (no graph bookkeeping, no typed array allocated per batch) while the ops' own
 * backward rules stay the only chain rule. The same objective without `jit` is the eager graph the
 * plan is tested against, bit for bit.
 */
import { fromData, jit, valueAndGrad, type JitReport, type Tensor } from "../autodiff/index.js";
import { ShapeError } from "../errors.js";
import { allFinite, type Hyper, type Optimizer, type OptimizerState } from "../optim/index.js";
import { count } from "../util/plural.js";
import { lossFunction, type LossChoice, type LossFn } from "./losses.js";
import { forward, parameterNames, paramTensors, type ModelSpec, type ParamTensors, type Params } from "./model.js";

export interface BatchResult {
  loss: number;
  /** Network outputs for the batch, before the step (for running metrics). */
  outputs: Float32Array;
  grads: Params;
}

/** Loss, outputs and gradients for a batch at the current parameters. The compiled form reuses
 * its arrays: the next call overwrites them, so read them first. */
export type GradientFn = (params: Params, x: Float32Array, y: Float32Array) => BatchResult;

/** The model's training objective: the loss of its outputs, with the outputs kept as aux. */
function objective(spec: ModelSpec, loss: LossFn): (p: ParamTensors, x: Tensor, y: Tensor) => [Tensor, Tensor] {
  return (p, x, y) => {
    const outputs = forward(spec, p, x);
    return [loss(outputs, y), outputs];
  };
}

type Step = (p: ParamTensors, x: Tensor, y: Tensor) => { value: Tensor; grad: ParamTensors; aux: Tensor };

function runner(spec: ModelSpec, step: Step): GradientFn {
  const names = parameterNames(spec);
  // The parameter tensors wrap the arrays the optimizer updates in place: made again only when
  // the arrays themselves change (another model, a restored copy).
  let tensors: ParamTensors | null = null;
  const current = (params: Params): ParamTensors => {
    if (tensors === null || names.some((name) => tensors![name]!.data !== params[name])) tensors = paramTensors(spec, params);
    return tensors;
  };
  // The batch tensors too, while the trainer passes the same arrays (its batch buffers, a full batch).
  let xT: Tensor | null = null;
  let yT: Tensor | null = null;
  return (params, x, y) => {
    const m = y.length;
    if (x.length !== m * spec.inputs) throw new ShapeError(`batch of ${x.length} values does not hold ${m} rows of ${count(spec.inputs, "feature")}`);
    if (xT === null || xT.data !== x || yT!.data !== y) {
      xT = fromData(x, [m, spec.inputs]);
      yT = fromData(y, [m]);
    }
    const { value, grad, aux } = step(current(params), xT, yT!);
    const grads: Params = {};
    for (const name of names) grads[name] = grad[name]!.data as Float32Array;
    return { loss: value.item(), outputs: aux.data as Float32Array, grads };
  };
}

/**
 * The trainer's batch gradient for any model (built-in or `defineModel`) and loss (a name or a
 * function of tensors): `jit(valueAndGrad(objective))`. With `classWeights` (by class index; bce
 * and cross-entropy only) the loss is the mean of wᵢ·lᵢ. `inspect()` says whether the last batch
 * replayed a compiled plan.
 */
export function makeBatchGradient(spec: ModelSpec, loss: LossChoice, classWeights?: Float32Array): GradientFn & { inspect(): JitReport } {
  const step = jit(valueAndGrad(objective(spec, lossFunction(loss, classWeights)), 0, { hasAux: true }));
  return Object.assign(runner(spec, step), { inspect: step.inspect });
}

/** The same gradient through the eager graph (no plan): the reference the compiled step is tested against. */
export function makeGradientFunction(spec: ModelSpec, loss: LossFn): GradientFn {
  return runner(spec, valueAndGrad(objective(spec, loss), 0, { hasAux: true }));
}

/** Applies the optimizer in place and reports whether every parameter is still finite. */
export function applyStep(optimizer: Optimizer, params: Params, grads: Params, state: OptimizerState, hyper: Hyper | undefined): boolean {
  optimizer.step(params, grads, state, hyper);
  return allFinite(params);
}
