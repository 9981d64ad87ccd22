/**
 * The learning-rate finder (Leslie Smith's range test) as fastai's `lr_find` runs it: minibatch
 * updates with a learning rate growing exponentially from `startLr` to `endLr` over `iterations`
 * updates (update i uses startLr·(endLr/startLr)^(i/iterations)), the loss smoothed by an
 * exponential moving average (β = 0.98, bias-corrected), stopping once the smoothed loss exceeds
 * four times its minimum. The suggestion is fastai's default rule, the "valley": in the longest
 * stretch over which the smoothed loss keeps falling, the point about halfway down
 * (start + ⌊s⌋ + ⌊s/2⌋ with s = a third of its length); the steepest point (most negative slope
 * against log η) is reported too. Both ignore the first tenth and the last five points, as fastai
 * does. The run works on a copy of the weights: the model is left as it was.
 */
import { gatherRows, gatherValues } from "../data/batches.js";
import type { Dataset } from "../data/dataset.js";
import { OptionError } from "../errors.js";
import type { Optimizer } from "../optim/index.js";
import { Rng } from "../random.js";
import { applyStep } from "./batch-step.js";
import { defaultLoss, type LossName } from "./losses.js";
import { parameterShapes, type Model, type Params } from "./model.js";
import { prepareFeatures } from "./predict.js";
import { lossInTargetUnits, scaleTargets } from "./target-scale.js";
import { makeBatchGradient } from "./batch-step.js";

export interface LrFindOptions {
  /** Its lr is replaced at every update; its other options (momentum, betas) are kept. */
  optimizer: Optimizer;
  batchSize: number | "full";
  loss?: LossName;
  /** Class weights of the run the rate is for: the range test descends the same weighted loss. */
  classWeights?: Float32Array;
  startLr?: number;
  endLr?: number;
  /** Updates at most (default 100). */
  iterations?: number;
  /** Stop once the smoothed loss exceeds this many times its minimum (default 4; 0 never stops). */
  stopFactor?: number;
  /** Smoothing of the loss (default 0.98). */
  beta?: number;
  seed?: number;
}

export type LrRule = "valley" | "steep";

export interface LrFindResult {
  lrs: number[];
  /** Smoothed loss after each update. */
  losses: number[];
  /** The batches' own losses. */
  rawLosses: number[];
  /** Why the run ended. */
  stop: "iterations" | "diverged" | "non-finite";
  suggestions: Record<LrRule, number>;
  /** The rule used for `suggestion` (fastai's default). */
  rule: LrRule;
  suggestion: number;
}

export function lrFind(model: Model, data: Dataset, options: LrFindOptions): LrFindResult {
  const startLr = options.startLr ?? 1e-7;
  const endLr = options.endLr ?? 10;
  const iterations = options.iterations ?? 100;
  const stopFactor = options.stopFactor ?? 4;
  const beta = options.beta ?? 0.98;
  if (!(startLr > 0 && endLr > startLr)) throw new OptionError(`lr-find: need 0 < start ${startLr} < end ${endLr}`);
  if (!(Number.isInteger(iterations) && iterations >= 20)) throw new OptionError(`lr-find: iterations ${iterations} must be a whole number >= 20 (the suggestion ignores the first tenth and the last five)`);
  const loss = options.loss ?? defaultLoss(model.spec.head);
  const n = data.n;
  const d = model.spec.inputs;
  const x = prepareFeatures(model, data.features);
  const batchSize = options.batchSize === "full" ? n : Math.min(options.batchSize, n);
  const params: Params = Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, new Float32Array(v)]));
  const gradient = makeBatchGradient(model.spec, loss, options.classWeights);
  const state = options.optimizer.init(params, parameterShapes(model.spec));
  // As the trainer: regression with a target scale descends the loss on standardized targets (the
  // learning rate found is for that loss); losses are reported in the target's units.
  const targetScale = model.spec.head === "identity" ? model.targetScaling : undefined;
  const y = targetScale ? scaleTargets(targetScale, data.targets) : data.targets;
  const rng = new Rng(options.seed ?? 1);
  const xBuf = new Float32Array(batchSize * d);
  const yBuf = new Float32Array(batchSize);
  let order = rng.permutation(n);
  let at = 0;
  const lrs: number[] = [];
  const losses: number[] = [];
  const rawLosses: number[] = [];
  let average = 0;
  let best = Infinity;
  let stop: LrFindResult["stop"] = "iterations";
  for (let i = 0; i < iterations; i++) {
    if (at + batchSize > n && at > 0) {
      order = rng.permutation(n);
      at = 0;
    }
    const rows = order.subarray(at, at + batchSize);
    at += batchSize;
    const lr = startLr * (endLr / startLr) ** (i / iterations);
    const { loss: scaled, grads } = gradient(params, gatherRows(x, d, rows, xBuf), gatherValues(y, rows, yBuf));
    const value = targetScale ? lossInTargetUnits(loss, scaled, targetScale) : scaled;
    if (!Number.isFinite(value)) {
      stop = "non-finite";
      break;
    }
    average = beta * average + (1 - beta) * value;
    const smoothed = average / (1 - beta ** (i + 1));
    lrs.push(lr);
    losses.push(smoothed);
    rawLosses.push(value);
    best = Math.min(best, smoothed);
    if (stopFactor > 0 && smoothed > stopFactor * best) {
      stop = "diverged";
      break;
    }
    if (!applyStep(options.optimizer, params, grads, state, { lr })) {
      stop = "non-finite";
      break;
    }
  }
  if (lrs.length < 2) throw new OptionError("lr-find: the loss was not finite from the first updates; check the data and the model");
  const suggestions = suggest(lrs, losses);
  return { lrs, losses, rawLosses, stop, suggestions, rule: "valley", suggestion: suggestions.valley };
}

/** fastai's rules on the points past the first tenth and before the last five. */
export function suggest(lrs: readonly number[], losses: readonly number[]): Record<LrRule, number> {
  const from = Math.floor(lrs.length / 10);
  const to = lrs.length - 5 > from + 1 ? lrs.length - 5 : lrs.length;
  const l = lrs.slice(from, to);
  const y = losses.slice(from, to);
  return { valley: l[valleyIndex(y)]!, steep: l[steepIndex(l, y)]! };
}

/** The longest decreasing subsequence's span; the point a third plus a sixth of the way into it. */
export function valleyIndex(losses: readonly number[]): number {
  const n = losses.length;
  const lds = new Array<number>(n).fill(1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i]! < losses[j]! && lds[i]! < lds[j]! + 1) lds[i] = lds[j]! + 1;
      if (lds[maxEnd]! < lds[i]!) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd]!;
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  return Math.min(n - 1, Math.max(0, maxStart + Math.floor(sections) + Math.floor(sections / 2)));
}

/** Where the loss falls fastest against log η: the first point of the steepest pair, as fastai reports it. */
export function steepIndex(lrs: readonly number[], losses: readonly number[]): number {
  let best = 0;
  let slope = Infinity;
  for (let i = 0; i + 1 < losses.length; i++) {
    const s = (losses[i + 1]! - losses[i]!) / (Math.log(lrs[i + 1]!) - Math.log(lrs[i]!));
    if (s < slope) {
      slope = s;
      best = i;
    }
  }
  return best;
}
