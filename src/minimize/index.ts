export { minimize, resolveOptimizer, describeOptimizer, startPoint, type MinimizeOptions, type OptimizerChoice, type StepInfo } from "./minimize.js";
export { parseOptimizerChoice, readOptimizerOption, RUN_OPTIMIZER_NAMES } from "./optimizer-choice.js";
export { type Objective, objectiveFromFunctions, tensorObjective, expressionObjective, compiledObjective } from "./objective.js";
export { hessianMatrix, hessianVectorProduct, type NewtonVariant } from "./newton.js";
export { DEFAULT_DIVERGENCE, divergenceReason, type DivergenceRule } from "./divergence.js";
export { basinsOfAttraction, nearest, type BasinGrid, type BasinOptions } from "./basins.js";
export { learningRateSweep, logSpace, type SweepPoint } from "./sweep.js";
export type { MinimizeResult, MinimizeStatus } from "./types.js";
