export type { Vec, Params, Hyper, GradientTransformation, UpdateResult, Options, OptionValue } from "./types.js";
export { applyUpdates, cloneParams, zerosLikeParams, allFinite } from "./params.js";
export { makeOptimizer, cloneOptimizerState } from "./optimizer.js";
export type { Optimizer, OptimizerState } from "./optimizer.js";
export { listOptimizers, OPTIMIZER_NAMES } from "./registry.js";
export type { OptionInfo } from "./registry.js";
