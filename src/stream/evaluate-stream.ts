/** Scores a model on one split of a streamed file, a chunk at a time. */
import { fromData } from "../autodiff/index.js";
import { ShapeError } from "../errors.js";
import { defaultLoss, lossFunction, rawOutputs, unscaleOutputs, type LossName, type Model } from "../train/index.js";
import type { DataStream } from "./dataset.js";
import { RunningScore } from "./running-score.js";
import { standardizeInPlace } from "./standardize-chunk.js";
import { count } from "../util/plural.js";

export interface StreamEvaluation {
  loss: number;
  metric: number;
  metricName: "accuracy" | "r2";
  rows: number;
}

/** Loss and accuracy / R² of `model` over the rows of `split` (re-reads the file once), in the target's units. */
export async function evaluateStream(model: Model, stream: DataStream, split: "train" | "test", loss: LossName = defaultLoss(model.spec.head)): Promise<StreamEvaluation> {
  const { spec } = model;
  if (stream.d !== spec.inputs) throw new ShapeError(`model expects ${count(spec.inputs, "feature")}, ${stream.path} has ${stream.d}`);
  const lossFn = lossFunction(loss);
  const score = new RunningScore(spec);
  for await (const chunk of stream.chunks(split)) {
    standardizeInPlace(chunk.features, model.standardizer);
    const raw = rawOutputs(spec, model.params, chunk.features);
    const outputs = spec.head === "identity" && model.targetScaling ? unscaleOutputs(model.targetScaling, raw) : raw;
    score.add(lossFn(fromData(outputs, [chunk.n, spec.outputs]), chunk.targets).item(), outputs, chunk.targets);
  }
  const { loss: value, metric } = score.result();
  return { loss: value, metric, metricName: spec.head === "identity" ? "r2" : "accuracy", rows: score.count };
}
