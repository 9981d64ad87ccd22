/**
 * The library surface the network and CSV code of the playground uses, in one place, through the
 * library's browser-safe entry points (src/index.ts and the modules' index.ts files).
 */
export { Rng } from "../../src/index.js";
export { DescentError } from "../../src/index.js";
export { makeDataset, type Dataset, type Task } from "../../src/data/index.js";
export { trainTestSplit } from "../../src/data/index.js";
export { fitStandardizer } from "../../src/data/index.js";
export { makeOptimizer } from "../../src/optim/index.js";
export { makeSchedule } from "../../src/optim/index.js";
export { parseOptimizerSpec, parseScheduleSpec } from "../../src/optim/index.js";
export { listOptimizers } from "../../src/optim/index.js";
export { SCHEDULE_NAMES, listSchedules } from "../../src/optim/index.js";
export { createModel, specFor, ACTIVATIONS, parseArchitecture, type Activation, type Model, type Params } from "../../src/train/index.js";
export { defaultLoss, type LossName } from "../../src/train/index.js";
export { evaluatePrepared, prepareFeatures, rawOutputs } from "../../src/train/index.js";
export { trainSteps, type TrainResult } from "../../src/train/index.js";
export { modelToJSON } from "../../src/train/index.js";
export { csvToDataset } from "../../src/data/index.js";
