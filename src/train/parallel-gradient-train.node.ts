/**
 * The trainer as the Node entry exports it: `train`, `trainAsync` and `trainSteps` of trainer.ts
 * with the batch gradient on the cores' fastest use by default (`makeGradient:
 * parallelGradient()`, which reads DESCENT_PARALLEL, else measures: parallel-gradient.node.ts).
 * The browser entry's trainer stays on one thread. A `makeGradient` given is used as it is.
 */
import type { Dataset } from "../data/dataset.js";
import type { Model } from "./model.js";
import { parallelGradient } from "./parallel-gradient.node.js";
import { train as trainHere, trainAsync as trainAsyncHere, trainSteps as trainStepsHere, type TrainOptions, type TrainResult } from "./trainer.js";

function onCores(options: TrainOptions): TrainOptions {
  return options.makeGradient ? options : { ...options, makeGradient: parallelGradient() };
}

/** trainer.ts's `train`, on the fastest use of the cores unless `makeGradient` says otherwise. */
export function train(model: Model, data: Dataset, options: TrainOptions): TrainResult {
  return trainHere(model, data, onCores(options));
}

/** trainer.ts's `trainAsync`, on the fastest use of the cores unless `makeGradient` says otherwise. */
export function trainAsync(model: Model, data: Dataset, options: TrainOptions, yieldEveryMs?: number): Promise<TrainResult> {
  return trainAsyncHere(model, data, onCores(options), yieldEveryMs);
}

/** trainer.ts's `trainSteps`, on the fastest use of the cores unless `makeGradient` says otherwise. */
export function trainSteps(model: Model, data: Dataset, options: TrainOptions): Generator<void, TrainResult, void> {
  return trainStepsHere(model, data, onCores(options));
}
