/**
 * The one wrapper that turns an update rule (rule.ts) into an `Optimizer`: state buffers made once,
 * options for the step (hyper keys applied), the pure `update` and the in-place `step` over the
 * same rule, and `eval`/`train` for rules that evaluate elsewhere than they take gradients.
 */
import { OptionError } from "../errors.js";
import { checkCombination, effectiveOptions } from "./effective-options.js";
import { resolveOptions } from "./options.js";
import type { Resolved } from "./options.js";
import { cloneOptimizerState, type OptimizerState, type ParamShapes } from "./optimizer-state.js";
import { cloneVec, requireEntry, zerosLike } from "./params.js";
import { optimizerDef, type OptimizerName, type OptimizerOptionsFor } from "./registry.js";
import type { StepContext, UpdateRule } from "./rule.js";
import type { GradientTransformation, Hyper, Options, Params, UpdateResult, Vec } from "./types.js";
import type { Tensor } from "../autodiff/index.js";
import { withTensorApi, type OptimizerCore, type TensorRecord } from "./tensor-api.js";

/** Every named optimizer's options carry a learning rate; the rest depend on the rule. */
export type OptimizerOptions = Resolved & { readonly lr: number };

/**
 * A named optimizer. `update` is pure (fresh Float64Array updates and a new state); `step` is the
 * allocation-free fast path that mutates `params` and the state's buffers and returns the state.
 * Both run the same rule, so they give identical numbers. `step`, `init`, `eval` and `train` take
 * records of typed arrays or of tensors (`grad`'s record: a tensor's own array is updated).
 */
export interface Optimizer extends GradientTransformation<OptimizerState> {
  readonly name: string;
  /** The options with defaults filled in. */
  readonly options: OptimizerOptions;
  /**
   * One step in place, PyTorch's `opt.step()`: the new values are written into `params` (with a
   * record of tensors, into each tensor's own array, so every holder of those tensors sees them)
   * and into the state's buffers; returns the state. Allocates no typed array. In a loop over a
   * `jit`-compiled gradient this is the fast form: the same parameter tensors every step.
   */
  step(params: Params | TensorRecord, grads: Params | TensorRecord, state: OptimizerState, hyper?: Hyper): OptimizerState;
  /** `shapes` (row-major dims by name; a dense weight is [inputs, outputs]) matter to muon only;
   * a record of tensors gives them itself. */
  init(params: Params | TensorRecord, shapes?: ParamShapes): OptimizerState;
  /**
   * One step on a record of tensors (as `grad` returns them), functional as in optax: new parameter
   * tensors, the given ones left unchanged, and the state (advanced in place, as `step` does). The
   * same numbers as `step`, plus a copy of every parameter array per call: `step` is the fast form.
   */
  apply(params: TensorRecord, grads: TensorRecord, state: OptimizerState, hyper?: Hyper): { params: Record<string, Tensor>; state: OptimizerState };
  /**
   * Present when the model is evaluated at another point than the one the gradient is taken at
   * (schedule-free: gradients at y, the model at x). `eval` writes the evaluation point into
   * `params`, `train` the training point, like PyTorch's optimizer.eval() / optimizer.train().
   */
  eval?(params: Params | TensorRecord, state: OptimizerState): void;
  train?(params: Params | TensorRecord, state: OptimizerState): void;
  /** True when one coordinate's update reads other coordinates (Prodigy's global estimate,
   * Muon's matrices), so independent runs cannot be stepped side by side in one call. */
  readonly coupled?: boolean;
}

export { cloneOptimizerState };
export type { OptimizerState, ParamShapes };

const EMPTY: Params = Object.freeze({});
const EMPTY_SLOTS: StepContext["slots"] = Object.freeze({});

function hasLearningRate(o: Resolved): o is OptimizerOptions {
  return typeof o.lr === "number";
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

function makeSlot(start: number | "param", p: Vec): Vec {
  if (start === "param") return cloneVec(p);
  const buf = zerosLike(p);
  if (start !== 0) buf.fill(start);
  return buf;
}

/**
 * Builds a named optimizer with PyTorch's defaults and update rules. Unknown names or options and
 * invalid values throw OptionError naming the rule they break. With a literal name the options are
 * typed for that optimizer (`makeOptimizer("adam", { amsgrad: true })`); a name only known at run
 * time (a spec string's) takes any `Options`, checked at run time.
 */
export function makeOptimizer<N extends string>(name: N, options?: N extends OptimizerName ? OptimizerOptionsFor<N> : Options): Optimizer {
  return optimizerFromRule(optimizerDef(name), options ?? {});
}

/** The `Optimizer` for one rule: `init`, the pure `update`, the in-place `step`, and `eval`/`train` where the rule has them. */
export function optimizerFromRule(rule: UpdateRule, options: Options = {}): Optimizer {
  const resolved = resolveOptions(rule.name, rule.options, options);
  if (!hasLearningRate(resolved)) throw new OptionError(`${rule.name} declares no learning rate`);
  checkCombination(rule, resolved);
  const work = rule.workspace?.();

  function init(params: Params, shapes?: ParamShapes): OptimizerState {
    const kept = shapes === undefined ? undefined : checkShapes(rule.name, params, shapes);
    const slots: OptimizerState["slots"] = {};
    for (const pname of Object.keys(params)) {
      const p = params[pname]!;
      const bufs: Record<string, Vec> = {};
      for (const s of rule.slots(resolved, pname, kept)) bufs[s.name] = makeSlot(s.start, p);
      slots[pname] = bufs;
    }
    // Frozen: which parameters have buffers is fixed from here on (the step's check relies on it).
    const state: OptimizerState = { count: 0, scalars: rule.initialScalars?.(resolved) ?? {}, slots: Object.freeze(slots) };
    if (kept !== undefined) state.shapes = kept;
    return state;
  }

  const optionKeys = Object.keys(rule.options);
  // One context per optimizer, refilled every step (a step allocates nothing): rules run
  // synchronously and never step this optimizer from inside a step, so it is never in use twice.
  const context: StepContext & { target: Params } = {
    o: resolved, base: resolved, t: 0, scalars: {}, params: {}, grads: {}, slots: {}, shapes: undefined, add: true, work,
    target: {},
    out(name) {
      return this.target[name]!;
    },
  };

  /** Throws the one-line error for the first parameter `grads` names that the step cannot take. */
  function check(grads: Params, state: OptimizerState, params: Params, o: Resolved): void {
    for (const pname in grads) {
      const p = params[pname] ?? requireEntry(params, pname, "parameter value");
      const slots = state.slots[pname] ?? requireEntry(state.slots, pname, `${rule.name} state`);
      const g = grads[pname]!;
      if (g.length !== p.length) throw new OptionError(`gradient "${pname}" has ${g.length} entries, parameter has ${p.length}`);
      // Options moved by hyper keys (amsgrad, centered, momentum) may need slots made at init.
      if (o !== resolved) {
        for (const s of rule.slots(o, pname, state.shapes)) {
          if (slots[s.name] === undefined) throw new OptionError(`${rule.name} cannot switch on "${s.name}" mid-run: set the option when creating the optimizer`);
        }
      }
    }
  }

  // The records the last check passed, kept only when they cannot change: frozen parameter and
  // gradient records (a tensor record's remembered arrays, tensor-api.ts) and the state's slots
  // (which only init makes). The same three again, with no hyper keys, pass without the look: a
  // tenth of an Adam step on a record of scalars.
  let checkedParams: Params | null = null;
  let checkedGrads: Params | null = null;
  let checkedSlots: OptimizerState["slots"] | null = null;

  /** Runs one step, writing into `target` (the parameters with `add`, fresh updates without); mutates `state`. */
  function run(grads: Params, state: OptimizerState, params: Params, hyper: Hyper | undefined, target: Params, add: boolean): void {
    const o = hyper === undefined ? resolved : effectiveOptions(rule, resolved, hyper, optionKeys);
    if (o !== resolved || params !== checkedParams || grads !== checkedGrads || state.slots !== checkedSlots) {
      check(grads, state, params, o);
      if (o === resolved && Object.isFrozen(params) && Object.isFrozen(grads) && Object.isFrozen(state.slots)) {
        checkedParams = params;
        checkedGrads = grads;
        checkedSlots = state.slots;
      }
    }
    const t = state.count + 1;
    const c = context;
    c.o = o;
    c.t = t;
    c.scalars = state.scalars;
    c.params = params;
    c.grads = grads;
    c.slots = state.slots;
    c.shapes = state.shapes;
    c.target = target;
    c.add = add;
    try {
      state.scalars = rule.step(c);
    } finally {
      // Drop the references, so the context holds no caller's arrays between steps.
      c.params = c.grads = c.target = EMPTY;
      c.slots = EMPTY_SLOTS;
    }
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
      run(grads, next, params, hyper, updates, false);
      return { updates, state: next };
    },
    step(params, grads, state, hyper) {
      run(grads, state, params, hyper, params, true);
      return state;
    },
    ...(rule.coupled === true ? { coupled: true } : {}),
    ...(rule.evalSlot !== undefined && rule.trainSlot !== undefined ? { eval: copySlot(rule.evalSlot), train: copySlot(rule.trainSlot) } : {}),
  };
  return withTensorApi(optimizer);
}
