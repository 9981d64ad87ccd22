/**
 * One seeded training run of a study: initialise, train for the budget, score the test rows.
 * The seed fixes both the initial weights and the batch order, through two separate generators,
 * so every configuration with the same seed starts from the same weights and sees the same batches.
 */
import { fromData } from "../autodiff/index.js";
import { OptionError } from "../errors.js";
import { makeOptimizer, parseOptimizerSpec } from "../optim/index.js";
import { Rng } from "../random.js";
import {
  batchRows, checkLoopOptions, freshRunState, memoryBatches, runLoop, confusionMatrix, createModel, defaultLoss, lossFunction, lossInTargetUnits,
  makeGradientFunction, matthewsCorrelation,
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
 * Yields each step's row indices: shuffled epochs, or minibatches drawn afresh at random every step
 * (the training loop's in-memory order, `batchRows`, from the run's seed). A yielded batch may be a
 * view that the next step overwrites; copy it to keep it.
 */
export function* batchStream(setup: StudySetup, n: number, seed: number): Generator<ArrayLike<number>> {
  const rng = new Rng(shuffleSeed(seed));
  const { epochs, draws } = studyEpochs(setup);
  for (let e = 0; e < epochs; e++) {
    const at = { order: null, batch: 0 };
    for (const rows of batchRows(n, Math.min(setup.batchSize, n), at, rng, draws)) {
      yield rows;
      at.batch += 1;
    }
  }
}

/** The budget as the training loop's epochs: whole epochs, or one epoch of random minibatches. */
function studyEpochs(setup: StudySetup): { epochs: number; draws?: number } {
  return setup.budget.kind === "epochs" ? { epochs: setup.budget.epochs } : { epochs: 1, draws: setup.budget.minibatches };
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

/** Trains one configuration (an optimizer spec) from `seed` with the training loop, and scores it on the test rows. */
export function runOne(setup: StudySetup, data: StudyData, optimizerSpec: string, seed: number): RunOutcome {
  const { spec, train } = data;
  const model = initialModel(setup, data, seed);
  const loss = lossFor(setup, data);
  const parsed = parseOptimizerSpec(optimizerSpec);
  const optimizer = makeOptimizer(parsed.name, parsed.options);
  const { epochs, draws } = studyEpochs(setup);
  const options = { epochs, batchSize: setup.batchSize, optimizer };
  checkLoopOptions(options);
  const steps = runLoop(options, {
    spec,
    params: model.params,
    gradient: makeGradientFunction(spec, loss.fn),
    source: memoryBatches(train.features, train.targets, spec.inputs, Math.min(setup.batchSize, train.n), draws === undefined ? {} : { draws }),
    state: freshRunState(options, optimizer.init(model.params, parameterShapes(spec)), seed),
    reportLoss: (descended) => descended,
    // The study scores once, on the test rows, after the run: nothing per epoch.
    *score(running) {
      return { train: running };
    },
  });
  let next = steps.next();
  while (!next.done) next = steps.next();
  const { stop, state } = next.value;
  // The model now holds the evaluation point (schedule-free: x, not the training point y).
  if (stop.kind === "non-finite") return { value: NaN, finite: false, steps: state.updates + 1 };
  return { value: scoreRun(setup, data, model.params, loss.fn), finite: true, steps: state.updates };
}
