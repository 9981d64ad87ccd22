import { cloneVec } from "./params.js";
import type { Vec } from "./types.js";

/** Row-major dimensions of parameters, by name (a dense layer's weight is [inputs, outputs]). */
export type ParamShapes = Readonly<Record<string, readonly number[]>>;

/** A named optimizer's state: the step count, step-wide scalars and per-parameter buffers by name. */
export interface OptimizerState {
  count: number;
  scalars: Record<string, number>;
  slots: Record<string, Record<string, Vec>>;
  /** The parameter shapes given to `init`, kept for rules that read matrices (muon). */
  shapes?: Record<string, number[]>;
}

/** A deep copy of an optimizer state. */
export function cloneOptimizerState(state: OptimizerState): OptimizerState {
  const slots: OptimizerState["slots"] = {};
  for (const [pname, bufs] of Object.entries(state.slots)) {
    slots[pname] = Object.fromEntries(Object.entries(bufs).map(([k, v]) => [k, cloneVec(v)]));
  }
  const copy: OptimizerState = { count: state.count, scalars: { ...state.scalars }, slots };
  if (state.shapes !== undefined) copy.shapes = Object.fromEntries(Object.entries(state.shapes).map(([k, v]) => [k, v.slice()]));
  return copy;
}
