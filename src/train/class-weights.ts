/**
 * Class weights for the loss: with 3 % positives an unweighted loss is minimised by predicting
 * "no" for everyone. `balanced` weighs class c by n / (k · n_c) on the training rows, as
 * scikit-learn's class_weight="balanced"; `label=w,…` names weights (other classes keep 1).
 */
import type { Dataset } from "../data/dataset.js";
import { OptionError } from "../errors.js";
import { bceRowLoss, softmaxCrossEntropySum, type LossName } from "./losses.js";

/** Per-class weights (by class index) from `balanced`, `none` or `label=w,…`; undefined for none. */
export function parseClassWeights(spec: string, train: Dataset): Float32Array | undefined {
  const text = spec.trim();
  if (text === "none") return undefined;
  if (train.task !== "classification" || !train.classes) {
    throw new OptionError(`--class-weight ${text}: the target is numeric; class weights need a class target`);
  }
  const classes = train.classes;
  const k = classes.length;
  if (text === "balanced") {
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < train.n; i++) counts[train.targets[i]!]! += 1;
    // A class absent from the training rows never enters the loss; weight 1 keeps it finite.
    return Float32Array.from(counts, (c) => (c > 0 ? train.n / (k * c) : 1));
  }
  const weights = new Float32Array(k).fill(1);
  for (const piece of text.split(",")) {
    const eq = piece.lastIndexOf("=");
    const label = piece.slice(0, eq).trim();
    const value = Number(piece.slice(eq + 1).trim());
    if (eq <= 0 || piece.slice(eq + 1).trim() === "") {
      throw new OptionError(`invalid --class-weight "${spec}": expected balanced, none or LABEL=WEIGHT[,LABEL=WEIGHT…]`);
    }
    const c = classes.indexOf(label);
    if (c < 0) throw new OptionError(`invalid --class-weight "${spec}": no class "${label}" (classes: ${classes.join(", ")})`);
    if (!(Number.isFinite(value) && value > 0)) throw new OptionError(`invalid --class-weight "${spec}": the weight of "${label}" must be a number > 0`);
    weights[c] = value;
  }
  return weights;
}

/**
 * The plain (unweighted) mean loss of a batch from its outputs, for reports when the gradient
 * descends the weighted one: with class weights every reported loss is unweighted, so it compares
 * across weightings and with the epoch scores. bce and cross-entropy only (the losses weights take).
 */
export function unweightedLoss(loss: LossName, outputs: Float32Array, targets: Float32Array, k: number): number {
  const m = targets.length;
  let sum = 0;
  if (loss === "bce") for (let i = 0; i < m; i++) sum += bceRowLoss(outputs[i]!, targets[i]!);
  else if (loss === "cross-entropy") sum = softmaxCrossEntropySum(outputs, targets, m, k, new Float64Array(m));
  else throw new OptionError(`class weights need a classification loss (bce or cross-entropy), not ${loss}`);
  // As the loss a batch step reports: a float32 mean.
  return Math.fround(sum / m);
}
