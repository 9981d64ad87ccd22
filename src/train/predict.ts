/** Prediction and evaluation: network outputs in chunks, turned into classes or values and scored. */
import { fromData } from "../autodiff/index.js";
import type { Dataset } from "../data/index.js";
import { ShapeError } from "../errors.js";
import { lossFunction, type LossChoice, type LossName, defaultLoss } from "./losses.js";
import { classificationReport, regressionReport, accuracy, rSquared, type ClassificationReport, type RegressionReport } from "./metrics.js";
import { forward, paramTensors, type Model, type ModelSpec, type Params } from "./model.js";
import { unscaleOutputs, type TargetScale } from "./target-scale.js";
import { count } from "../util/plural.js";

/** Rows per forward pass when predicting, to bound memory on large datasets. */
const CHUNK_ROWS = 2048;

/** Raw features as the first layer expects them: standardized when the model carries a standardizer. */
export function prepareFeatures(model: Model, features: Float32Array): Float32Array {
  const d = model.spec.inputs;
  if (features.length % d !== 0) throw new ShapeError(`model expects ${count(d, "feature")} per row; got ${features.length} values`);
  const s = model.standardizer;
  if (s === undefined) return features;
  const out = new Float32Array(features.length);
  for (let i = 0; i < features.length; i += d) {
    for (let j = 0; j < d; j++) out[i + j] = (features[i + j]! - s.mean[j]!) / s.std[j]!;
  }
  return out;
}

/** Network outputs [n × outputs] for already prepared features. */
export function rawOutputs(spec: ModelSpec, params: Params, prepared: Float32Array): Float32Array {
  const d = spec.inputs;
  const n = prepared.length / d;
  const out = new Float32Array(n * spec.outputs);
  const p = paramTensors(spec, params);
  for (let start = 0; start < n; start += CHUNK_ROWS) {
    const m = Math.min(CHUNK_ROWS, n - start);
    const x = fromData(prepared.subarray(start * d, (start + m) * d), [m, d]);
    out.set(forward(spec, p, x).data as Float32Array, start * spec.outputs);
  }
  return out;
}

/** One prediction per row from outputs: the value, the class of P(1) > ½, or the argmax class. */
export function outputsToPredictions(spec: ModelSpec, outputs: Float32Array): Float32Array {
  const n = outputs.length / spec.outputs;
  const pred = new Float32Array(n);
  for (let i = 0; i < n; i++) pred[i] = predictionAt(spec, outputs, i);
  return pred;
}

/** Share of rows whose prediction equals the target, without building the predictions. */
export function outputAccuracy(spec: ModelSpec, outputs: Float32Array, targets: Float32Array): number {
  return targets.length === 0 ? NaN : outputHits(spec, outputs, targets) / targets.length;
}

/** How many rows' predictions equal their targets. The head is decided once, outside the row
 * loop: this runs after every batch. */
export function outputHits(spec: ModelSpec, outputs: Float32Array, targets: Float32Array): number {
  const m = targets.length;
  let hits = 0;
  if (spec.head === "sigmoid") {
    for (let i = 0; i < m; i++) hits += +(+(outputs[i]! > 0) === targets[i]);
  } else {
    for (let i = 0; i < m; i++) if (predictionAt(spec, outputs, i) === targets[i]) hits++;
  }
  return hits;
}

/** Row i's prediction: its value, class 1 for a positive logit, or the class of the largest logit. */
function predictionAt(spec: ModelSpec, outputs: Float32Array, i: number): number {
  if (spec.head === "identity") return outputs[i]!;
  if (spec.head === "sigmoid") return outputs[i]! > 0 ? 1 : 0;
  const k = spec.outputs;
  let best = 0;
  for (let j = 1; j < k; j++) if (outputs[i * k + j]! > outputs[i * k + best]!) best = j;
  return best;
}

/** Outputs in the target's units: regression values unscaled when the model was trained on a standardized target. */
function inTargetUnits(spec: ModelSpec, outputs: Float32Array, scale: TargetScale | undefined): Float32Array {
  return scale !== undefined && spec.head === "identity" ? unscaleOutputs(scale, outputs) : outputs;
}

/** The model's outputs for raw feature rows: values in the target's units for regression, logits for classifiers. */
export function modelOutputs(model: Model, features: Float32Array): Float32Array {
  return inTargetUnits(model.spec, rawOutputs(model.spec, model.params, prepareFeatures(model, features)), model.targetScaling);
}

/** Predictions for raw feature rows (n×d, row-major): class indices for classifiers, else values. */
export function predict(model: Model, features: Float32Array): Float32Array {
  return outputsToPredictions(model.spec, modelOutputs(model, features));
}

/** Predictions as the user reads them: class names for classifiers, numbers for regression. */
export function predictLabels(model: Model, features: Float32Array): (string | number)[] {
  const pred = predict(model, features);
  if (model.spec.head === "identity") return Array.from(pred);
  return Array.from(pred, (c) => model.classes?.[c] ?? String(c));
}

export interface Evaluation {
  loss: number;
  /** Accuracy for classifiers, R² for regression. */
  metric: number;
}

/** Loss and headline metric on prepared features (the trainer's per-epoch check), in the target's units. */
export function evaluatePrepared(spec: ModelSpec, params: Params, prepared: Float32Array, targets: Float32Array, loss: LossChoice, targetScale?: TargetScale): Evaluation {
  const outputs = inTargetUnits(spec, rawOutputs(spec, params, prepared), targetScale);
  const n = targets.length;
  const value = lossFunction(loss)(fromData(outputs, [n, spec.outputs]), targets).item();
  const pred = outputsToPredictions(spec, outputs);
  return { loss: value, metric: spec.head === "identity" ? rSquared(pred, targets) : accuracy(pred, targets) };
}

export interface FullEvaluation extends Evaluation {
  metricName: "accuracy" | "r2";
  report: ClassificationReport | RegressionReport;
}

/** Loss, headline metric and the full report (confusion matrix, F1, MCC / MSE, MAE, R²) on raw data. */
export function evaluate(model: Model, data: Dataset, loss: LossName = defaultLoss(model.spec.head)): FullEvaluation {
  const { spec } = model;
  if (data.d !== spec.inputs) throw new ShapeError(`model expects ${count(spec.inputs, "feature")}, "${data.name}" has ${data.d}`);
  return evaluateOutputs(spec, modelOutputs(model, data.features), data.targets, loss);
}

/**
 * `evaluate` on outputs already computed by `modelOutputs` (values in the target's units, or
 * logits), so a caller that has them does not run the network again.
 */
export function evaluateOutputs(spec: ModelSpec, outputs: Float32Array, targets: Float32Array, loss: LossName = defaultLoss(spec.head)): FullEvaluation {
  const n = targets.length;
  if (outputs.length !== n * spec.outputs) throw new ShapeError(`expected ${n * spec.outputs} outputs for ${count(n, "target")}; got ${outputs.length}`);
  const value = lossFunction(loss)(fromData(outputs, [n, spec.outputs]), targets).item();
  const pred = outputsToPredictions(spec, outputs);
  if (spec.head === "identity") {
    const report = regressionReport(pred, targets);
    return { loss: value, metric: report.r2, metricName: "r2", report };
  }
  const classes = spec.head === "sigmoid" ? 2 : spec.outputs;
  const report = classificationReport(pred, targets, classes);
  return { loss: value, metric: report.accuracy, metricName: "accuracy", report };
}

/** Classes a classifier's probabilities cover: 2 for a sigmoid head, one per output for softmax. */
export function classCount(spec: ModelSpec): number {
  if (spec.head === "identity") throw new ShapeError("a regression model has no class probabilities");
  return spec.head === "sigmoid" ? 2 : spec.outputs;
}

/**
 * Class probabilities from a classifier's logits, [n × classes] row-major: [P(0), P(1)] for a
 * sigmoid head (P(0) as sigmoid(−z), not 1 − P(1), so small values keep their digits), the
 * softmax of each row otherwise (shifted by the row's largest logit, so it cannot overflow).
 */
export function outputsToProbabilities(spec: ModelSpec, outputs: Float32Array): Float64Array {
  const k = classCount(spec);
  if (spec.head === "sigmoid") {
    const p = new Float64Array(outputs.length * 2);
    for (let i = 0; i < outputs.length; i++) {
      const z = outputs[i]!;
      p[2 * i] = 1 / (1 + Math.exp(z));
      p[2 * i + 1] = 1 / (1 + Math.exp(-z));
    }
    return p;
  }
  const n = outputs.length / k;
  const p = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, outputs[i * k + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += p[i * k + j] = Math.exp(outputs[i * k + j]! - max);
    for (let j = 0; j < k; j++) p[i * k + j] = p[i * k + j]! / sum;
  }
  return p;
}

/**
 * Class probabilities for raw feature rows (n×d, row-major): [n × classes] row-major, in the
 * order of `model.classes` (scikit-learn's `predict_proba`). A regression model is a ShapeError.
 */
export function predictProba(model: Model, features: Float32Array): Float64Array {
  classCount(model.spec);
  return outputsToProbabilities(model.spec, modelOutputs(model, features));
}
