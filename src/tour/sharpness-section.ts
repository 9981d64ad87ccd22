/**
 * Curvature while a model trains: full-batch gradient descent on a small tanh network (iris), with
 * the sharpness (top Hessian eigenvalue of the training loss) measured every few epochs beside
 * 2/η. It rises to 2/η and hovers there while the loss keeps falling, not monotonically: the "edge
 * of stability" (Cohen et al., 2021). The paragraphs quote the run's own numbers.
 */
import { prepareRun, train } from "../train/index.node.js";
import type { EpochRecord } from "../train/types.js";
import type { TourSection } from "./story.js";

const LR = 2.2;
const EPOCHS = 200;
const EVERY = 5;
const num = (v: number, digits = 3): string => String(+v.toPrecision(digits));

export function sharpnessSection(): TourSection {
  const run = prepareRun({ data: "iris", model: "mlp:32:tanh", optimizer: `sgd:lr=${LR}`, batchSize: "full", epochs: EPOCHS, testSplit: 0.2, seed: 1 });
  const result = train(run.model, run.train, {
    epochs: EPOCHS, batchSize: "full", optimizer: run.optimizer, loss: run.loss, seed: 1, sharpnessEvery: EVERY, ...(run.test ? { test: run.test } : {}),
  });
  const history: EpochRecord[] = result.history;
  const measured = history.filter((e) => e.sharpness !== undefined);
  const late = measured.filter((e) => e.epoch > EPOCHS / 2).map((e) => e.sharpness!);
  const rises = history.filter((e, i) => i > 0 && e.trainLoss > history[i - 1]!.trainLoss).length;
  const first = history[0]!;
  const last = history[history.length - 1]!;
  const edge = 2 / LR;
  return {
    id: "edge-of-stability",
    heading: "Curvature while training: the edge of stability",
    paragraphs: [
      `The same limit holds for a network's weights: gradient descent with learning rate η is stable along a direction only while the loss's curvature there, an eigenvalue of its Hessian, stays below 2/η. The largest eigenvalue is the sharpness. descent estimates it by power iteration over Hessian-vector products (second-order autodiff; the Hessian of the ${countWeights(run.model.params)} weights is never formed).`,
      `A tanh network with 32 hidden units trains on iris (${run.train.n} rows) by full-batch gradient descent with η = ${LR}, so 2/η = ${num(edge)}. At epoch ${measured[0]!.epoch} the sharpness was ${num(measured[0]!.sharpness!)}, far above 2/η, and the loss spiked (to ${num(Math.max(...history.slice(0, 10).map((e) => e.trainLoss)))}); that instability itself pushed the sharpness down. Over the second half of the run it oscillates around 2/η, between ${num(Math.min(...late))} and ${num(Math.max(...late))}, and ends at ${num(measured[measured.length - 1]!.sharpness!)}.`,
      `Meanwhile the loss keeps falling, from ${num(first.trainLoss)} after the first epoch to ${num(last.trainLoss)} after ${EPOCHS}, but not monotonically: it rose in ${rises} of the ${EPOCHS - 1} epoch-to-epoch steps. Classical analysis says a rate above 2/sharpness diverges; in practice training regulates its own curvature and stays on that edge (Cohen et al., 2021, "Gradient descent on neural networks typically occurs at the edge of stability").`,
      `Try it: \`descent train --data iris --model mlp:32:tanh --batch-size full --optimizer sgd:lr=${LR} --epochs ${EPOCHS} --sharpness-every ${EVERY} --plot eos.svg\`.`,
    ],
    exhibits: [{ kind: "sharpness", dataset: "iris", history, lr: LR }],
  };
}

function countWeights(params: Record<string, Float32Array>): number {
  return Object.values(params).reduce((s, p) => s + p.length, 0);
}
