/**
 * A study's settings as plain data (they travel to worker threads), and the data every run
 * shares: training and test rows prepared once per thread.
 */
import {
  applyStandardizer, fitStandardizer, idxFolderOf, isDataFile, loadDataset, loadFileData, loadFileDataAsync, loadIdxFolder, trainTestSplit,
  type DataOptions, type Dataset, type PreparedData, type TableSplit,
} from "../data/index.node.js";
import { OptionError } from "../errors.js";
import { fitTargetScale, parseArchitecture, scaleTargets, specFor, type InitName, type LossName, type ModelSpec, type TargetScale } from "../train/index.node.js";
import { poolDataset } from "./pool.js";

export type StudyMetric = "mcc" | "accuracy" | "loss" | "r2";
export const STUDY_METRICS: readonly StudyMetric[] = ["mcc", "accuracy", "loss", "r2"];

/** How long each run trains: whole epochs of shuffled batches, or a number of random minibatches. */
export type StudyBudget = { kind: "epochs"; epochs: number } | { kind: "minibatches"; minibatches: number };

/** Kneusel's loss: sigmoid outputs against one-hot targets by mean squared error. */
export type StudyLoss = LossName | "sigmoid-mse";
/** `uniform` draws weights and biases from [−0.5, 0.5), as NumPy's rand() − 0.5. */
export type StudyInit = InitName | "uniform";

export interface StudySetup {
  /** A bundled dataset name, a CSV file or a folder of IDX files (train and t10k splits). */
  data: string;
  /** `linear`, `logistic`, `softmax` or `mlp:UNITS,…[:ACTIVATION]`; `auto` picks the linear model that fits the target. */
  model: string;
  /** Optimizer specs, one configuration each (`sgd:lr=0.2,momentum=0.9`). */
  optimizers: string[];
  repeats: number;
  budget: StudyBudget;
  batchSize: number;
  /** `auto` is mcc for classes and r2 for numeric targets (resolved by `resolveAuto`). */
  metric: StudyMetric | "auto";
  /** Default: the loss that fits the model's head. */
  loss?: StudyLoss;
  /** Default: glorot-uniform weights, zero biases (as `createModel`). */
  init?: StudyInit;
  /** Mean-pool square images by this factor before training (2 turns 28×28 into 14×14). */
  pool?: number;
  /** Standardize features with the training part's mean and sd. Default: true except for IDX images. */
  standardize?: boolean;
  /** Share of rows held out when the data have no test split. Default 0.25 (split seed 1, the same for every run). */
  testFraction?: number;
  /** A label for reports, e.g. the preset name. */
  preset?: string;
  /** Data options for files (target, features, categories, missing cells, dialect), as train's. */
  dataOptions?: DataOptions;
}

/** What every run of a study reads: the model spec and the prepared training and test rows. */
export interface StudyData {
  spec: ModelSpec;
  train: Dataset;
  test: Dataset;
  /** Where the held-out rows come from, for reports. */
  testSource: "test split" | "held-out rows";
  /**
   * Regression: the training targets' mean and std. Both splits' targets are standardized with it
   * (as the trainer does), so losses are turned back into the target's units when scored; R² is
   * the same either way.
   */
  targetScale?: TargetScale;
}

/**
 * Fills in `auto` model and metric from the data's task: softmax (logistic for two classes) and
 * MCC for classes, linear and R² for numbers. IDX image folders are always classification.
 */
export async function resolveAuto(setup: StudySetup): Promise<StudySetup & { metric: StudyMetric }> {
  if (setup.model !== "auto" && setup.metric !== "auto") return setup as StudySetup & { metric: StudyMetric };
  const ds = idxFolderOf(setup.data) !== undefined ? undefined : isDataFile(setup.data) ? (await loadFileDataAsync(setup.data, setup.dataOptions)).train : loadDataset(setup.data);
  const task = ds?.task ?? "classification";
  const classes = ds?.classes?.length ?? 10;
  const model = setup.model !== "auto" ? setup.model : task === "regression" ? "linear" : classes === 2 ? "logistic" : "softmax";
  const metric = setup.metric !== "auto" ? setup.metric : task === "regression" ? "r2" : "mcc";
  return { ...setup, model, metric };
}

type FileLoader = (path: string, options: DataOptions | undefined, split: TableSplit) => PreparedData;

/**
 * Loads and prepares the study's data (same result on every thread, no randomness beyond split
 * seed 1). CSV files, bundled names and IDX folders; Parquet files need `prepareStudyDataAsync`.
 */
export function prepareStudyData(setup: StudySetup): StudyData {
  return prepareWith(setup, loadFileData);
}

/** `prepareStudyData` for every data file, Parquet included (read with hyparquet, which is asynchronous). */
export async function prepareStudyDataAsync(setup: StudySetup): Promise<StudyData> {
  const preloaded = isDataFile(setup.data) && idxFolderOf(setup.data) === undefined
    ? await loadFileDataAsync(setup.data, setup.dataOptions, studySplit(setup))
    : undefined;
  return prepareWith(setup, preloaded ? () => preloaded : loadFileData);
}

function studySplit(setup: StudySetup): TableSplit {
  return { testFraction: setup.testFraction ?? 0.25, seed: 1 };
}

function prepareWith(setup: StudySetup, loadFile: FileLoader): StudyData {
  let train: Dataset;
  let test: Dataset;
  let testSource: StudyData["testSource"];
  const folder = idxFolderOf(setup.data);
  if (folder !== undefined) {
    train = loadIdxFolder(folder, { split: "train" });
    test = loadIdxFolder(folder, { split: "test" });
    testSource = "test split";
  } else {
    const split = studySplit(setup);
    if (isDataFile(setup.data)) ({ train, test } = loadFile(setup.data, setup.dataOptions, split) as { train: Dataset; test: Dataset });
    else ({ train, test } = trainTestSplit(loadDataset(setup.data), split));
    testSource = "held-out rows";
  }
  if (setup.pool !== undefined && setup.pool !== 1) {
    train = poolDataset(train, setup.pool);
    test = poolDataset(test, setup.pool);
  }
  if (setup.standardize ?? folder === undefined) {
    const s = fitStandardizer(train);
    train = applyStandardizer(train, s);
    test = applyStandardizer(test, s);
  }
  let targetScale: TargetScale | undefined;
  if (train.task === "regression") {
    // As the trainer does: fit (y − mean) / std, so the defaults work whatever the target's units.
    targetScale = fitTargetScale(train.targets);
    train = { ...train, targets: scaleTargets(targetScale, train.targets) };
    test = { ...test, targets: scaleTargets(targetScale, test.targets) };
  }
  const classCount = train.classes?.length ?? 0;
  const spec = specFor(parseArchitecture(setup.model), train.d, train.task, classCount);
  if (setup.metric !== "auto") checkMetric(setup.metric, train.task);
  return { spec, train, test, testSource, ...(targetScale ? { targetScale } : {}) };
}

function checkMetric(metric: StudyMetric, task: Dataset["task"]): void {
  if (task === "regression" && (metric === "mcc" || metric === "accuracy")) {
    throw new OptionError(`--metric ${metric} needs classes, but the target is numeric (use r2 or loss)`);
  }
  if (task === "classification" && metric === "r2") {
    throw new OptionError(`--metric r2 is for numeric targets; this target has classes (use mcc, accuracy or loss)`);
  }
}

/** Whether a larger value of the metric is better (all but the loss). */
export function higherIsBetter(metric: StudyMetric): boolean {
  return metric !== "loss";
}
