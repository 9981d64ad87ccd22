import type { OptionDef, OptionDefs, Resolved } from "../options.js";
import { nonNegative, positive, unitInterval } from "../options.js";
import type { Vec } from "../types.js";

/** Step-wide scalars kept in the state (NAdam's running product of momentum coefficients). */
export type Scalars = Record<string, number>;

/** A per-parameter buffer the optimizer keeps, and the value it starts at. */
export interface SlotDef {
  readonly name: string;
  readonly fill: number;
}

/**
 * A named optimizer as one fused loop per parameter, in PyTorch's float64 arithmetic order.
 * `apply` computes each update `u` and writes `out[i] = add ? out[i] + u : u`: the in-place step
 * passes the parameter itself as `out` with `add = true`, the pure update a fresh buffer with
 * `add = false`, so both paths produce the same numbers by construction.
 */
export interface OptimizerDef {
  readonly name: string;
  /** One line: the update rule, for `listOptimizers()`, the CLI and the docs. */
  readonly rule: string;
  readonly options: OptionDefs;
  /** Rules that involve several options; returns the broken rule's message. */
  check?(o: Resolved): string | undefined;
  slots(o: Resolved): readonly SlotDef[];
  initialScalars?(o: Resolved): Scalars;
  /** Scalars after step `t` (1-based), computed once per step before the parameter loops. */
  nextScalars?(o: Resolved, t: number, s: Scalars): Scalars;
  apply(o: Resolved, t: number, s: Scalars, p: Vec, g: Vec, slots: readonly Vec[], out: Vec, add: boolean): void;
}

export const lrOption = (dflt: number): OptionDef => ({ kind: "number", default: dflt, rule: positive, doc: "learning rate" });
export const weightDecayOption = (dflt = 0): OptionDef => ({
  kind: "number",
  default: dflt,
  rule: nonNegative,
  doc: "L2 penalty added to the gradient (decoupled for adamw)",
});
export const epsOption = (dflt: number): OptionDef => ({ kind: "number", default: dflt, rule: nonNegative, doc: "added for numerical stability" });
export const maximizeOption: OptionDef = { kind: "boolean", default: false, doc: "ascend instead of descend" };
export const betaOptions: OptionDefs = {
  beta1: { kind: "number", default: 0.9, rule: unitInterval, doc: "decay of the first moment" },
  beta2: { kind: "number", default: 0.999, rule: unitInterval, doc: "decay of the second moment" },
};
