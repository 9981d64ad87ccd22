/**
 * What an exported graph should output, computed by descent's own prediction path (its
 * standardization, forward pass and decision rule), so a round trip can be checked value by value.
 */
import { ShapeError } from "../errors.js";
import { modelOutputs, outputsToPredictions, outputsToProbabilities, type Model } from "../train/index.js";
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
  return { probabilities: Float32Array.from(outputsToProbabilities(spec, logits)), label };
}
