/**
 * From a plain, JSON-able run configuration (what the CLI flags say, stored in checkpoints) to
 * everything a run needs: data split, fitted standardizer, model, loss, optimizer and schedule.
 * Defaults fit the data: a logistic regression for two classes, softmax for more, linear
 * regression for numbers; standardized features except for image folders (pixels are in [0, 1]).
 */
import {
  fitStandardizer, idxFolderOf, isDataFile, loadDataset, loadFileData, loadIdxFolder, trainTestSplit, type DataOptions, type Dataset, type PreparedData,
} from "../data/index.node.js";
import { OptionError } from "../errors.js";
import {
  makeOptimizer, makeSchedule, OPTIMIZER_NAMES, parseOptimizerSpec, parseScheduleSpec, splitSpec, type Optimizer, type Options, type Schedule,
} from "../optim/index.js";
import { makeLbfgsTrainer } from "./lbfgs-run.js";
import { Rng } from "../random.js";
import { parseInit, type InitName } from "./init.js";
import { defaultLoss, parseLoss, type LossName } from "./losses.js";
import { createModel, parseArchitecture, specFor, type Model } from "./model.js";
import { fitTargetScale } from "./target-scale.js";
import { parseClassWeights } from "./class-weights.js";

export interface TrainingConfig {
  /** A bundled dataset name, a CSV file or a folder of IDX files (absolute or relative to cwd). */
  data: string;
  target?: string;
  /** Data options for files (`--features`, `--impute`, `--delimiter`, …; see data/table-dataset.ts). */
  dataOptions?: DataOptions;
  /** linear | logistic | softmax | mlp:64,32[:relu]; default from the task. */
  model?: string;
  loss?: string;
  optimizer: string;
  /** `balanced`, `none` or `label=w,…`: weights of the classes in the training loss. */
  classWeight?: string;
  /** Learning rate; wins over the optimizer spec's own lr (as minimize's --lr). */
  lr?: number;
  schedule?: string;
  batchSize: number | "full";
  epochs: number;
  /** Share held out for testing, in [0, 1): 0 trains on every row, with no test set (ignored for IDX
   * folders, which bring their own test files). */
  testSplit: number;
  seed: number;
  init?: string;
  standardize?: boolean;
  validationSplit?: number;
  patience?: number;
}

export interface PreparedRun {
  model: Model;
  train: Dataset;
  /** Absent when testSplit is 0 (every row trains). */
  test?: Dataset;
  loss: LossName;
  optimizer: Optimizer;
  schedule?: Schedule;
  /** Per-class loss weights from `classWeight` (absent for none). */
  classWeights?: Float32Array;
  /** The model string actually used (after defaults), e.g. "logistic". */
  modelName: string;
  /** What the data loader wants the user to know (one line each). */
  notes: string[];
}

/**
 * Loads the data and splits it: IDX folders use their train/t10k files, bundled datasets a seeded
 * split, data files the data options with encodings fitted on the training rows. A test split of
 * 0 trains on every row (no test set).
 */
export function loadSplit(config: TrainingConfig, preloaded?: PreparedData): { train: Dataset; test?: Dataset; images: boolean; notes: string[] } {
  if (preloaded) return { train: preloaded.train, ...(preloaded.test ? { test: preloaded.test } : {}), images: false, notes: preloaded.notes };
  const folder = idxFolderOf(config.data);
  if (folder !== undefined) {
    return { train: loadIdxFolder(folder, { split: "train" }), test: loadIdxFolder(folder, { split: "test" }), images: true, notes: [] };
  }
  if (isDataFile(config.data)) {
    const p = loadFileData(config.data, fileDataOptions(config), { testFraction: config.testSplit, seed: config.seed });
    return { train: p.train, ...(p.test ? { test: p.test } : {}), images: false, notes: p.notes };
  }
  const all = loadDataset(config.data); // a bundled name (or the one-line error for an unknown one)
  if (config.testSplit === 0) return { train: all, images: false, notes: [] };
  const split = trainTestSplit(all, { testFraction: config.testSplit, seed: config.seed });
  return { train: split.train, test: split.test, images: false, notes: [] };
}

/** Updates a default run makes at least: 50 epochs of a tiny table are too few steps to fit it. */
export const DEFAULT_MIN_UPDATES = 500;

/**
 * Epochs when none are given: 50, or as many as it takes to make DEFAULT_MIN_UPDATES updates when
 * the training rows fill only a few batches (iris's 120 rows in batches of 32 take 125 epochs).
 */
export function defaultEpochs(trainRows: number, batchSize: number | "full"): number {
  const batches = batchSize === "full" ? 1 : Math.ceil(trainRows / Math.min(batchSize, Math.max(1, trainRows)));
  return Math.max(50, Math.ceil(DEFAULT_MIN_UPDATES / Math.max(1, batches)));
}

/** The data options a configuration gives its data file. */
export function fileDataOptions(config: TrainingConfig): DataOptions {
  return { ...config.dataOptions, ...(config.target !== undefined ? { target: config.target } : {}) };
}

/** The architecture a dataset gets when none is named. */
export function defaultModelName(data: Dataset): string {
  if (data.task === "regression") return "linear";
  return (data.classes?.length ?? 0) === 2 ? "logistic" : "softmax";
}

/** The configuration's optimizer: an update rule from the registry, or full-batch `lbfgs`; `lr` wins over the spec's. */
export function runOptimizer(config: Pick<TrainingConfig, "optimizer" | "lr">): Optimizer {
  const { name, options } = splitSpec("optimizer", config.optimizer.trim());
  const withLr = (o: Options): Options => (config.lr === undefined ? o : { ...o, lr: config.lr });
  if (name === "lbfgs") return makeLbfgsTrainer(withLr(options));
  if (!OPTIMIZER_NAMES.includes(name)) throw new OptionError(`unknown optimizer "${name}" (valid: ${[...OPTIMIZER_NAMES, "lbfgs"].join(", ")})`);
  const spec = parseOptimizerSpec(config.optimizer);
  return makeOptimizer(spec.name, withLr(spec.options));
}

/** A schedule spec (`cosine:t_max=1000`) over the optimizer's learning rate. */
export function scheduleFor(spec: string, optimizer: Optimizer): Schedule {
  const s = parseScheduleSpec(spec);
  const lr = optimizer.options.lr;
  if (typeof lr !== "number") throw new OptionError(`optimizer ${optimizer.name} has no learning rate to schedule`);
  return makeSchedule(s.name, s.options, lr);
}

/** Builds a fresh run from a configuration (weights from `seed`, so the same config gives the same run). */
export function prepareRun(config: TrainingConfig, preloaded?: PreparedData): PreparedRun {
  const optimizer = runOptimizer(config);
  const schedule = config.schedule === undefined ? undefined : scheduleFor(config.schedule, optimizer);
  const arch = parseArchitecture(config.model ?? "linear"); // validate the flag before loading data
  const { train, test, images, notes } = loadSplit(config, preloaded);
  const modelName = config.model ?? defaultModelName(train);
  const choice = config.model === undefined ? parseArchitecture(modelName) : arch;
  const spec = specFor(choice, train.d, train.task, train.classes?.length ?? 0);
  const init: InitName = config.init !== undefined ? parseInit(config.init) : choice.kind === "mlp" ? "glorot-uniform" : "zeros";
  const model = createModel(spec, init, new Rng(config.seed));
  if (config.standardize ?? !images) model.standardizer = fitStandardizer(train);
  if (train.classes) model.classes = train.classes;
  if (spec.head === "identity") model.targetScaling = fitTargetScale(train.targets);
  model.featureNames = train.featureNames;
  if (train.columns) model.columns = train.columns;
  model.targetName = train.targetName;
  const loss = config.loss !== undefined ? parseLoss(config.loss, spec.head) : defaultLoss(spec.head);
  const classWeights = config.classWeight === undefined ? undefined : parseClassWeights(config.classWeight, train);
  return { model, train, ...(test ? { test } : {}), loss, optimizer, ...(schedule ? { schedule } : {}), ...(classWeights ? { classWeights } : {}), modelName, notes };
}
