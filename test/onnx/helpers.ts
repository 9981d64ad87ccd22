/** Shared helpers for the ONNX tests: run an exported model in ONNX Runtime and compare with descent. */
import assert from "node:assert/strict";
import * as ort from "onnxruntime-web";
import { exportOnnx, onnxReferenceOutputs } from "../../src/onnx/index.js";
import type { Model } from "../../src/train/index.js";

export interface RoundTrip {
  /** Largest |onnx − descent| over every output value. */
  maxAbsDiff: number;
  /** Largest |onnx − descent| / max(1, |descent|). */
  maxScaledDiff: number;
  labelMismatches: number;
  outputNames: readonly string[];
}

/**
 * The graph's inputs for encoded rows (n×inputs): the `features` vector, or, for a graph with one
 * input per column, each column's values as [n, 1] (numeric columns only: then input j is column j).
 */
export function feedsFor(session: ort.InferenceSession, model: Model, features: Float32Array): Record<string, ort.Tensor> {
  const d = model.spec.inputs;
  const n = features.length / d;
  if (session.inputNames.length === 1 && session.inputNames[0] === "features") return { features: new ort.Tensor("float32", features, [n, d]) };
  assert.ok(model.columns?.every((c) => c.kind === "numeric"), "column feeds from encoded rows need numeric columns");
  assert.deepEqual(session.inputNames, model.columns!.map((c) => c.name));
  return Object.fromEntries(model.columns!.map((c, j) => [c.name, new ort.Tensor("float32", Float32Array.from({ length: n }, (_, i) => features[i * d + j]!), [n, 1])]));
}

/** Exports `model`, runs it in ONNX Runtime on `features` (n×inputs) and compares every output. */
export async function roundTrip(model: Model, features: Float32Array, bytes = exportOnnx(model)): Promise<RoundTrip> {
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  const out = await session.run(feedsFor(session, model, features));
  const ref = onnxReferenceOutputs(model, features);
  let maxAbsDiff = 0;
  let maxScaledDiff = 0;
  for (const name of ["prediction", "probabilities"] as const) {
    const expected = ref[name];
    if (!expected) continue;
    const actual = out[name]!.data as Float32Array;
    assert.equal(actual.length, expected.length, `${name} length`);
    for (let i = 0; i < expected.length; i++) {
      const diff = Math.abs(actual[i]! - expected[i]!);
      assert.ok(Number.isFinite(actual[i]!), `${name}[${i}] is ${actual[i]}`);
      maxAbsDiff = Math.max(maxAbsDiff, diff);
      maxScaledDiff = Math.max(maxScaledDiff, diff / Math.max(1, Math.abs(expected[i]!)));
    }
  }
  let labelMismatches = 0;
  if (ref.label) {
    const labels = out.label!.data as BigInt64Array;
    for (let i = 0; i < ref.label.length; i++) if (Number(labels[i]) !== ref.label[i]) labelMismatches++;
  }
  return { maxAbsDiff, maxScaledDiff, labelMismatches, outputNames: session.outputNames };
}
