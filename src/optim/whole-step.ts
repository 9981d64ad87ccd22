/**
 * Named optimizers whose step needs more than one coordinate at a time, or state that starts at the
 * parameters: Prodigy (a distance estimate summed over every parameter), Muon (each weight as a
 * matrix), schedule-free SGD/AdamW (averages that start at the parameters, and an evaluation point
 * apart from the training point). Each rule is written once, as `step`; the pure update and the
 * in-place step both run it, through the same write convention as the per-element kernels
 * (`out[i] = add ? out[i] + u : u`), so the two paths give the same numbers by construction.
 */
import { OptionError } from "../errors.js";
import { checkCombination, effectiveOptions, type OptionOwner } from "./effective-options.js";
import type { Scalars } from "./kernels/kernel.js";
import { withTensorApi, type OptimizerCore } from "./tensor-api.js";
import type { Optimizer } from "./optimizer.js";
import { cloneOptimizerState, type OptimizerState, type ParamShapes } from "./optimizer-state.js";
import { resolveOptions, type Resolved } from "./options.js";
import { cloneVec, requireEntry, zerosLike } from "./params.js";
import type { Hyper, Options, Params, UpdateResult, Vec } from "./types.js";

/** A buffer one parameter keeps: zero-filled, or starting as a copy of the parameter. */
export interface WholeStepSlot {
  readonly name: string;
  readonly from: "zeros" | "param";
}

/** Everything one step sees. */
export interface StepContext {
  /** The options in force for this step (hyper keys applied) and the ones the optimizer was built with. */
  o: Resolved;
  base: Resolved;
  /** The step number, 1-based. */
  t: number;
  /** The scalars the previous step kept. */
  scalars: Scalars;
  params: Params;
  grads: Params;
  slots: OptimizerState["slots"];
  shapes: OptimizerState["shapes"];
  /** Where parameter `name`'s update goes; write `out[i] = add ? out[i] + u : u`. */
  out(name: string): Vec;
  add: boolean;
}

export interface WholeStepRule extends OptionOwner {
  /** One line: the update rule, for `listOptimizers()`, the CLI and the docs. */
  readonly rule: string;
  /** True when a coordinate's update reads other coordinates (see `Optimizer.coupled`). */
  readonly coupled?: boolean;
  /** True when lr only scales a step size the rule estimates itself (Prodigy: leave lr at 1), so
   * callers with a default learning rate of their own (minimize's 0.01) must not impose it. */
  readonly learningRateFree?: boolean;
  /** The slots holding the evaluation point and the training point, when they differ. */
  readonly evalSlot?: string;
  readonly trainSlot?: string;
  /** The buffers parameter `name` keeps; `shapes` are the ones given to `init`, if any. */
  slots(o: Resolved, name: string, shapes: Readonly<Record<string, number[]>> | undefined): readonly WholeStepSlot[];
  initialScalars?(o: Resolved): Scalars;
  /** One step over every parameter in `grads`: writes the updates, updates the slots, returns the scalars to keep. */
  step(c: StepContext): Scalars;
}

function checkShapes(rule: string, params: Params, shapes: ParamShapes): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const p = params[name];
    if (p === undefined) continue;
    const size = shape.reduce((a, b) => a * b, 1);
    if (!shape.every((d) => Number.isInteger(d) && d >= 1) || size !== p.length) {
      throw new OptionError(`${rule}: shape [${shape.join(", ")}] of "${name}" does not fit its ${p.length} entries`);
    }
    out[name] = shape.slice();
  }
  return out;
}

/** Builds the `Optimizer` for a whole-step rule: `init`, the pure `update`, the in-place `step`, and `eval`/`train` where the rule has them. */
export function makeWholeStepOptimizer(rule: WholeStepRule, options: Options = {}): Optimizer {
  const resolved = resolveOptions(rule.name, rule.options, options);
  checkCombination(rule, resolved);

  function init(params: Params, shapes?: ParamShapes): OptimizerState {
    const kept = shapes === undefined ? undefined : checkShapes(rule.name, params, shapes);
    const slots: OptimizerState["slots"] = {};
    for (const pname of Object.keys(params)) {
      const p = params[pname]!;
      const bufs: Record<string, Vec> = {};
      for (const s of rule.slots(resolved, pname, kept)) bufs[s.name] = s.from === "param" ? cloneVec(p) : zerosLike(p);
      slots[pname] = bufs;
    }
    const state: OptimizerState = { count: 0, scalars: rule.initialScalars?.(resolved) ?? {}, slots };
    if (kept !== undefined) state.shapes = kept;
    return state;
  }

  function run(grads: Params, state: OptimizerState, params: Params, hyper: Hyper | undefined, out: (name: string) => Vec, add: boolean): void {
    for (const pname in grads) {
      const p = params[pname] ?? requireEntry(params, pname, "parameter value");
      requireEntry(state.slots, pname, `${rule.name} state`);
      if (grads[pname]!.length !== p.length) throw new OptionError(`gradient "${pname}" has ${grads[pname]!.length} entries, parameter has ${p.length}`);
    }
    const t = state.count + 1;
    const o = effectiveOptions(rule, resolved, hyper);
    state.scalars = rule.step({ o, base: resolved, t, scalars: state.scalars, params, grads, slots: state.slots, shapes: state.shapes, out, add });
    state.count = t;
  }

  const copySlot = (slot: string) => (params: Params, state: OptimizerState): void => {
    for (const pname of Object.keys(params)) {
      const from = state.slots[pname]?.[slot];
      if (from !== undefined) params[pname]!.set(from);
    }
  };

  const optimizer: OptimizerCore = {
    name: rule.name,
    options: resolved,
    init,
    update(grads, state, params, hyper): UpdateResult<OptimizerState> {
      const next = cloneOptimizerState(state);
      const updates: Params = {};
      for (const pname in grads) updates[pname] = new Float64Array(grads[pname]!.length);
      run(grads, next, params, hyper, (pname) => updates[pname]!, false);
      return { updates, state: next };
    },
    step(params, grads, state, hyper) {
      run(grads, state, params, hyper, (pname) => params[pname]!, true);
      return state;
    },
    ...(rule.coupled === true ? { coupled: true } : {}),
    ...(rule.evalSlot !== undefined && rule.trainSlot !== undefined ? { eval: copySlot(rule.evalSlot), train: copySlot(rule.trainSlot) } : {}),
  };
  return withTensorApi(optimizer);
}
