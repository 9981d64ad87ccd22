import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataError } from "../errors.js";
import { readTable } from "./reader.js";
import { cellText } from "./table.js";
import { csvToDataset, type CsvDatasetOptions } from "./csv-dataset.js";
import { makeDataset, type Dataset, type Task } from "./dataset.js";
import { readText } from "./read-file.node.js";

/**
 * The bundled datasets folder at the package root. Resolved from this module's URL, so it is the
 * same folder from src/data/ (tsx) and from dist/data/ (compiled): both are two levels below it.
 */
export function bundledDataDir(): string {
  return fileURLToPath(new URL("../../data/", import.meta.url));
}

/** A row of `listDatasets()`. */
export interface DatasetInfo {
  name: string;
  rows: number;
  features: number;
  task: Task;
  /** One line saying what the data are. */
  description: string;
  /** The .rst file with the full description and references, in the data folder. */
  descriptionFile: string;
}

const BREAST_CANCER_BASE = [
  "radius", "texture", "perimeter", "area", "smoothness",
  "compactness", "concavity", "concave points", "symmetry", "fractal dimension",
];

/** scikit-learn's feature names (breast_cancer.rst lists the 30 as mean / error / worst of 10). */
const BREAST_CANCER_FEATURES = [
  ...BREAST_CANCER_BASE.map((f) => `mean ${f}`),
  ...BREAST_CANCER_BASE.map((f) => `${f} error`),
  ...BREAST_CANCER_BASE.map((f) => `worst ${f}`),
];
const IRIS_FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];
const WINE_FEATURES = [
  "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
  "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline",
];
const DIGITS_FEATURES = Array.from({ length: 64 }, (_, k) => `pixel_${Math.floor(k / 8)}_${k % 8}`);
const DIABETES_FEATURES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

interface BundledEntry extends DatasetInfo {
  load(dir: string): Dataset;
}

const BUNDLED: readonly BundledEntry[] = [
  {
    name: "breast-cancer", rows: 569, features: 30, task: "classification",
    description: "Breast cancer Wisconsin (diagnostic): 30 cell-nucleus measurements; 0 = malignant, 1 = benign",
    descriptionFile: "breast_cancer.rst",
    load: (dir) => sklearnCsv(dir, "breast_cancer.csv", "breast-cancer", BREAST_CANCER_FEATURES, "diagnosis"),
  },
  {
    name: "iris", rows: 150, features: 4, task: "classification",
    description: "Fisher's iris: sepal and petal sizes of 3 iris species",
    descriptionFile: "iris.rst",
    load: (dir) => sklearnCsv(dir, "iris.csv", "iris", IRIS_FEATURES, "species"),
  },
  {
    name: "wine", rows: 178, features: 13, task: "classification",
    description: "Wine recognition: 13 chemical measurements of wines from 3 cultivars",
    descriptionFile: "wine_data.rst",
    load: (dir) => sklearnCsv(dir, "wine_data.csv", "wine", WINE_FEATURES, "cultivar"),
  },
  {
    name: "digits", rows: 1797, features: 64, task: "classification",
    description: "Optical recognition of handwritten digits: 8×8 images, pixel values 0-16, digits 0-9",
    descriptionFile: "digits.rst",
    load: (dir) => sklearnCsv(dir, "digits.csv.gz", "digits", DIGITS_FEATURES, "digit", {
      header: false, classes: Array.from({ length: 10 }, (_, k) => String(k)),
    }),
  },
  {
    name: "diabetes", rows: 442, features: 10, task: "regression",
    description: "Diabetes: 10 baseline variables (unscaled) and disease progression one year later",
    descriptionFile: "diabetes.rst",
    load: loadDiabetes,
  },
];

/** The bundled datasets with their sizes, tasks and one-line descriptions. */
export function listDatasets(): DatasetInfo[] {
  return BUNDLED.map(({ load: _load, ...info }) => info);
}

/** Whether `name` is one of the bundled datasets. */
export function isBundledName(name: string): boolean {
  return BUNDLED.some((b) => b.name === name);
}

/**
 * Loads a bundled dataset: `breast-cancer`, `iris`, `wine`, `digits` (classification) or
 * `diabetes` (regression), with scikit-learn's feature and class names.
 */
export function loadBundled(name: string): Dataset {
  const entry = BUNDLED.find((b) => b.name === name);
  if (!entry) {
    throw new DataError(`no bundled dataset "${name}" (bundled: ${BUNDLED.map((b) => b.name).join(", ")})`);
  }
  return entry.load(bundledDataDir());
}

/**
 * A scikit-learn classification CSV, named with scikit-learn's feature and target names. Its first
 * line is `rows,features,class names…`, except digits, which has no header and passes its classes.
 */
function sklearnCsv(
  dir: string, file: string, name: string, featureNames: string[], targetName: string,
  reading: Pick<CsvDatasetOptions, "header" | "classes"> = {},
): Dataset {
  const path = join(dir, file);
  const ds = csvToDataset(readText(path), { source: path, name, task: "classification", ...reading });
  const { columns: _c, notes: _n, ...rest } = ds;
  return makeDataset({ ...rest, featureNames, targetName });
}

/** Two whitespace-separated gzip files: 442×10 raw features, and the 442 targets. */
function loadDiabetes(dir: string): Dataset {
  const x = numericMatrix(join(dir, "diabetes_data_raw.csv.gz"));
  const y = numericMatrix(join(dir, "diabetes_target.csv.gz"));
  if (y.rows !== x.rows || y.width !== 1) {
    throw new DataError(`diabetes: ${y.rows}×${y.width} targets for ${x.rows} rows`);
  }
  return makeDataset({
    name: "diabetes", features: x.values, n: x.rows, d: x.width, featureNames: DIABETES_FEATURES,
    targets: y.values, task: "regression", targetName: "progression",
  });
}

/** A headerless file of numbers (diabetes' whitespace-separated files) through the one CSV reader. */
function numericMatrix(path: string): { rows: number; width: number; values: Float32Array } {
  const { table } = readTable(readText(path), { source: path, header: false });
  const width = table.columns.length;
  const values = new Float32Array(table.n * width);
  table.columns.forEach((col, j) => {
    for (let i = 0; i < table.n; i++) {
      if (Number.isNaN(col.values[i])) throw new DataError(`${path}: row ${table.lines[i]}, column ${j + 1}: "${cellText(col, i)}" is not a number`);
      values[i * width + j] = col.values[i]!;
    }
  });
  return { rows: table.n, width, values };
}
