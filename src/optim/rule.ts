/**
 * What a named optimizer is: its option table and its update rule, written once. `makeOptimizer`
 * (optimizer.ts) turns any rule into an `Optimizer` with the pure `update` and the in-place `step`;
 * the chainable transforms (transforms.ts) run the same rules. Both write each update `u` as
 * `out[i] = add ? out[i] + u : u`: the in-place step passes the parameter itself as `out` with
 * `add = true`, the pure update a fresh buffer with `add = false`, so the two paths give the same
 * numbers by construction.
 */
import type { OptionDefs, Resolved } from "./options.js";
import { defineOptions, nonNegative, positive, unitInterval } from "./options.js";
import type { Params, Vec } from "./types.js";

/** Step-wide scalars kept in the state (NAdam's running product, Prodigy's d). */
export type Scalars = Record<string, number>;

/** A parameter's buffers by slot name (`exp_avg`, `exp_avg_sq`, …). */
export type Slots = Readonly<Record<string, Vec>>;

/** A buffer one parameter keeps, and what it starts as: a constant, or a copy of the parameter. */
export interface SlotDef {
  readonly name: string;
  readonly start: number | "param";
}

/** Everything one step sees. `O` is the rule's own resolved options, `W` its workspace. */
export interface StepContext<O extends Resolved = Resolved, W = unknown> {
  /** The options in force for this step (hyper keys applied) and the ones the optimizer was built with. */
  o: O;
  base: O;
  /** The step number, 1-based. */
  t: number;
  /** The scalars the previous step kept. */
  scalars: Scalars;
  params: Params;
  grads: Params;
  slots: Readonly<Record<string, Slots>>;
  shapes: Readonly<Record<string, readonly number[]>> | undefined;
  /** Where parameter `name`'s update goes; write `out[i] = add ? out[i] + u : u`. */
  out(name: string): Vec;
  add: boolean;
  /** Scratch buffers this optimizer instance keeps between steps (Muon's matrices). */
  work: W;
}

/**
 * A named optimizer's update rule over a whole step. Methods (not function-valued properties), so a
 * rule typed with its own options (`UpdateRule<AdamOptions>`) is one of the registry's `UpdateRule`s.
 */
export interface UpdateRule<O extends Resolved = Resolved, W = unknown> {
  readonly name: string;
  /** One line: the update rule, for `listOptimizers()`, the CLI and the docs. */
  readonly rule: string;
  readonly options: OptionDefs;
  /** Rules that involve several options; returns the broken rule's message. */
  check?(o: O): string | undefined;
  /** True when a coordinate's update reads other coordinates (see `Optimizer.coupled`). */
  readonly coupled?: boolean;
  /** True when lr only scales a step size the rule estimates itself (Prodigy: leave lr at 1), so
   * callers with a default learning rate of their own (minimize's 0.01) must not impose it. */
  readonly learningRateFree?: boolean;
  /** The slots holding the evaluation point and the training point, when they differ (schedule-free). */
  readonly evalSlot?: string;
  readonly trainSlot?: string;
  /** The buffers parameter `name` keeps; `shapes` are the ones given to `init`, if any. */
  slots(o: O, name: string, shapes: Readonly<Record<string, readonly number[]>> | undefined): readonly SlotDef[];
  initialScalars?(o: O): Scalars;
  /** Scratch space for one optimizer instance, made once (never per step). */
  workspace?(): W;
  /** One step over every parameter in `grads`: writes the updates, updates the slots, returns the scalars to keep. */
  step(c: StepContext<O, W>): Scalars;
}

/**
 * A rule whose update of a coordinate reads only that coordinate: one fused loop per parameter, in
 * PyTorch's float64 (or, on float32 parameters, float32) arithmetic order.
 */
export interface ElementwiseRule<O extends Resolved> {
  readonly name: string;
  readonly rule: string;
  readonly options: OptionDefs;
  check?(o: O): string | undefined;
  slots(o: O): readonly SlotDef[];
  initialScalars?(o: O): Scalars;
  /** Scalars after step `t` (1-based), computed once per step before the parameter loops. */
  nextScalars?(o: O, t: number, s: Scalars): Scalars;
  apply(o: O, t: number, s: Scalars, p: Vec, g: Vec, slots: Slots, out: Vec, add: boolean): void;
}

/** An elementwise rule as a whole-step rule (it keeps `apply`, for rules that reuse it: Muon's AdamW). */
export function elementwise<O extends Resolved>(def: ElementwiseRule<O>): UpdateRule<O, undefined> & Pick<ElementwiseRule<O>, "apply"> {
  const { nextScalars, apply } = def;
  return {
    name: def.name,
    rule: def.rule,
    options: def.options,
    ...(def.check !== undefined ? { check: def.check } : {}),
    ...(def.initialScalars !== undefined ? { initialScalars: def.initialScalars } : {}),
    slots: (o) => def.slots(o),
    apply,
    step(c) {
      const s = nextScalars === undefined ? c.scalars : nextScalars(c.o, c.t, c.scalars);
      // for…in rather than Object.keys: no array per step (a basin map takes two million steps).
      for (const name in c.grads) apply(c.o, c.t, s, c.params[name]!, c.grads[name]!, c.slots[name]!, c.out(name), c.add);
      return s;
    },
  };
}

/** Option definitions many rules share. */
export const lrOption = (dflt: number) => ({ kind: "number", default: dflt, rule: positive, doc: "learning rate" }) as const;
export const weightDecayOption = (dflt = 0) => ({
  kind: "number",
  default: dflt,
  rule: nonNegative,
  doc: "L2 penalty added to the gradient (decoupled for adamw)",
}) as const;
export const epsOption = (dflt: number) => ({ kind: "number", default: dflt, rule: nonNegative, doc: "added for numerical stability" }) as const;
export const maximizeOption = { kind: "boolean", default: false, doc: "ascend instead of descend" } as const;
export const betaOptions = defineOptions({
  beta1: { kind: "number", default: 0.9, rule: unitInterval, doc: "decay of the first moment" },
  beta2: { kind: "number", default: 0.999, rule: unitInterval, doc: "decay of the second moment" },
});

/** The descent sign of a step: −1 flips the gradient when the rule should ascend. */
export const signOf = (o: { readonly maximize: boolean }): number => (o.maximize ? -1 : 1);
