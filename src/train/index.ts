/**
 * Training: models on the autodiff engine, losses, metrics, the trainer and the model file format.
 * Browser-safe; files, checkpoints, CLI progress and run setup from paths are in ./index.node.ts.
 */
export type { EpochRecord, TrainingHistory } from "./types.js";
export { INIT_NAMES, initWeights, parseInit, type InitName } from "./init.js";
export { dense } from "./dense-op.js";
export {
  ACTIVATIONS, createModel, defineModel, forward, layerSizes, parameterNames, parameterShapes, paramTensors, parseArchitecture, specFor,
  type Activation, type ArchitectureChoice, type Head, type Model, type ModelDefinition, type ModelKind, type ModelSpec, type Network, type Params, type ParamTensors,
} from "./model.js";
export {
  LOSS_NAMES, binaryCrossEntropyWithLogits, defaultLoss, lossFunction, meanAbsoluteError, meanSquaredError, parseLoss,
  softmaxCrossEntropy, stableSigmoid, oneHot, type CustomLoss, type LossChoice, type LossFn, type LossName,
} from "./losses.js";
export {
  accuracy, classScores, classificationReport, confusionMatrix, matthewsCorrelation, meanAbsolute, meanSquared,
  rSquared, rocAuc, regressionReport, type ClassScores, type ClassificationReport, type RegressionReport,
} from "./metrics.js";
export {
  classCount, evaluate, evaluateOutputs, evaluatePrepared, modelOutputs, outputHits, outputsToPredictions, outputsToProbabilities, predict,
  predictLabels, predictProba, prepareFeatures, rawOutputs, type Evaluation, type FullEvaluation,
} from "./predict.js";
export { makeBatchGradient, makeGradientFunction, applyStep, type BatchResult, type GradientFn } from "./batch-step.js";
export { train, trainAsync, trainSteps, shuffleSeed, type BatchInfo, type StopReason, type TrainCallbacks, type TrainOptions, type TrainResult } from "./trainer.js";
export {
  checkLoopOptions, freshRunState, nonFiniteStop, runLoop,
  type Batch, type BatchSource, type EpochScores, type LoopEnd, type LoopOptions, type LoopParts, type Score, type Wait,
} from "./loop.js";
export { batchRows, memoryBatches, type EpochPosition } from "./batch-source.js";
export { addToProgress, progressScore } from "./running-score.js";
export { unweightedLoss } from "./class-weights.js";
export { LBFGS_TRAIN_OPTIONS, isFullBatchOptimizer, makeLbfgsTrainer, type BoundLbfgs, type FullBatchOptimizer } from "./lbfgs-run.js";
export {
  PARALLELISM_HELP, describeParallelism, parallelismLine, parallelismName, parseParallelism,
  type Parallelism, type ParallelismChoice, type ParallelismReport,
} from "./parallelism.js";
export { emptyProgress, type EarlyStoppingState, type EpochProgress, type RunState } from "./run-state.js";
export { MODEL_FORMAT, MODEL_VERSION, modelFromJSON, modelToJSON, type ModelFileJSON, type SaveExtras } from "./model-file.js";
export { fitTargetScale, targetScaleFrom, lossInTargetUnits, scaleTargets, unscaleOutputs, type TargetScale } from "./target-scale.js";
export { sharpnessEstimator, topEigenvalue, type SharpnessOptions, type SharpnessEstimate } from "./sharpness.js";
export { modelInputs, modelTargets } from "./table-rows.js";
export { lrFind, suggest, valleyIndex, steepIndex, type LrFindOptions, type LrFindResult, type LrRule } from "./lr-find.js";
