import { OptionError } from "../errors.js";
import { Rng } from "../random.js";
import { subset, type Dataset } from "./dataset.js";
import { count } from "../util/plural.js";

export interface SplitOptions {
  /** Share of rows in the test set, in (0, 1). Default 0.2. */
  testFraction?: number;
  /** Seed for `Rng`. Default 1. */
  seed?: number;
  /** What the held-out part is called in messages: "test" (default) or "validation". */
  part?: "test" | "validation";
  /** Keep class proportions in both parts. Default: true for classification (ignored for regression). */
  stratify?: boolean;
}

export interface Split {
  train: Dataset;
  test: Dataset;
  /** Row indices into the original dataset, in the order of the parts' rows. */
  trainIndices: Uint32Array;
  testIndices: Uint32Array;
}

/**
 * Splits rows into train and test parts, deterministically for a seed. The test set has
 * round(n × testFraction) rows; when stratified, each class gives its share, with the rounding
 * remainders going to the classes with the largest fractional parts (as scikit-learn does).
 */
export function trainTestSplit(ds: Dataset, options: SplitOptions = {}): Split {
  const testFraction = options.testFraction ?? 0.2;
  const part = options.part ?? "test";
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new OptionError(`the ${part} share must be between 0 and 1 (exclusive), got ${testFraction}`);
  }
  const nTest = Math.round(ds.n * testFraction);
  if (nTest === 0 || nTest === ds.n) {
    throw new OptionError(`a ${part} share of ${testFraction} of ${count(ds.n, "row")} leaves ${nTest === 0 ? `no ${part} rows` : "no training rows"}; use a larger share or more rows`);
  }
  const rng = new Rng(options.seed ?? 1);
  const stratify = (options.stratify ?? true) && ds.task === "classification";
  const order = rng.permutation(ds.n);
  let testIndices: Uint32Array;
  let trainIndices: Uint32Array;
  if (!stratify) {
    testIndices = order.slice(0, nTest);
    trainIndices = order.slice(nTest);
  } else {
    ({ testIndices, trainIndices } = stratifiedIndices(ds, order, nTest));
    rng.shuffle(testIndices);
    rng.shuffle(trainIndices);
  }
  return {
    train: subset(ds, trainIndices, `${ds.name} (train)`),
    test: subset(ds, testIndices, `${ds.name} (test)`),
    trainIndices,
    testIndices,
  };
}

/** Takes each class's share of the test rows from the already-shuffled `order`. */
function stratifiedIndices(ds: Dataset, order: Uint32Array, nTest: number): { testIndices: Uint32Array; trainIndices: Uint32Array } {
  const k = ds.classes!.length;
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (const i of order) byClass[ds.targets[i]!]!.push(i);
  const exact = byClass.map((rows) => (rows.length * nTest) / ds.n);
  const take = exact.map(Math.floor);
  let left = nTest - take.reduce((a, b) => a + b, 0);
  // Hand out the remaining rows by largest fractional part; ties go to the lower class index.
  const byRemainder = exact.map((e, c) => ({ c, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.c - b.c);
  for (const { c } of byRemainder) {
    if (left === 0) break;
    if (take[c]! < byClass[c]!.length) {
      take[c]! += 1;
      left -= 1;
    }
  }
  const test: number[] = [];
  const train: number[] = [];
  // Element by element: spreading a class's rows into push() overflows the stack past ~100k rows.
  byClass.forEach((rows, c) => {
    for (let r = 0; r < rows.length; r++) (r < take[c]! ? test : train).push(rows[r]!);
  });
  return { testIndices: Uint32Array.from(test), trainIndices: Uint32Array.from(train) };
}
