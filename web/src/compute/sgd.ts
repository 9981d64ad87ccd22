/**
 * The SGD view's experiment: logistic regression trained three ways by the library's own trainer
 * (`src/train`), from the same start with the same optimizer and seed: the full batch, minibatches
 * of `batch`, and single examples. Each records the full-data loss along the way (about 20 points
 * per epoch). The view only draws these records.
 */
import { makeDataset, type Dataset } from "../../../src/data/index.js";
import { makeOptimizer } from "../../../src/optim/index.js";
import { Rng } from "../../../src/index.js";
import { createModel, specFor, type Model } from "../../../src/train/index.js";
import { evaluatePrepared } from "../../../src/train/index.js";
import { train } from "../../../src/train/index.js";
import type { PlaygroundState } from "../state.js";
import type { TabularData } from "./breast-cancer.js";
import { optimizerChoices } from "./optimizers.js";

export interface RegimeResult {
  name: string;
  batchSize: number;
  /** Epoch (fractional) at each recorded point, and the full-data loss there. */
  epochs: number[];
  losses: number[];
  accuracy: number;
  params: { w: number[]; b: number };
  updates: number;
  diverged: boolean;
}

const POINTS_PER_EPOCH = 20;

function asDataset(data: TabularData): Dataset {
  return makeDataset({
    name: "breast-cancer",
    features: Float32Array.from(data.x),
    n: data.n,
    d: data.d,
    featureNames: data.featureNames,
    targets: Float32Array.from(data.y),
    task: "classification",
    classes: ["malignant", "benign"],
    targetName: "diagnosis",
  });
}

function trainRegime(ds: Dataset, name: string, batchSize: number, state: PlaygroundState): RegimeResult {
  const [first] = optimizerChoices(state.optimizers.slice(0, 1), state.lr);
  const optimizer = makeOptimizer(first!.choice.name, first!.choice.options ?? {});
  const model: Model = createModel(specFor({ kind: "logistic", hidden: [], activation: "identity" }, ds.d, "classification", 2), "zeros", new Rng(state.seed));
  const fullLoss = () => evaluatePrepared(model.spec, model.params, ds.features, ds.targets, "bce");
  const perEpoch = Math.ceil(ds.n / batchSize);
  const every = Math.max(1, Math.floor(perEpoch / POINTS_PER_EPOCH));
  const epochs = [0];
  const losses = [fullLoss().loss];
  const result = train(model, ds, {
    epochs: state.epochs,
    batchSize,
    optimizer,
    loss: "bce",
    seed: state.seed,
    trainEvaluation: "running",
    callbacks: {
      onBatchEnd: ({ epoch, batch, batches }) => {
        if (batch % every === 0 || batch === batches) {
          epochs.push(epoch - 1 + batch / batches);
          losses.push(fullLoss().loss);
        }
      },
      // A loss past 1e6 has left any useful scale: call it diverged rather than draw it.
      onEpochEnd: () => (losses[losses.length - 1]! > 1e6 ? "stop" : undefined),
    },
  });
  const last = losses[losses.length - 1]!;
  return {
    name,
    batchSize,
    epochs,
    losses,
    accuracy: fullLoss().metric,
    params: { w: Array.from(model.params["dense0.weight"]!), b: model.params["dense0.bias"]![0]! },
    updates: result.state.updates,
    diverged: result.stop.kind === "non-finite" || !(last <= 1e6),
  };
}

/** Full batch, minibatch (state.batch; 0 means full) and stochastic (1). */
export function computeSgd(data: TabularData, state: PlaygroundState): RegimeResult[] {
  const ds = asDataset(data);
  const mini = state.batch === 0 ? data.n : Math.min(state.batch, data.n);
  return [
    trainRegime(ds, `batch (${data.n})`, data.n, state),
    trainRegime(ds, `minibatch (${mini})`, mini, state),
    trainRegime(ds, "stochastic (1)", 1, state),
  ];
}
