/**
 * W4: logistic regression on the standardized breast-cancer data through descent's training API:
 * mean binary cross-entropy on logits, full-batch gradient descent lr 0.1, zero initial weights,
 * float32. The runner writes the standardized table once so every implementation reads the same numbers.
 */
import { readFileSync } from "node:fs";
import { makeDataset, type Dataset } from "../../src/data/index.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { createModel, evaluate, specFor, train } from "../../src/train/index.js";
import { median, timeMs } from "../stats.js";

/** The file the runner writes: n × d standardized features (row-major) and 0/1 targets. */
export interface LogisticTable {
  n: number;
  d: number;
  features: number[];
  targets: number[];
}

export function readLogisticTable(path: string): Dataset {
  const t = JSON.parse(readFileSync(path, "utf8")) as LogisticTable;
  return makeDataset({
    name: "breast-cancer (standardized)",
    features: Float32Array.from(t.features),
    n: t.n,
    d: t.d,
    featureNames: Array.from({ length: t.d }, (_, j) => `f${j}`),
    targets: Float32Array.from(t.targets),
    task: "classification",
    classes: ["0", "1"],
    targetName: "target",
  });
}

function fit(data: Dataset, epochs: number) {
  const spec = specFor({ kind: "logistic", hidden: [], activation: "identity" }, data.d, "classification", 2);
  const model = createModel(spec, "zeros", new Rng(1));
  const optimizer = makeOptimizer("sgd", { lr: 0.1 });
  // "running" scores the batch the step saw: with one full batch that is free and exact.
  const ms = timeMs(() => train(model, data, { epochs, batchSize: "full", optimizer, trainEvaluation: "running" }));
  return { model, ms };
}

/** Timed fits per process, every implementation alike: the figure is their median, since one
 * ~20 ms sample is at the mercy of this machine's noise (single fits ranged 17–29 ms). */
export const W4_TIMED_FITS = 5;

/** Milliseconds per 1000 epochs and the final training accuracy. */
export function w4Logistic(dataPath: string, epochs: number): Record<string, number> {
  const data = readLogisticTable(dataPath);
  // Warm the JIT with six whole runs: V8 keeps optimizing the training loop for about the first
  // five thousand epochs (one fresh process, successive 1000-epoch runs: 57, 50, 70, 53, 38, 41 ms),
  // and the figure is meant as the steady per-epoch cost of a long training run.
  for (let i = 0; i < 6; i++) fit(data, epochs);
  const runs = Array.from({ length: W4_TIMED_FITS }, () => fit(data, epochs));
  return { ms_per_1000_epochs: (median(runs.map((r) => r.ms)) * 1000) / epochs, train_acc: evaluate(runs.at(-1)!.model, data).metric };
}
