/** The training module with its Node-only part: model and checkpoint files, runs set up from paths, CLI progress. */
export * from "./index.js";
export { checkOutputPath, loadModel, readJson, saveModel, writeJsonAtomic } from "./model-io.node.js";
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, readCheckpoint, writeCheckpoint, type Checkpoint } from "./checkpoint.node.js";
export { DEFAULT_MIN_UPDATES, defaultEpochs, defaultModelName, fileDataOptions, loadSplit, prepareRun, runOptimizer, scheduleFor, type PreparedRun, type TrainingConfig } from "./setup.node.js";
export { epochLine, progressReporter } from "./progress.node.js";
export { candidates, forgetMeasurements, makeParallelGradient, parallelGradient, parallelismFromEnv, type AutoOptions, type ParallelGradient } from "./parallel-gradient.node.js";
export { measuredThreads, type MeasuredThreads } from "./measured-threads.node.js";
// The Node entry's trainer measures how to use the cores (these replace index.js's one-thread forms).
export { train, trainAsync, trainSteps } from "./parallel-gradient-train.node.js";
