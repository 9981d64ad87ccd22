/**
 * Full-batch L-BFGS in the training loop, as scikit-learn fits small linear models: each of the
 * loop's steps (one per epoch, on the whole training set) is one L-BFGS iteration of optim's
 * `lbfgsIterations`, whose strong-Wolfe line search evaluates the full-batch loss as often as it
 * needs. A line search compares losses of the same rows, so minibatches are refused. `l2` adds
 * scikit-learn's penalty (l2/2)·‖W‖² on the weights, not the biases (`C = 1 / (l2 · rows)`).
 */
import { OptionError } from "../errors.js";
import {
  lbfgsIterations, withTensorApi, type LbfgsIterate, type LbfgsResult, type LbfgsStop, type Optimizer, type OptimizerState, type Options,
} from "../optim/index.js";
import type { GradientFn } from "./batch-step.js";
import type { Params } from "./model.js";

/** The `lbfgs` spec's options: PyTorch's (lr, history_size, line_search) and scikit-learn's penalty. */
export const LBFGS_TRAIN_OPTIONS = ["lr", "history_size", "line_search", "l2"] as const;

/** A full-batch optimizer: the trainer gives it the loss of every training row before it steps. */
export interface FullBatchOptimizer extends Optimizer {
  readonly fullBatch: true;
  /** The optimizer for one run on `gradient` over the rows `x`, `y` (at most `maxIter` iterations). */
  bind(gradient: GradientFn, x: Float32Array, y: Float32Array, maxIter: number): BoundLbfgs;
}

export interface BoundLbfgs extends Optimizer {
  /** Why L-BFGS stopped (converged or out of evaluations); undefined while it goes on. */
  finished(): LbfgsStop | undefined;
}

export function isFullBatchOptimizer(o: Optimizer): o is FullBatchOptimizer {
  return (o as Partial<FullBatchOptimizer>).fullBatch === true;
}

/** `lbfgs[:lr=1,history_size=100,line_search=strong_wolfe|none,l2=0]` for `train`, checked option by option. */
export function makeLbfgsTrainer(options: Options = {}): FullBatchOptimizer {
  for (const k of Object.keys(options)) {
    if (!(LBFGS_TRAIN_OPTIONS as readonly string[]).includes(k)) throw new OptionError(`unknown option "${k}" for lbfgs (valid: ${LBFGS_TRAIN_OPTIONS.join(", ")})`);
  }
  const number = (k: string, fallback: number, ok: (v: number) => boolean, rule: string): number => {
    const v = options[k] ?? fallback;
    if (typeof v !== "number" || !ok(v)) throw new OptionError(`invalid ${k} ${String(v)} for lbfgs: ${rule}`);
    return v;
  };
  const lr = number("lr", 1, (v) => v > 0 && Number.isFinite(v), "must be a number > 0");
  const historySize = number("history_size", 100, (v) => Number.isInteger(v) && v >= 1, "must be a whole number >= 1");
  const l2 = number("l2", 0, (v) => v >= 0 && Number.isFinite(v), "must be a number >= 0");
  const lineSearch = options.line_search ?? "strong_wolfe";
  if (lineSearch !== "strong_wolfe" && lineSearch !== "none") throw new OptionError(`invalid line_search "${String(lineSearch)}" for lbfgs: must be strong_wolfe or none`);
  const resolved = { lr, history_size: historySize, line_search: lineSearch, l2 };
  const init = (): OptimizerState => ({ count: 0, scalars: {}, slots: {} });
  const unbound = (): never => {
    throw new OptionError("lbfgs steps on the whole training set inside train(); it has no per-batch step");
  };
  const core = { name: "lbfgs", options: resolved, init, update: unbound, step: unbound };
  return {
    ...withTensorApi(core),
    fullBatch: true,
    bind(gradient, x, y, maxIter) {
      let run: Generator<LbfgsIterate, LbfgsResult, void> | undefined;
      let stop: LbfgsStop | undefined;
      const step = (params: Params, _grads: Params, state: OptimizerState): OptimizerState => {
        const names = Object.keys(params);
        run ??= lbfgsIterations(fullBatchObjective(gradient, params, names, x, y, l2), flatten(params, names), {
          lr, historySize, maxIter, maxEval: 25 * maxIter, lineSearch,
        });
        const next = run.next();
        unflatten(next.value.x, params, names);
        stop = next.done ? next.value.reason : next.value.stop;
        state.count += 1;
        return state;
      };
      return { ...withTensorApi({ ...core, step }), finished: () => stop };
    },
  };
}

/** The full-batch loss and gradient at a flat point, written through the model's float32 parameters. */
function fullBatchObjective(gradient: GradientFn, params: Params, names: string[], x: Float32Array, y: Float32Array, l2: number) {
  const penalized = names.filter((k) => k.endsWith(".weight"));
  return (point: Float64Array, g: Float64Array): number => {
    unflatten(point, params, names);
    const r = gradient(params, x, y);
    let f = r.loss;
    let at = 0;
    for (const k of names) {
      const gk = r.grads[k]!;
      const p = params[k]!;
      const decay = l2 > 0 && penalized.includes(k);
      for (let i = 0; i < gk.length; i++) {
        g[at + i] = decay ? gk[i]! + l2 * p[i]! : gk[i]!;
        if (decay) f += 0.5 * l2 * p[i]! * p[i]!;
      }
      at += gk.length;
    }
    return f;
  };
}

function flatten(params: Params, names: string[]): Float64Array {
  const out = new Float64Array(names.reduce((s, k) => s + params[k]!.length, 0));
  let at = 0;
  for (const k of names) {
    out.set(params[k]!, at);
    at += params[k]!.length;
  }
  return out;
}

function unflatten(point: Float64Array, params: Params, names: string[]): void {
  let at = 0;
  for (const k of names) {
    const p = params[k]!;
    p.set(point.subarray(at, at + p.length));
    at += p.length;
  }
}
