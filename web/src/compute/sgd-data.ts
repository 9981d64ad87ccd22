/**
 * What the SGD experiment trains on: the bundled breast-cancer data, or the user's CSV file read
 * by the library's reader (`csv-table.ts`, shared with the network view), split into training and
 * held-out rows and standardized with the training rows' statistics; plus the points to draw in
 * the two chosen columns, in the file's own units. Pure (no DOM).
 */
import { fitStandardizer, trainTestSplit, type Dataset } from "../lib.js";
import { parseBreastCancer, type TabularData } from "./breast-cancer.js";
import { drawableInputs, sourceColumns, tableFrom, type CsvInput } from "./csv-table.js";

export interface SgdInput {
  train: TabularData;
  test: TabularData | null;
  /** The feature columns drawn across and up. */
  drawn: [number, number];
  /** Class names, index 0 and 1 (the targets are 0 or 1). */
  classes: [string, string];
  /** For the CSV pickers: source columns, drawable columns and the target. */
  columns: { features: string[]; drawable: string[]; target: string } | null;
}

/** The points of the boundary chart, in the drawn columns' own units. */
export interface SgdPlot {
  xs: number[];
  ys: number[];
  labels: number[];
  xName: string;
  yName: string;
  classes: [string, string];
  /** Mean and standard deviation of the drawn columns (z = (x − mean) / std). */
  mean: [number, number];
  std: [number, number];
  /** Rows in the data (the points drawn may be a sample of them). */
  rows: number;
}

/** The chart draws at most this many points (an even sample of larger files). */
const MAX_POINTS = 2000;

export function builtinInput(choice: "two-feature" | "breast-cancer", text: string): SgdInput {
  const train = parseBreastCancer(text, choice === "two-feature" ? [0, 1] : undefined);
  return { train, test: null, drawn: [0, 1], classes: ["malignant", "benign"], columns: null };
}

/** Standardizes a part with the given statistics (one-hot columns keep mean 0, std 1 from the fit). */
function standardized(ds: Dataset, mean: Float64Array, std: Float64Array): TabularData {
  const x = new Float64Array(ds.n * ds.d);
  for (let i = 0; i < ds.n; i++) for (let j = 0; j < ds.d; j++) x[i * ds.d + j] = (ds.features[i * ds.d + j]! - mean[j]!) / std[j]!;
  return { x, y: Float64Array.from(ds.targets), n: ds.n, d: ds.d, featureNames: ds.featureNames, mean: Array.from(mean), std: Array.from(std) };
}

/**
 * The user's file: a two-class target is required (the model is logistic regression); `ratio`
 * percent of the rows train, the rest are held out, split by the seed (stratified, as the CLI).
 */
export function csvInput(csv: CsvInput, ratio: number, seed: number): SgdInput {
  const table = tableFrom(csv);
  const data = table.data;
  if (data.task !== "classification" || data.classes?.length !== 2) {
    const what = data.task === "classification" ? `${data.classes?.length ?? 0} classes` : "numbers";
    throw new Error(`${csv.name}: the target "${data.targetName}" holds ${what}; this view fits logistic regression, which needs a target with two classes (choose another target, or use the network view)`);
  }
  const split = trainTestSplit(data, { testFraction: 1 - ratio / 100, seed });
  const { mean, std } = fitStandardizer(split.train);
  return {
    train: standardized(split.train, mean, std),
    test: standardized(split.test, mean, std),
    drawn: [table.xColumn, table.yColumn],
    classes: [data.classes[0]!, data.classes[1]!],
    columns: { features: sourceColumns(data), drawable: drawableInputs(data), target: data.targetName },
  };
}

/** The training rows in the drawn columns, in original units (an even sample past MAX_POINTS). */
export function plotOf(input: SgdInput): SgdPlot {
  const { train, drawn } = input;
  const [a, b] = drawn;
  const every = Math.max(1, Math.ceil(train.n / MAX_POINTS));
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < train.n; i += every) {
    xs.push(train.x[i * train.d + a]! * train.std[a]! + train.mean[a]!);
    ys.push(train.x[i * train.d + b]! * train.std[b]! + train.mean[b]!);
    labels.push(train.y[i]!);
  }
  return {
    xs, ys, labels,
    xName: train.featureNames[a]!, yName: train.featureNames[b]!,
    classes: input.classes,
    mean: [train.mean[a]!, train.mean[b]!], std: [train.std[a]!, train.std[b]!],
    rows: train.n,
  };
}
