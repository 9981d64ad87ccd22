/**
 * The article's "Stochastic gradient descent": the same logistic regression on breast-cancer,
 * trained with plain gradient descent (same η, epochs and seed) using the whole training set per
 * update, minibatches of 32, or single rows. The paragraphs quote the runs' own numbers.
 */
import { prepareRun, train, type TrainingConfig } from "../train/index.node.js";
import type { TourSection, TrainingRun } from "./story.js";

const EPOCHS = 30;
const num = (v: number, digits: number): string => String(+v.toPrecision(digits));
const MODES: { label: string; batchSize: number | "full" }[] = [
  { label: "batch (all rows)", batchSize: "full" },
  { label: "minibatch of 32", batchSize: 32 },
  { label: "stochastic (1 row)", batchSize: 1 },
];

/** Trains the three runs; a few seconds in all (the stochastic run makes ~14 000 updates). */
export function sgdRuns(epochs = EPOCHS): TrainingRun[] {
  return MODES.map(({ label, batchSize }) => {
    const config: TrainingConfig = { data: "breast-cancer", model: "logistic", optimizer: "sgd:lr=0.1", batchSize, epochs, testSplit: 0.2, seed: 1 };
    const run = prepareRun(config);
    const result = train(run.model, run.train, { epochs, batchSize, optimizer: run.optimizer, loss: run.loss, seed: 1, test: run.test, trainEvaluation: "full" });
    return { label, batchSize: result.batchSize, updates: result.state.updates, history: { metric: result.metric, history: result.history } };
  });
}

export function sgdSection(): TourSection {
  const runs = sgdRuns();
  const [batch, mini, single] = runs as [TrainingRun, TrainingRun, TrainingRun];
  const last = (r: TrainingRun) => r.history.history[r.history.history.length - 1]!;
  const pct = (v: number) => `${num(100 * v, 3)} %`;
  const rows = batch.batchSize;
  return {
    id: "stochastic-gradient-descent",
    heading: "Batch, minibatch and stochastic gradient descent",
    paragraphs: [
      `A logistic regression learns to tell malignant from benign tumours (breast-cancer, ${rows} training rows, 30 features) with plain gradient descent, η = 0.1, for ${EPOCHS} epochs from the same seed. Only the number of rows behind each update changes.`,
      `Batch gradient descent computes the exact gradient over all ${rows} rows, so each update is costly and there is one per epoch: ${batch.updates} in all. Its loss falls smoothly but slowly, to ${num(last(batch).trainLoss, 3)}.`,
      `Minibatches of 32 estimate the gradient from a random sample, reshuffled every epoch. Each estimate is noisy, but it costs 1/${Math.round(rows / 32)} of a full pass, so the same epochs buy ${mini.updates} updates and the loss reaches ${num(last(mini).trainLoss, 3)}.`,
      `Stochastic gradient descent (one row per update) is the extreme: ${single.updates} cheap, very noisy updates, reaching a train loss of ${num(last(single).trainLoss, 3)}. With a constant η the noise never dies out, so the weights keep moving around the minimum rather than settling on it; and per row it is the slowest to compute, because one-row products leave the matrix kernels nothing to share.`,
      `On held-out rows the three reach ${pct(last(batch).testMetric)}, ${pct(last(mini).testMetric)} and ${pct(last(single).testMetric)} accuracy. The article's point is the trade-off: noisier, cheaper updates make more progress per pass over the data, and the noise can act as a regulariser; larger batches give steadier steps that parallel hardware computes efficiently. The batch size is a hyperparameter to tune.`,
    ],
    exhibits: [{ kind: "training", dataset: "breast-cancer", runs }],
  };
}
