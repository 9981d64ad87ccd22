/**
 * The SGD view's experiment: logistic regression trained three ways from the same start with
 * the same optimizer and seed: the full batch, minibatches of `batch`, and single examples.
 * Each records the full-data loss along the way (about 20 points per epoch).
 */
import { makeOptimizer } from "../../../src/optim/optimizer.js";
import { Rng } from "../../../src/random.js";
import type { PlaygroundState } from "../state.js";
import type { TabularData } from "./breast-cancer.js";
import { logisticAccuracy, logisticLoss, type LogisticParams } from "./logistic.js";
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

function trainRegime(data: TabularData, name: string, batchSize: number, state: PlaygroundState): RegimeResult {
  const [first] = optimizerChoices(state.optimizers.slice(0, 1), state.lr);
  const optimizer = makeOptimizer(first!.choice.name, first!.choice.options ?? {});
  const p: LogisticParams = { w: new Float64Array(data.d), b: new Float64Array(1) };
  const g: LogisticParams = { w: new Float64Array(data.d), b: new Float64Array(1) };
  const params = p as unknown as Record<string, Float64Array>;
  let optState = optimizer.init(params);
  const rng = new Rng(state.seed);
  const perEpoch = Math.ceil(data.n / batchSize);
  const every = Math.max(1, Math.floor(perEpoch / POINTS_PER_EPOCH));
  const epochs = [0];
  const losses = [logisticLoss(data.x, data.y, data.d, p, null)];
  let updates = 0;
  let diverged = false;
  for (let epoch = 0; epoch < state.epochs && !diverged; epoch++) {
    const order = batchSize >= data.n ? null : rng.permutation(data.n);
    for (let k = 0; k < perEpoch; k++) {
      const rows = order ? order.subarray(k * batchSize, Math.min(data.n, (k + 1) * batchSize)) : null;
      logisticLoss(data.x, data.y, data.d, p, rows, g);
      optState = optimizer.step(params, g as unknown as Record<string, Float64Array>, optState);
      updates++;
      if ((k + 1) % every === 0 || k === perEpoch - 1) {
        const loss = logisticLoss(data.x, data.y, data.d, p, null);
        epochs.push(epoch + (k + 1) / perEpoch);
        losses.push(loss);
        if (!Number.isFinite(loss) || loss > 1e6) {
          diverged = true;
          break;
        }
      }
    }
  }
  return {
    name,
    batchSize,
    epochs,
    losses,
    accuracy: logisticAccuracy(data.x, data.y, data.d, p),
    params: { w: Array.from(p.w), b: p.b[0]! },
    updates,
    diverged,
  };
}

/** Full batch, minibatch (state.batch; 0 means full) and stochastic (1). */
export function computeSgd(data: TabularData, state: PlaygroundState): RegimeResult[] {
  const mini = state.batch === 0 ? data.n : Math.min(state.batch, data.n);
  return [
    trainRegime(data, `batch (${data.n})`, data.n, state),
    trainRegime(data, `minibatch (${mini})`, mini, state),
    trainRegime(data, "stochastic (1)", 1, state),
  ];
}
