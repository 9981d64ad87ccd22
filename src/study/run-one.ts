/**
 * One seeded training run of a study: initialise, train for the budget, score the test rows.
 * The seed fixes both the initial weights and the batch order, through two separate generators,
 * so every configuration with the same seed starts from the same weights and sees the same batches.
 */
import { fromData } from "../autodiff/index.js";
import { gatherRows, gatherValues, batchIndices } from "../data/index.js";
import { OptionError } from "../errors.js";
import { makeOptimizer, parseOptimizerSpec } from "../optim/index.js";
import { Rng } from "../random.js";
import {
  applyStep, confusionMatrix, createModel, defaultLoss, lossFunction, lossInTargetUnits, makeGradientFunction, matthewsCorrelation,
  accuracy, outputsToPredictions, parameterNames, parameterShapes, rawOutputs, rSquared, shuffleSeed, type LossFn, type Model, type Params,
} from "../train/index.js";
import type { StudyData, StudyLoss, StudySetup } from "./setup.js";
import { sigmoidMseOneHot, uniformInit } from "./sigmoid-mse.js";

/** The outcome of one run. */
export interface RunOutcome {
  /** The metric on the test rows; NaN when the parameters stopped being finite. */
  value: number;
  /** False when training diverged (a parameter became NaN or infinite). */
  finite: boolean;
  steps: number;
}

function lossFor(setup: StudySetup, data: StudyData): { name: StudyLoss; fn: LossFn } {
  const name = setup.loss ?? defaultLoss(data.spec.head);
  if (name === "sigmoid-mse") {
    if (data.spec.head !== "softmax") throw new OptionError("loss sigmoid-mse needs a classifier with one output per class (mlp or softmax)");
    return { name, fn: sigmoidMseOneHot };
  }
  return { name, fn: lossFunction(name) };
}

/** The initial model for a seed: `createModel`'s schemes, or uniform [−0.5, 0.5) for every parameter. */
export function initialModel(setup: StudySetup, data: StudyData, seed: number): Model {
  const rng = new Rng(seed);
  const init = setup.init ?? "glorot-uniform";
  if (init !== "uniform") return createModel(data.spec, init, rng);
  const model = createModel(data.spec, "zeros", rng);
  uniformInit(model.params, parameterNames(data.spec), rng);
  return model;
}

/**
 * Yields each step's row indices: shuffled epochs, or minibatches drawn afresh at random every step.
 * A yielded batch may be a view that the next step overwrites; copy it to keep it.
 */
export function* batchStream(setup: StudySetup, n: number, seed: number): Generator<ArrayLike<number>> {
  const rng = new Rng(shuffleSeed(seed));
  const size = Math.min(setup.batchSize, n);
  if (setup.budget.kind === "epochs") {
    for (let e = 0; e < setup.budget.epochs; e++) yield* batchIndices(n, size, rng).batches;
    return;
  }
  // Partial Fisher–Yates on a persistent index array: each step's first `size` slots are a
  // uniformly random set of distinct rows, drawn independently of earlier steps.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const batch = order.subarray(0, size);
  for (let step = 0; step < setup.budget.minibatches; step++) {
    for (let k = 0; k < size; k++) {
      const j = k + rng.int(n - k);
      const t = order[k]!;
      order[k] = order[j]!;
      order[j] = t;
    }
    yield batch;
  }
}

/** The study's metric for parameters `params` on the test rows. */
export function scoreRun(setup: StudySetup, data: StudyData, params: Params, loss: LossFn): number {
  const { spec, test } = data;
  const outputs = rawOutputs(spec, params, test.features);
  if (setup.metric === "loss") {
    const value = loss(fromData(outputs, [test.n, spec.outputs]), test.targets).item();
    // A standardized regression target: the loss back in the target's units (R² needs nothing).
    const name = setup.loss ?? defaultLoss(spec.head);
    return data.targetScale && name !== "sigmoid-mse" ? lossInTargetUnits(name, value, data.targetScale) : value;
  }
  const predicted = outputsToPredictions(spec, outputs);
  if (setup.metric === "r2") return rSquared(predicted, test.targets);
  if (setup.metric === "accuracy") return accuracy(predicted, test.targets);
  return matthewsCorrelation(confusionMatrix(predicted, test.targets, test.classes?.length ?? spec.outputs));
}

/** Trains one configuration (an optimizer spec) from `seed` and scores it on the test rows. */
export function runOne(setup: StudySetup, data: StudyData, optimizerSpec: string, seed: number): RunOutcome {
  const { spec, train } = data;
  const model = initialModel(setup, data, seed);
  const loss = lossFor(setup, data);
  const gradient = makeGradientFunction(spec, loss.fn);
  const parsed = parseOptimizerSpec(optimizerSpec);
  const optimizer = makeOptimizer(parsed.name, parsed.options);
  const state = optimizer.init(model.params, parameterShapes(spec));
  const d = spec.inputs;
  const xBuffer = new Float32Array(Math.min(setup.batchSize, train.n) * d);
  const yBuffer = new Float32Array(Math.min(setup.batchSize, train.n));
  let steps = 0;
  for (const indices of batchStream(setup, train.n, seed)) {
    const x = gatherRows(train.features, d, indices, xBuffer);
    const y = gatherValues(train.targets, indices, yBuffer);
    const { grads } = gradient(model.params, x, y);
    steps++;
    if (!applyStep(optimizer, model.params, grads, state, undefined)) return { value: NaN, finite: false, steps };
  }
  optimizer.eval?.(model.params, state); // schedule-free: score x, not the training point y
  return { value: scoreRun(setup, data, model.params, loss.fn), finite: true, steps };
}
