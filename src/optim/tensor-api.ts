/**
 * Optimizers on records of tensors, for a user's own training loop: `init(params)`, `step(params,
 * grads, state)` and `apply(params, grads, state)` take the parameter record as `grad` returns it
 * (`Record<string, Tensor>`), so no Float64Array conversions are written by hand. `step` is
 * PyTorch's `opt.step()`: it writes the new values into the parameter tensors' own arrays (the
 * allocation-free fast path, what `train()` does); `apply` is the functional form (jax/optax): new
 * parameter tensors, the old ones unchanged, at the cost of a copy of every parameter per step.
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

/** A parameter or gradient record: typed arrays, or tensors (whose arrays are used, not copied). */
export type ParamsOrTensors = Params | TensorRecord;

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

/** The arrays of a record of either kind (a tensor record's own arrays, not copies). */
function arraysIn(record: ParamsOrTensors, what: string): Params {
  return isTensorRecord(record) ? arraysOf(record, what, false) : record;
}

/**
 * `arraysIn` for a call site that sees the same record object call after call (a loop's parameter
 * or gradient record). A record found to hold typed arrays is remembered, and the next call with
 * it skips the look (a for-in and a type test cost tens of nanoseconds: a tenth of a 2-variable
 * Adam step in `minimize`). A tensor record's arrays record is remembered with the keys and
 * tensors it was made from, and reused while the record still holds exactly those (same keys in
 * the same order, the same tensor objects; a tensor's `data` never changes): building it anew was
 * half of an Adam step on a {x, y} record of scalars. A record whose keys or tensors changed is
 * read afresh, with `arraysOf`'s checks and errors.
 */
function arraysFrom(what: string): (record: ParamsOrTensors) => Params {
  let plain: ParamsOrTensors | null = null;
  let source: TensorRecord | null = null;
  let keys: string[] = [];
  let tensors: Tensor[] = [];
  let arrays: Params = {};
  /** Whether `record` (the remembered tensor record) still holds the keys and tensors it had. */
  const unchanged = (record: TensorRecord): boolean => {
    let i = 0;
    for (const k in record) {
      if (i >= keys.length || k !== keys[i] || record[k] !== tensors[i]) return false;
      i++;
    }
    return i === keys.length;
  };
  return (record) => {
    if (record === plain) return record as Params;
    if (record === source && unchanged(source)) return arrays;
    if (isTensorRecord(record)) {
      source = null; // arraysOf may throw: forget the old record first
      // Frozen, so the step may take the records it has checked as they were (optimizer.ts).
      arrays = Object.freeze(arraysOf(record, what, false));
      keys = Object.keys(record);
      tensors = keys.map((k) => record[k]!);
      source = record;
      return arrays;
    }
    plain = record;
    return record;
  };
}

/** The optimizer with `init`, `step`, `eval` and `train` accepting tensor records too (their
 * shapes become `shapes`; their arrays are updated in place), and `apply`. */
export function withTensorApi(core: OptimizerCore): Optimizer {
  const init = (params: ParamsOrTensors, shapes?: ParamShapes): OptimizerState => {
    if (!isTensorRecord(params)) return core.init(params, shapes);
    const dims: Record<string, readonly number[]> = {};
    for (const k of Object.keys(params)) dims[k] = params[k]!.shape;
    return core.init(arraysOf(params, "parameter", false), shapes ?? dims);
  };
  const paramArrays = arraysFrom("parameter");
  const gradArrays = arraysFrom("gradient");
  const step = (params: ParamsOrTensors, grads: ParamsOrTensors, state: OptimizerState, hyper?: Hyper): OptimizerState =>
    core.step(paramArrays(params), gradArrays(grads), state, hyper);
  const apply = (params: TensorRecord, grads: TensorRecord, state: OptimizerState, hyper?: Hyper): { params: Record<string, Tensor>; state: OptimizerState } => {
    const next = arraysOf(params, "parameter", true);
    const nextState = core.step(next, arraysIn(grads, "gradient"), state, hyper);
    const out: Record<string, Tensor> = {};
    for (const k of Object.keys(params)) out[k] = fromData(next[k]!, params[k]!.shape);
    return { params: out, state: nextState };
  };
  const evalAt = core.eval;
  const trainAt = core.train;
  return {
    ...core,
    init,
    step,
    apply,
    ...(evalAt !== undefined ? { eval: (params: ParamsOrTensors, state: OptimizerState) => evalAt(arraysIn(params, "parameter"), state) } : {}),
    ...(trainAt !== undefined ? { train: (params: ParamsOrTensors, state: OptimizerState) => trainAt(arraysIn(params, "parameter"), state) } : {}),
  };
}
