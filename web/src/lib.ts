/**
 * The library surface the network and CSV code of the playground uses, in one place. The main
 * entry (src/index.ts) still pulls in Node-only modules (file reading, PNG output), so this file
 * imports the browser-safe modules it needs one by one; when the entry is browser-safe, only
 * these lines change.
 */
export { Rng } from "../../src/random.js";
export { DescentError } from "../../src/errors.js";
export { makeDataset, type Dataset, type Task } from "../../src/data/dataset.js";
export { trainTestSplit } from "../../src/data/split.js";
export { fitStandardizer } from "../../src/data/standardize.js";
export { makeOptimizer } from "../../src/optim/optimizer.js";
export { makeSchedule } from "../../src/optim/schedules.js";
export { parseOptimizerSpec, parseScheduleSpec } from "../../src/optim/spec.js";
export { listOptimizers } from "../../src/optim/registry.js";
export { SCHEDULE_NAMES, listSchedules } from "../../src/optim/schedules.js";
export { createModel, specFor, ACTIVATIONS, parseArchitecture, type Activation, type Model } from "../../src/train/model.js";
export { defaultLoss, type LossName } from "../../src/train/losses.js";
export { evaluatePrepared, prepareFeatures, rawOutputs } from "../../src/train/predict.js";
export { trainSteps, type TrainResult } from "../../src/train/trainer.js";
export { modelToJSON } from "../../src/train/model-file.js";
export { csvToDataset } from "../../src/data/csv-dataset.js";
