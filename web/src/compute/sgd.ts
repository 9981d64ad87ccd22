/**
 * The SGD view's experiment: logistic regression trained three ways by the library's own trainer
 * (`src/train`), from the same start with the same optimizer and seed: the full batch, minibatches
 * of `batch`, and single examples. Each records the full-data loss along the way (about 20 points
 * per epoch) and the decision boundary in the two drawn columns at the same points, so a replay
 * can show the boundary moving. Pure (no DOM): it runs in the SGD worker and in Node's tests.
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

/** The settings the experiment depends on. */
export type SgdSettings = Pick<PlaygroundState, "lr" | "optimizers" | "batch" | "epochs" | "seed">;

export interface RegimeResult {
  name: string;
  batchSize: number;
  /** Epoch (fractional) at each recorded point, and the full-data loss there. */
  epochs: number[];
  losses: number[];
  /** Accuracy on the training rows, and on the held-out rows (null without any). */
  accuracy: number;
  heldOut: number | null;
  params: { w: number[]; b: number };
  /**
   * At each recorded point, the boundary in the two drawn (standardized) columns with the other
   * features at their means: [w_x, w_y, b], the line w_x·z_x + w_y·z_y + b = 0.
   */
  boundary: [number, number, number][];
  updates: number;
  diverged: boolean;
}

export interface SgdOptions {
  /** The two feature columns the boundary is drawn in (default the first two). */
  drawn?: readonly [number, number];
  /** Held-out rows, standardized with the training rows' statistics. */
  test?: TabularData;
}

export const POINTS_PER_EPOCH = 20;

export function asDataset(data: TabularData, name = "breast-cancer", classes: readonly string[] = ["malignant", "benign"]): Dataset {
  return makeDataset({
    name,
    features: Float32Array.from(data.x),
    n: data.n,
    d: data.d,
    featureNames: data.featureNames,
    targets: Float32Array.from(data.y),
    task: "classification",
    classes: [...classes],
    targetName: "diagnosis",
  });
}

function trainRegime(ds: Dataset, test: Dataset | null, name: string, batchSize: number, state: SgdSettings, drawn: readonly [number, number]): RegimeResult {
  const [first] = optimizerChoices(state.optimizers.slice(0, 1), state.lr);
  const optimizer = makeOptimizer(first!.choice.name, first!.choice.options ?? {});
  const model: Model = createModel(specFor({ kind: "logistic", hidden: [], activation: "identity" }, ds.d, "classification", 2), "zeros", new Rng(state.seed));
  const fullLoss = () => evaluatePrepared(model.spec, model.params, ds.features, ds.targets, "bce");
  const weights = model.params["dense0.weight"]!;
  const bias = model.params["dense0.bias"]!;
  const line = (): [number, number, number] => [weights[drawn[0]] ?? 0, weights[drawn[1]] ?? 0, bias[0]!];
  const perEpoch = Math.ceil(ds.n / batchSize);
  const every = Math.max(1, Math.floor(perEpoch / POINTS_PER_EPOCH));
  const epochs = [0];
  const losses = [fullLoss().loss];
  const boundary = [line()];
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
          boundary.push(line());
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
    heldOut: test ? evaluatePrepared(model.spec, model.params, test.features, test.targets, "bce").metric : null,
    params: { w: Array.from(weights), b: bias[0]! },
    boundary,
    updates: result.state.updates,
    diverged: result.stop.kind === "non-finite" || !(last <= 1e6),
  };
}

/** Full batch, minibatch (state.batch; 0 means full) and stochastic (1). */
export function computeSgd(data: TabularData, state: SgdSettings, options: SgdOptions = {}): RegimeResult[] {
  const ds = asDataset(data);
  const test = options.test ? asDataset(options.test) : null;
  const drawn = options.drawn ?? [0, Math.min(1, data.d - 1)];
  const mini = state.batch === 0 ? data.n : Math.min(state.batch, data.n);
  return [
    trainRegime(ds, test, `batch (${data.n})`, data.n, state, drawn),
    trainRegime(ds, test, `minibatch (${mini})`, mini, state, drawn),
    trainRegime(ds, test, "stochastic (1)", 1, state, drawn),
  ];
}

/** The index of the last record at or before `epoch` (records are in epoch order). */
export function recordAt(r: Pick<RegimeResult, "epochs">, epoch: number): number {
  let k = 0;
  while (k + 1 < r.epochs.length && r.epochs[k + 1]! <= epoch + 1e-9) k++;
  return k;
}
