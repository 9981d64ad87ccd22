// The optimizer layer: composable gradient transformations, PyTorch-exact named optimizers,
// schedules, clipping and wrappers, spec strings, state serialization, line search and L-BFGS.
export type { Vec, Params, Hyper, GradientTransformation, UpdateResult, Options, OptionValue } from "./types.js";
export { applyUpdates, cloneParams, zerosLikeParams, allFinite, vecAllFinite, flattenParams, unflattenParams } from "./params.js";
export {
  chain,
  scale,
  scaleByLearningRate,
  addDecayedWeights,
  traceMomentum,
  scaleByAdam,
  scaleByRms,
  scaleByAdagrad,
  scaleByAdadelta,
} from "./transforms.js";
export type { LearningRate, Buffers, AdamScaleState } from "./transforms.js";
export { clipByGlobalNorm, clipByValue, clipGlobalNormInPlace, globalNorm } from "./clipping.js";
export { skipNonFinite, accumulateGradients, accumulate, rejectNonFiniteSteps } from "./wrappers.js";
export type { SkipNonFiniteState, AccumulateState, GuardedOptimizer } from "./wrappers.js";
export { makeOptimizer, cloneOptimizerState } from "./optimizer.js";
export type { Optimizer, OptimizerOptions, OptimizerState, ParamShapes } from "./optimizer.js";
export type { OptimizerName, OptimizerOptionsFor } from "./registry.js";
export { listOptimizers, isLearningRateFree, OPTIMIZER_NAMES } from "./registry.js";
export type { OptionInfo } from "./registry.js";
export { makeSchedule, listSchedules, SCHEDULE_NAMES } from "./schedules.js";
export type { Schedule, StepSchedule } from "./schedules.js";
export type { PlateauSchedule, PlateauState } from "./plateau.js";
export { parseOptimizerSpec, parseScheduleSpec, splitSpec, formatSpec, formatOptimizerSpec, formatScheduleSpec } from "./spec.js";
export type { Spec } from "./spec.js";
export { serializeState, deserializeState } from "./serialize.js";
export { strongWolfe, armijoStep, cubicInterpolate } from "./line-search.js";
export type { Objective, StrongWolfeOptions, LineSearchResult, ArmijoOptions, ArmijoResult } from "./line-search.js";
export { lbfgs, lbfgsIterations } from "./lbfgs.js";
export type { LbfgsIterate, LbfgsOptions, LbfgsResult, LbfgsStop } from "./lbfgs.js";
export { withSchedule } from "./scheduled.js";
export { withTensorApi, type OptimizerCore, type TensorRecord } from "./tensor-api.js";
