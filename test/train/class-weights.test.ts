import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { makeDataset } from "../../src/data/index.js";
import { OptionError } from "../../src/errors.js";
import { Rng } from "../../src/random.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { createModel, evaluate, makeBatchGradient, train, type ModelSpec } from "../../src/train/index.js";
import { parseClassWeights } from "../../src/train/class-weights.js";
import { blobs } from "./helpers.js";

function labelled(targets: number[], classes: string[]) {
  return makeDataset({ name: "t", features: new Float32Array(targets.length), n: targets.length, d: 1, featureNames: ["x"], targets: Float32Array.from(targets), task: "classification", classes, targetName: "y" });
}

describe("class weights", () => {
  test("balanced is n / (classes × class rows), as scikit-learn; label=w sets named classes, others keep 1", () => {
    // 8 rows: 6 "no", 2 "yes" → no 8/(2·6), yes 8/(2·2).
    const ds = labelled([0, 0, 0, 1, 0, 0, 1, 0], ["no", "yes"]);
    assert.deepEqual(Array.from(parseClassWeights("balanced", ds)!), [Math.fround(8 / 12), 2]);
    assert.deepEqual(Array.from(parseClassWeights("yes=5.5", ds)!), [1, 5.5]);
    assert.equal(parseClassWeights("none", ds), undefined);
  });

  test("bad specs are OptionErrors naming the problem", () => {
    const ds = labelled([0, 1], ["no", "yes"]);
    assert.throws(() => parseClassWeights("maybe=2", ds), (e: unknown) => e instanceof OptionError && e.message === 'invalid --class-weight "maybe=2": no class "maybe" (classes: no, yes)');
    assert.throws(() => parseClassWeights("yes=0", ds), /the weight of "yes" must be a number > 0/);
    assert.throws(() => parseClassWeights("balance", ds), /expected balanced, none or LABEL=WEIGHT/);
    const numeric = makeDataset({ name: "r", features: new Float32Array(2), n: 2, d: 1, featureNames: ["x"], targets: Float32Array.from([1.5, 2]), task: "regression", targetName: "y" });
    assert.throws(() => parseClassWeights("balanced", numeric), /the target is numeric; class weights need a class target/);
  });

  for (const [name, spec] of [
    ["logistic + bce", { kind: "logistic", inputs: 2, hidden: [], activation: "identity", outputs: 1, head: "sigmoid" }],
    ["softmax + cross-entropy", { kind: "softmax", inputs: 2, hidden: [], activation: "identity", outputs: 3, head: "softmax" }],
  ] as const) {
    test(`${name}: a weighted batch's loss and gradient are the weighted mean of its rows' own`, () => {
      const s = spec as unknown as ModelSpec;
      const loss = s.head === "sigmoid" ? "bce" : "cross-entropy";
      const data = blobs(6);
      const y = Float32Array.from(data.targets, (c) => (s.head === "sigmoid" ? +(c > 0) : c));
      const weights = Float32Array.from([0.5, 3, 7].slice(0, s.head === "sigmoid" ? 2 : 3));
      const model = createModel(s, "glorot-uniform", new Rng(2));
      const weighted = makeBatchGradient(s, loss, weights)(model.params, data.features, y);
      const plain = makeBatchGradient(s, loss);
      let lossSum = 0;
      const sums: Record<string, number[]> = {};
      for (let i = 0; i < data.n; i++) {
        const row = plain(model.params, data.features.subarray(2 * i, 2 * i + 2), y.subarray(i, i + 1));
        const w = weights[y[i]!]!;
        lossSum += w * row.loss;
        for (const [k, g] of Object.entries(row.grads)) {
          sums[k] ??= new Array(g.length).fill(0);
          g.forEach((v, j) => (sums[k]![j]! += (w * v) / data.n));
        }
      }
      assert.ok(Math.abs(weighted.loss - lossSum / data.n) < 1e-5, `${weighted.loss} vs ${lossSum / data.n}`);
      for (const [k, want] of Object.entries(sums)) {
        Array.from(weighted.grads[k]!).forEach((v, j) => assert.ok(Math.abs(v - want[j]!) < 1e-5, `${k}[${j}]: ${v} vs ${want[j]}`));
      }
    });
  }

  test("weights with a regression loss are refused", () => {
    const s: ModelSpec = { kind: "linear", inputs: 2, hidden: [], activation: "identity", outputs: 1, head: "identity" };
    assert.throws(() => makeBatchGradient(s, "mse", Float32Array.of(1)), /class weights need a classification loss \(bce or cross-entropy\), not mse/);
  });

  test("every loss reported is unweighted: per batch, running per epoch and full per epoch", () => {
    const data = blobs(60);
    const s: ModelSpec = { kind: "softmax", inputs: 2, hidden: [], activation: "identity", outputs: 3, head: "softmax" };
    const weights = Float32Array.of(1, 6, 0.2);
    const fresh = () => createModel(s, "glorot-uniform", new Rng(4));
    const start = fresh();
    const plain = evaluate(start, data, "cross-entropy").loss;
    const descended = makeBatchGradient(s, "cross-entropy", weights)(start.params, data.features, data.targets).loss;
    assert.ok(Math.abs(descended - plain) > 0.05, "the weights change the loss descended");
    // Full batch: the first step's reported loss is the loss at the initial weights, unweighted.
    const batchLosses: number[] = [];
    train(fresh(), data, { epochs: 2, batchSize: "full", optimizer: makeOptimizer("sgd", { lr: 0.1 }), classWeights: weights, callbacks: { onBatchEnd: (b) => void batchLosses.push(b.loss) } });
    assert.ok(Math.abs(batchLosses[0]! - plain) < 1e-6, `${batchLosses[0]} vs unweighted ${plain}`);
    // The running epoch score is the rows-weighted mean of the batch losses it was trained on.
    const r = train(fresh(), data, { epochs: 1, batchSize: 7, optimizer: makeOptimizer("sgd", { lr: 0.1 }), classWeights: weights, recordStepLosses: true, trainEvaluation: "running" });
    const rows = r.stepLosses!.map((_, i) => Math.min(7, 60 - 7 * i));
    const mean = r.stepLosses!.reduce((acc, l, i) => acc + l * rows[i]!, 0) / 60;
    assert.ok(Math.abs(r.history[0]!.trainLoss - mean) < 1e-12);
    const trained = fresh();
    const full = train(trained, data, { epochs: 1, batchSize: 7, optimizer: makeOptimizer("sgd", { lr: 0.1 }), classWeights: weights });
    assert.equal(full.history[0]!.trainLoss, evaluate(trained, data, "cross-entropy").loss);
  });
});
