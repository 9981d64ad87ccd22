/** The training module with its Node-only part: model and checkpoint files, runs set up from paths, CLI progress. */
export * from "./index.js";
export { checkOutputPath, loadModel, readJson, saveModel, writeJsonAtomic } from "./model-io.node.js";
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, readCheckpoint, writeCheckpoint, type Checkpoint } from "./checkpoint.node.js";
export { DEFAULT_MIN_UPDATES, defaultEpochs, defaultModelName, fileDataOptions, loadSplit, prepareRun, runOptimizer, scheduleFor, type PreparedRun, type TrainingConfig } from "./setup.node.js";
export { epochLine, progressReporter } from "./progress.node.js";
export { makeParallelGradient, parallelGradient, parallelismFromEnv, type ParallelGradient } from "./parallel-gradient.node.js";
