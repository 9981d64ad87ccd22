/**
 * What an exported graph should output, computed by descent's own prediction path (its
 * standardization, forward pass and decision rule), so a round trip can be checked value by value.
 */
import { ShapeError } from "../errors.js";
import { modelOutputs, outputsToPredictions, type Model } from "../train/index.js";
import { count } from "../util/plural.js";

export interface OnnxReferenceOutputs {
  /** Regression: one value per row (× outputs). */
  prediction?: Float32Array;
  /** Classifiers: [rows × classes], row-major. */
  probabilities?: Float32Array;
  /** Classifiers: class index per row, as descent predicts it. */
  label?: Int32Array;
}

/** descent's outputs for raw feature rows (n×inputs, row-major), in the exported graph's layout. */
export function onnxReferenceOutputs(model: Model, features: Float32Array): OnnxReferenceOutputs {
  const { spec } = model;
  if (features.length % spec.inputs !== 0) throw new ShapeError(`model expects ${count(spec.inputs, "feature")} per row; got ${features.length} values`);
  const logits = modelOutputs(model, features);
  if (spec.head === "identity") return { prediction: logits };
  const label = Int32Array.from(outputsToPredictions(spec, logits));
  const n = label.length;
  if (spec.head === "sigmoid") {
    const probabilities = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const z = logits[i]!;
      probabilities[2 * i] = 1 / (1 + Math.exp(z));
      probabilities[2 * i + 1] = 1 / (1 + Math.exp(-z));
    }
    return { probabilities, label };
  }
  const k = spec.outputs;
  const probabilities = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[i * k + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(logits[i * k + j]! - max);
    for (let j = 0; j < k; j++) probabilities[i * k + j] = Math.exp(logits[i * k + j]! - max) / sum;
  }
  return { probabilities, label };
}
