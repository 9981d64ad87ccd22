import { OptionError } from "../errors.js";
import type { OptimizerDef, Scalars } from "./kernels/kernel.js";
import { checkCombination, effectiveOptions } from "./effective-options.js";
import { resolveOptions } from "./options.js";
import type { Resolved } from "./options.js";
import { cloneOptimizerState, type OptimizerState, type ParamShapes } from "./optimizer-state.js";
import { requireEntry } from "./params.js";
import { isWholeStepRule, optimizerDef } from "./registry.js";
import { makeWholeStepOptimizer } from "./whole-step.js";
import type { GradientTransformation, Hyper, Options, Params, UpdateResult, Vec } from "./types.js";
import type { Tensor } from "../autodiff/index.js";
import { withTensorApi, type TensorRecord } from "./tensor-api.js";

/**
 * A named optimizer. `update` is pure (fresh Float64Array updates and a new state); `step` is the
 * allocation-free fast path that mutates `params` and the state's buffers and returns the state.
 * Both run the same fused loop, so they give identical numbers.
 */
export interface Optimizer extends GradientTransformation<OptimizerState> {
  readonly name: string;
  /** The options with defaults filled in. */
  readonly options: Readonly<Resolved>;
  step(params: Params, grads: Params, state: OptimizerState, hyper?: Hyper): OptimizerState;
  /** `shapes` (row-major dims by name; a dense weight is [inputs, outputs]) matter to muon only;
   * a record of tensors gives them itself. */
  init(params: Params | TensorRecord, shapes?: ParamShapes): OptimizerState;
  /**
   * One step on a record of tensors (as `grad` returns them): new parameter tensors, the given
   * ones left unchanged, and the state (advanced in place, as `step` does). The same numbers as `step`.
   */
  apply(params: TensorRecord, grads: TensorRecord, state: OptimizerState, hyper?: Hyper): { params: Record<string, Tensor>; state: OptimizerState };
  /**
   * Present when the model is evaluated at another point than the one the gradient is taken at
   * (schedule-free: gradients at y, the model at x). `eval` writes the evaluation point into
   * `params`, `train` the training point, like PyTorch's optimizer.eval() / optimizer.train().
   */
  eval?(params: Params, state: OptimizerState): void;
  train?(params: Params, state: OptimizerState): void;
  /** True when one coordinate's update reads other coordinates (Prodigy's global estimate,
   * Muon's matrices), so independent runs cannot be stepped side by side in one call. */
  readonly coupled?: boolean;
}

export { cloneOptimizerState };
export type { OptimizerState, ParamShapes };

/** Slot buffers in the order the kernel wants, cached per parameter while the options stay the same
 * (the hot path of small problems must not allocate every step). */
/** Per optimizer: slot order by parameter, plus the last lookup (a one-parameter run hits it every step). */
interface SlotCache {
  byParam: WeakMap<Record<string, Vec>, { o: Resolved; bufs: Vec[] }>;
  last?: { perParam: Record<string, Vec>; o: Resolved; bufs: Vec[] };
}

function slotsFor(def: OptimizerDef, o: Resolved, state: OptimizerState, name: string, slotOrder: SlotCache): Vec[] {
  // Looked up before any message is built: this runs once per parameter per step.
  const perParam = state.slots[name] ?? requireEntry(state.slots, name, `${def.name} state`);
  const last = slotOrder.last;
  if (last !== undefined && last.perParam === perParam && last.o === o) return last.bufs;
  const cached = slotOrder.byParam.get(perParam);
  if (cached !== undefined && cached.o === o) {
    slotOrder.last = { perParam, o, bufs: cached.bufs };
    return cached.bufs;
  }
  const bufs = def.slots(o).map((s) => {
    const buf = perParam[s.name];
    if (buf === undefined) {
      throw new OptionError(`${def.name} cannot switch on "${s.name}" mid-run: set the option when creating the optimizer`);
    }
    return buf;
  });
  slotOrder.byParam.set(perParam, { o, bufs });
  slotOrder.last = { perParam, o, bufs };
  return bufs;
}

/** The fused step writes each parameter's update into the parameter itself. */
const inPlace = (_name: string, p: Vec): Vec => p;

/**
 * Builds a named optimizer with PyTorch's defaults and update rules. Unknown names or options and
 * invalid values throw OptionError naming the rule they break.
 */
export function makeOptimizer(name: string, options: Options = {}): Optimizer {
  const found = optimizerDef(name);
  if (isWholeStepRule(found)) return makeWholeStepOptimizer(found, options);
  const def = found;
  const resolved = resolveOptions(def.name, def.options, options);
  checkCombination(def, resolved);
  const slotOrder: SlotCache = { byParam: new WeakMap() };

  function init(params: Params): OptimizerState {
    const slots: OptimizerState["slots"] = {};
    for (const pname of Object.keys(params)) {
      const p = params[pname]!;
      const bufs: Record<string, Vec> = {};
      for (const s of def.slots(resolved)) {
        const buf = p instanceof Float32Array ? new Float32Array(p.length) : new Float64Array(p.length);
        if (s.fill !== 0) buf.fill(s.fill);
        bufs[s.name] = buf;
      }
      slots[pname] = bufs;
    }
    return { count: 0, scalars: def.initialScalars?.(resolved) ?? {}, slots };
  }

  /** Runs one step, writing into `target(name)` with `add`; mutates `state`. */
  function run(grads: Params, state: OptimizerState, params: Params, hyper: Hyper | undefined, outFor: (name: string, p: Vec) => Vec, add: boolean): void {
    const o = effectiveOptions(def, resolved, hyper);
    const t = state.count + 1;
    const scalars = def.nextScalars ? def.nextScalars(o, t, state.scalars) : state.scalars;
    // for…in rather than Object.keys: no array per step (a basin map takes two million steps).
    for (const pname in grads) {
      const p = params[pname] ?? requireEntry(params, pname, "parameter value");
      const g = grads[pname]!;
      if (g.length !== p.length) throw new OptionError(`gradient "${pname}" has ${g.length} entries, parameter has ${p.length}`);
      def.apply(o, t, scalars, p, g, slotsFor(def, o, state, pname, slotOrder), outFor(pname, p), add);
    }
    state.count = t;
    state.scalars = scalars;
  }

  return withTensorApi({
    name: def.name,
    options: resolved,
    init,
    update(grads, state, params, hyper): UpdateResult<OptimizerState> {
      const next = cloneOptimizerState(state);
      const updates: Params = {};
      run(grads, next, params, hyper, (pname, p) => (updates[pname] = new Float64Array(p.length)), false);
      return { updates, state: next };
    },
    step(params: Params, grads: Params, state: OptimizerState, hyper?: Hyper) {
      run(grads, state, params, hyper, inPlace, true);
      return state;
    },
  });
}
