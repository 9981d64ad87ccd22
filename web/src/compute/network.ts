/**
 * One training run of the network view, driven batch by batch: the data set split into train and
 * test parts, an MLP (or, with no hidden layer, a linear model) built and trained by the library's
 * own trainer (`trainSteps`, the generator the CLI's `train` drives), and snapshots for drawing:
 * current losses and metrics, their history, and the model's outputs over a grid of the plane.
 * Pure (no DOM, no worker API), so it runs in the worker and in Node's tests alike.
 */
import {
  createModel, defaultLoss, evaluatePrepared, fitStandardizer, makeOptimizer, makeSchedule, parseOptimizerSpec,
  parseScheduleSpec, prepareFeatures, rawOutputs, Rng, specFor, trainSteps, trainTestSplit,
  type Activation, type Dataset, type LossName, type Model, type Params, type TrainResult,
} from "../lib.js";
import { NET_EXTENT, netDataset, type NetDataset } from "./datasets2d.js";

/** A CSV table the user picked, already read into a Dataset by the library's CSV reader. */
export interface TableSource {
  data: Dataset;
  /** The two feature columns the heat map spans (the others are held at their means). */
  xColumn: number;
  yColumn: number;
  /** What the reader reported (rows dropped, …). */
  notes: string[];
}

export interface NetworkConfig {
  dataset: NetDataset | "csv";
  noise: number;
  /** Percent of the rows used for training (the rest are the test set). */
  ratio: number;
  hidden: number[];
  activation: Activation;
  /** An optimizer spec (`adam:beta1=0.8`); `lr` applies when it names none. */
  optimizer: string;
  lr: number;
  /** A schedule spec (`cosine:t_max=2000`) or "" for a constant rate. */
  schedule: string;
  /** Rows per update; 0 = the whole training set. */
  batch: number;
  seed: number;
  table?: TableSource;
}

export interface Series {
  updates: number[];
  trainLoss: number[];
  testLoss: number[];
  trainMetric: number[];
  testMetric: number[];
}

export interface Snapshot {
  updates: number;
  /** Completed passes over the training rows plus the share of the current one. */
  epoch: number;
  metric: "accuracy" | "r2";
  trainLoss: number;
  testLoss: number;
  trainMetric: number;
  testMetric: number;
  series: Series;
  /** "diverged: …" once the loss stopped being finite (training then stops). */
  stopped: string | null;
  grid: GridOutputs;
}

/** Model outputs on a size×size grid, row 0 at the top (largest y), for the heat map. */
export interface GridOutputs {
  size: number;
  xDomain: [number, number];
  yDomain: [number, number];
  /** Per cell: class probabilities (classes values each) or the predicted value (1 each). */
  values: Float32Array;
  classes: number;
}

/** The points drawn over the heat map: two plotted coordinates and the target. */
export interface PlotPoints {
  train: Float32Array;
  test: Float32Array;
  xLabel: string;
  yLabel: string;
  classes: string[] | null;
}

/** Enough epochs that training never ends on its own; the page pauses it. */
const ENDLESS_EPOCHS = 1_000_000;
/** Curves keep at most this many points (every other one is dropped when full). */
const MAX_CURVE_POINTS = 200;

export interface NetworkRun {
  readonly model: Model;
  readonly loss: LossName;
  readonly train: Dataset;
  readonly test: Dataset;
  /** Runs up to `batches` updates, or until `budgetMs` has passed; returns how many ran. */
  advance(batches: number, budgetMs?: number): number;
  snapshot(gridSize: number): Snapshot;
  /**
   * The run as it was at the last recorded point at or before `updates` (the curves keep about
   * 200 points; the weights are kept with each), with the whole history's curves; null before any.
   */
  snapshotAt(updates: number, gridSize: number): Snapshot | null;
  points(): PlotPoints;
  readonly optimizerSpec: string;
  /** The data set's name (the CSV file's name without extension). */
  readonly name: string;
  /** The training loss at other weights (the loss landscape's probe). */
  lossAt(params: Model["params"]): number;
}

function baseData(config: NetworkConfig): Dataset {
  if (config.dataset === "csv") {
    if (!config.table) throw new Error("no CSV file has been read yet");
    return config.table.data;
  }
  return netDataset(config.dataset, config.noise, config.seed);
}

/** The optimizer with the page's learning rate unless its spec names one, and the schedule on it. */
function optimizerFor(config: NetworkConfig) {
  const spec = parseOptimizerSpec(config.optimizer);
  const options = { lr: config.lr, ...spec.options };
  const optimizer = makeOptimizer(spec.name, options);
  if (config.schedule === "") return { optimizer };
  const s = parseScheduleSpec(config.schedule);
  return { optimizer, schedule: makeSchedule(s.name, s.options, optimizer.options.lr) };
}

/** Builds a run; throws the library's DescentError (one line) for a bad optimizer, schedule or split. */
export function createNetworkRun(config: NetworkConfig): NetworkRun {
  const all = baseData(config);
  const split = trainTestSplit(all, { testFraction: 1 - config.ratio / 100, seed: config.seed });
  const train = split.train;
  const test = split.test;
  const classCount = train.classes?.length ?? 0;
  const choice = config.hidden.length === 0
    ? { kind: train.task === "regression" ? ("linear" as const) : ("softmax" as const), hidden: [], activation: "identity" as const }
    : { kind: "mlp" as const, hidden: config.hidden, activation: config.activation };
  const spec = specFor(choice, train.d, train.task, classCount);
  const model = createModel(spec, "glorot-uniform", new Rng(config.seed));
  // As the CLI does: features standardized with the training rows' statistics, kept in the model file.
  model.standardizer = fitStandardizer(train);
  model.featureNames = train.featureNames;
  // The CSV's column encodings (one-hot categories, imputation), so `descent predict` reads raw rows.
  if (train.columns) model.columns = train.columns;
  model.targetName = train.targetName;
  if (train.classes) model.classes = train.classes;
  const loss = defaultLoss(spec.head);
  const { optimizer, schedule } = optimizerFor(config);
  const batchSize = config.batch === 0 ? ("full" as const) : config.batch;
  let epochsDone = 0;
  let batchInEpoch = 0;
  let batchesPerEpoch = 1;
  const steps = trainSteps(model, train, {
    epochs: ENDLESS_EPOCHS,
    batchSize,
    optimizer,
    ...(schedule ? { schedule } : {}),
    loss,
    seed: config.seed,
    // Scores are computed per snapshot below; per-epoch scoring would only repeat them.
    trainEvaluation: "running",
    callbacks: {
      onBatchEnd: ({ epoch, batch, batches }) => {
        epochsDone = epoch - 1;
        batchInEpoch = batch;
        batchesPerEpoch = batches;
      },
    },
  });
  let updates = 0;
  let finished: TrainResult | null = null;
  const xTrain = prepareFeatures(model, train.features);
  const xTest = prepareFeatures(model, test.features);
  const series: Series = { updates: [], trainLoss: [], testLoss: [], trainMetric: [], testMetric: [] };
  /** The weights and epoch at each point of `series` (thinned with it), for the scrubber. */
  let kept: { epoch: number; params: Params }[] = [];

  const advance = (batches: number, budgetMs = Infinity): number => {
    const started = performance.now();
    let ran = 0;
    while (ran < batches && finished === null) {
      const r = steps.next();
      if (r.done) {
        finished = r.value;
        break;
      }
      ran += 1;
      updates += 1;
      if ((ran & 15) === 0 && performance.now() - started >= budgetMs) break;
    }
    return ran;
  };

  const record = (s: Omit<Snapshot, "series" | "grid" | "stopped" | "metric">) => {
    const last = series.updates[series.updates.length - 1];
    if (last === s.updates) return;
    if (series.updates.length >= MAX_CURVE_POINTS) {
      for (const key of Object.keys(series) as (keyof Series)[]) series[key] = series[key].filter((_, i) => i % 2 === 0);
      kept = kept.filter((_, i) => i % 2 === 0);
    }
    kept.push({ epoch: s.epoch, params: Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, new Float32Array(v)])) });
    series.updates.push(s.updates);
    series.trainLoss.push(s.trainLoss);
    series.testLoss.push(s.testLoss);
    series.trainMetric.push(s.trainMetric);
    series.testMetric.push(s.testMetric);
  };

  const gridOutputs = (size: number, params: Params = model.params): GridOutputs => {
    const table = config.table;
    const xi = table?.xColumn ?? 0;
    const yi = table?.yColumn ?? 1;
    const xDomain = table ? columnRange(all, xi) : ([-NET_EXTENT, NET_EXTENT] as [number, number]);
    const yDomain = table ? columnRange(all, yi) : ([-NET_EXTENT, NET_EXTENT] as [number, number]);
    const d = train.d;
    // Columns not drawn are held at their training means.
    const base = model.standardizer!.mean;
    const rows = new Float32Array(size * size * d);
    for (let r = 0; r < size; r++) {
      const y = yDomain[1] - ((r + 0.5) / size) * (yDomain[1] - yDomain[0]);
      for (let c = 0; c < size; c++) {
        const x = xDomain[0] + ((c + 0.5) / size) * (xDomain[1] - xDomain[0]);
        const o = (r * size + c) * d;
        for (let j = 0; j < d; j++) rows[o + j] = base[j]!;
        rows[o + xi] = x;
        rows[o + yi] = y;
      }
    }
    const out = rawOutputs(model.spec, params, prepareFeatures(model, rows));
    return { size, xDomain, yDomain, values: toProbabilities(out, model.spec.head, model.spec.outputs), classes: model.spec.head === "identity" ? 1 : classCount };
  };

  return {
    model,
    loss,
    train,
    test,
    optimizerSpec: config.optimizer,
    name: all.name,
    lossAt: (params) => evaluatePrepared(model.spec, params, xTrain, train.targets, loss).loss,
    advance,
    snapshot(gridSize) {
      const tr = evaluatePrepared(model.spec, model.params, xTrain, train.targets, loss);
      const te = evaluatePrepared(model.spec, model.params, xTest, test.targets, loss);
      const epoch = epochsDone + batchInEpoch / batchesPerEpoch;
      const core = { updates, epoch: updates === 0 ? 0 : epoch, trainLoss: tr.loss, testLoss: te.loss, trainMetric: tr.metric, testMetric: te.metric };
      if (Number.isFinite(tr.loss)) record(core);
      const f = finished as TrainResult | null;
      const stopped = f && f.stop.kind === "non-finite" ? `diverged: ${f.stop.message}` : null;
      return { ...core, metric: train.task === "regression" ? "r2" : "accuracy", series: cloneSeries(series), stopped, grid: gridOutputs(gridSize) };
    },
    snapshotAt(at, gridSize) {
      let i = -1;
      while (i + 1 < series.updates.length && series.updates[i + 1]! <= at) i++;
      if (i < 0) return null;
      const f = finished as TrainResult | null;
      return {
        updates: series.updates[i]!, epoch: kept[i]!.epoch,
        trainLoss: series.trainLoss[i]!, testLoss: series.testLoss[i]!, trainMetric: series.trainMetric[i]!, testMetric: series.testMetric[i]!,
        metric: train.task === "regression" ? "r2" : "accuracy", series: cloneSeries(series),
        stopped: f && f.stop.kind === "non-finite" ? `diverged: ${f.stop.message}` : null,
        grid: gridOutputs(gridSize, kept[i]!.params),
      };
    },
    points() {
      const xi = config.table?.xColumn ?? 0;
      const yi = config.table?.yColumn ?? 1;
      return {
        train: plotted(train, xi, yi),
        test: plotted(test, xi, yi),
        xLabel: train.featureNames[xi] ?? "x1",
        yLabel: train.featureNames[yi] ?? "x2",
        classes: train.classes ?? null,
      };
    },
  };
}

function cloneSeries(s: Series): Series {
  return { updates: [...s.updates], trainLoss: [...s.trainLoss], testLoss: [...s.testLoss], trainMetric: [...s.trainMetric], testMetric: [...s.testMetric] };
}

/** Rows as (x, y, target) triples. */
function plotted(ds: Dataset, xi: number, yi: number): Float32Array {
  const out = new Float32Array(ds.n * 3);
  for (let i = 0; i < ds.n; i++) {
    out[3 * i] = ds.features[i * ds.d + xi]!;
    out[3 * i + 1] = ds.features[i * ds.d + yi]!;
    out[3 * i + 2] = ds.targets[i]!;
  }
  return out;
}

/** A column's range with 5 % margin on each side. */
function columnRange(ds: Dataset, j: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < ds.n; i++) {
    const v = ds.features[i * ds.d + j]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return [lo - 1, hi + 1];
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** Logits → class probabilities (a sigmoid head gives P(0), P(1)); values pass through. */
function toProbabilities(out: Float32Array, head: "identity" | "sigmoid" | "softmax", k: number): Float32Array {
  if (head === "identity") return out;
  if (head === "sigmoid") {
    const p = new Float32Array(out.length * 2);
    for (let i = 0; i < out.length; i++) {
      const one = 1 / (1 + Math.exp(-out[i]!));
      p[2 * i] = 1 - one;
      p[2 * i + 1] = one;
    }
    return p;
  }
  const p = new Float32Array(out.length);
  for (let i = 0; i < out.length; i += k) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, out[i + j]!);
    let s = 0;
    for (let j = 0; j < k; j++) s += (p[i + j] = Math.exp(out[i + j]! - m));
    for (let j = 0; j < k; j++) p[i + j] = p[i + j]! / s;
  }
  return p;
}
