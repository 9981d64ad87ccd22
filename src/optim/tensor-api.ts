/**
 * Optimizers on records of tensors, for a user's own training loop: `init(params)` and
 * `apply(params, grads, state)` take the parameter record as `grad` returns it (`Record<string,
 * Tensor>`) and give back new parameter tensors, so no Float64Array conversions are written by hand.
 * The step itself is the optimizer's in-place fused step on copies of the parameters' arrays.
 */
import { fromData, Tensor } from "../autodiff/index.js";
import { OptionError } from "../errors.js";
import type { Optimizer, OptimizerOptions } from "./optimizer.js";
import type { OptimizerState, ParamShapes } from "./optimizer-state.js";
import type { GradientTransformation, Hyper, Params } from "./types.js";

export type TensorRecord = Readonly<Record<string, Tensor>>;

/** What an optimizer implements; `withTensorApi` adds the tensor-record forms. */
export interface OptimizerCore extends GradientTransformation<OptimizerState> {
  readonly name: string;
  readonly options: OptimizerOptions;
  step(params: Params, grads: Params, state: OptimizerState, hyper?: Hyper): OptimizerState;
  init(params: Params, shapes?: ParamShapes): OptimizerState;
  eval?(params: Params, state: OptimizerState): void;
  train?(params: Params, state: OptimizerState): void;
  readonly coupled?: boolean;
}

/** Whether a parameter record holds tensors (else typed arrays). */
export function isTensorRecord(params: Params | TensorRecord): params is TensorRecord {
  for (const k in params) return params[k] instanceof Tensor;
  return false;
}

function arraysOf(record: TensorRecord, what: string, copy: boolean): Params {
  const out: Params = {};
  for (const k of Object.keys(record)) {
    const t = record[k];
    if (!(t instanceof Tensor)) throw new OptionError(`${what} "${k}" must be a Tensor like the others`);
    out[k] = copy ? t.data.slice() : t.data;
  }
  return out;
}

/** The optimizer with `init` accepting tensors too (their shapes become `shapes`) and `apply`. */
export function withTensorApi(core: OptimizerCore): Optimizer {
  const init = (params: Params | TensorRecord, shapes?: ParamShapes): OptimizerState => {
    if (!isTensorRecord(params)) return core.init(params, shapes);
    const dims: Record<string, readonly number[]> = {};
    for (const k of Object.keys(params)) dims[k] = params[k]!.shape;
    return core.init(arraysOf(params, "parameter", false), shapes ?? dims);
  };
  const apply = (params: TensorRecord, grads: TensorRecord, state: OptimizerState, hyper?: Hyper): { params: Record<string, Tensor>; state: OptimizerState } => {
    const next = arraysOf(params, "parameter", true);
    const nextState = core.step(next, arraysOf(grads, "gradient", false), state, hyper);
    const out: Record<string, Tensor> = {};
    for (const k of Object.keys(params)) out[k] = fromData(next[k]!, params[k]!.shape);
    return { params: out, state: nextState };
  };
  return { ...core, init, apply };
}
