/**
 * Full-batch L-BFGS in the training loop, as scikit-learn fits small linear models: each of the
 * loop's steps (one per epoch, on the whole training set) is one L-BFGS iteration of optim's
 * `lbfgsIterations`, whose strong-Wolfe line search evaluates the full-batch loss as often as it
 * needs. A line search compares losses of the same rows, so minibatches are refused. `l2` adds
 * scikit-learn's penalty (l2/2)·‖W‖² on the weights, not the biases (`C = 1 / (l2 · rows)`).
 */
import { OptionError } from "../errors.js";
import { defineOptions, positiveInteger, resolveOptions, type ResolvedOf } from "../optim/options.js";
import {
  flattenParams, lbfgsIterations, unflattenParams, withTensorApi, type LbfgsIterate, type LbfgsResult, type LbfgsStop, type Optimizer, type OptimizerState, type Options,
} from "../optim/index.js";
import type { GradientFn } from "./batch-step.js";
import type { Params } from "./model.js";

/** The `lbfgs` spec's options: PyTorch's (lr, history_size, line_search) and scikit-learn's penalty. */
const lbfgsTrainOptions = defineOptions({
  lr: { kind: "number", default: 1, rule: { text: "must be a finite number > 0", test: (v) => v > 0 && Number.isFinite(v) }, doc: "step scale before the line search" },
  history_size: { kind: "number", default: 100, rule: positiveInteger, doc: "correction pairs kept" },
  line_search: { kind: "enum", values: ["strong_wolfe", "none"], default: "strong_wolfe", doc: "strong-Wolfe line search, or steps of lr" },
  l2: { kind: "number", default: 0, rule: { text: "must be a finite number >= 0", test: (v) => v >= 0 && Number.isFinite(v) }, doc: "scikit-learn's L2 penalty on the weights (C = 1/(l2·rows))" },
});
export const LBFGS_TRAIN_OPTIONS = Object.keys(lbfgsTrainOptions);

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
  const resolved = resolveOptions("lbfgs", lbfgsTrainOptions, options) as ResolvedOf<typeof lbfgsTrainOptions>;
  const { lr, history_size: historySize, line_search: lineSearch, l2 } = resolved;
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
        run ??= lbfgsIterations(fullBatchObjective(gradient, params, names, x, y, l2), flattenParams(params, names, Float64Array), {
          lr, historySize, maxIter, maxEval: 25 * maxIter, lineSearch,
        });
        const next = run.next();
        unflattenParams(next.value.x, params, names);
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
    unflattenParams(point, params, names);
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
