/**
 * W6, a custom loss through `train()`: W2's MLP (784-256-10, ReLU, Adam lr 1e-3, batch 128,
 * Glorot-uniform weights, zero biases) trained on label-smoothed cross-entropy (ε = 0.1) written
 * with tensor ops, as a user passes it: `train(model, data, { loss: (outputs, targets) => … })`.
 * Timed like W2 (one epoch, or `budgetSeconds` of it; not the test pass).
 */
import { autodiff, training, Rng, makeOptimizer, type Tensor } from "../../src/index.node.js";
import { now } from "../stats.js";
import { coreUse, type FashionData } from "./w2-mlp.js";

const { eq, logSoftmax, tensor } = autodiff;
const EPS = 0.1;
const K = 10;
const CLASSES = tensor([Array.from({ length: K }, (_, c) => c)], { dtype: "float32" }); // [1, K]

/** Label-smoothed cross-entropy: the one-hot target mixed with the uniform distribution, ε = 0.1. */
export function smoothedCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  const oneHot = eq(targets.reshape([targets.shape[0]!, 1]), CLASSES);
  return logSoftmax(logits, 1).mul(oneHot.mul(1 - EPS).add(EPS / K)).sum(1).mean().neg();
}

function trainFor(data: FashionData["train"], hidden: number, batch: number, budgetSeconds: number | undefined, seed: number) {
  const spec = training.specFor({ kind: "mlp", hidden: [hidden], activation: "relu" }, data.d, "classification", K);
  const model = training.createModel(spec, "glorot-uniform", new Rng(seed));
  const stop = new AbortController();
  let samples = 0;
  const t0 = now();
  const result = training.train(model, data, {
    epochs: 1, batchSize: batch, optimizer: makeOptimizer("adam", { lr: 1e-3 }), seed, trainEvaluation: "running", interrupt: stop.signal,
    loss: smoothedCrossEntropy,
    callbacks: {
      onBatchEnd: (info) => {
        samples += Math.min(batch, data.n - (info.batch - 1) * batch);
        if (budgetSeconds !== undefined && now() - t0 > budgetSeconds * 1000) stop.abort();
      },
    },
  });
  if (result.stop.kind === "non-finite") throw new Error(`W6 stopped: ${result.stop.message}`);
  return { model, ms: now() - t0, samples, parallelism: result.parallelism };
}

/** Samples per second over one (possibly cut) epoch, and test accuracy after a whole epoch. */
export function w6SmoothedLoss(fashion: FashionData, o: { hidden: number; batch: number; evalTest: boolean; budgetSeconds?: number }): Record<string, number> {
  trainFor(fashion.train, o.hidden, o.batch, 0.3, 7); // warm the JIT
  const run = trainFor(fashion.train, o.hidden, o.batch, o.budgetSeconds, 1);
  const metrics: Record<string, number> = {
    samples_per_s: (run.samples * 1000) / run.ms,
    ms_per_batch: (run.ms * o.batch) / run.samples,
    samples: run.samples,
    ...coreUse(run.parallelism),
  };
  if (o.evalTest && run.samples === fashion.train.n) metrics.test_acc = training.evaluate(run.model, fashion.test).metric;
  return metrics;
}
