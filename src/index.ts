/**
 * descent's library entry, browser-safe: nothing here reaches a `node:` module (a test bundles it
 * for the browser). The most used names are exported flat; every module is also exported whole as
 * a namespace (`autodiff`, `expr`, `optim`, `minimization`, `data`, `training`, `plot`). Under Node
 * the package resolves to ./index.node.ts instead, which adds reading and writing files.
 */
export * from "./errors.js";
export { Rng, type RngState } from "./random.js";

export * as autodiff from "./autodiff/index.js";
export * as kernels from "./kernels/index.js";
export { setBackend, getBackend, availableBackends, type Backend } from "./kernels/index.js";
export * as expr from "./expr/index.js";
export * as optim from "./optim/index.js";
export * as minimization from "./minimize/index.js";
export * as data from "./data/index.js";
export * as training from "./train/index.js";
export * as plot from "./plot/index.js";
export * as curvature from "./curvature/index.js";

export { Tensor, tensor, scalar, zeros, ones, grad, valueAndGrad, jit, fromData, checkGradient, hvp, hessian, jvp } from "./autodiff/index.js";
export { curvatureAt, curvatureFunction, type Curvature, type CurvatureFunction } from "./curvature/index.js";
export { parse, format, differentiate, simplify, compile, resolveFunction, NAMED_FUNCTIONS, type Expr, type CompiledFunction } from "./expr/index.js";
export {
  makeOptimizer, chain, applyUpdates, parseOptimizerSpec, makeSchedule, parseScheduleSpec, listOptimizers, serializeState, deserializeState,
  clipByGlobalNorm, clipByValue, scaleByAdam, scaleByLearningRate, lbfgs,
  type Optimizer, type GradientTransformation, type Params,
} from "./optim/index.js";
export {
  minimize, basinsOfAttraction, learningRateSweep, objectiveFromFunctions, tensorObjective, expressionObjective,
  type MinimizeOptions, type MinimizeResult, type Objective,
} from "./minimize/index.js";
export { csvToDataset, trainTestSplit, fitStandardizer, type Dataset } from "./data/index.js";
export { train, createModel, predict, predictProba, type TrainingHistory, type EpochRecord } from "./train/index.js";
export * as onnx from "./onnx/index.js";
export { exportOnnx } from "./onnx/index.js";
