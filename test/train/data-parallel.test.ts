/** Data-parallel gradients over worker threads: the one-thread gradient to float32 rounding, and a run that trains. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadDataset } from "../../src/data/index.node.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { makeDataParallelGradient, shareRanges } from "../../src/train/data-parallel.node.js";
import { createModel, makeBatchGradient, specFor, train, type LossName } from "../../src/train/index.js";

test("shares cover the batch in order, as evenly as possible", () => {
  assert.deepEqual(shareRanges(7, 3), [[0, 3], [3, 5], [5, 7]]);
  assert.deepEqual(shareRanges(2, 2), [[0, 1], [1, 2]]);
});

for (const weights of [undefined, Float32Array.of(0.5, 4, 1.5)]) test(`two workers give the one-thread gradient and loss to float32 rounding, and their outputs in row order${weights ? ", with class weights" : ""}`, () => {
  const data = loadDataset("wine");
  const spec = specFor({ kind: "mlp", hidden: [16], activation: "tanh" }, data.d, "classification", 3);
  const model = createModel(spec, "glorot-uniform", new Rng(2));
  // Rows 40–76 hold two classes, so weights change the loss.
  const x = data.features.subarray(40 * data.d, 77 * data.d);
  const y = data.targets.subarray(40, 77);
  const one = makeBatchGradient(spec, "cross-entropy", weights)(model.params, x, y);
  if (weights) assert.notEqual(one.loss, makeBatchGradient(spec, "cross-entropy")(model.params, x, y).loss);
  const expected = { loss: one.loss, outputs: Float32Array.from(one.outputs), grads: Object.fromEntries(Object.entries(one.grads).map(([k, v]) => [k, Float32Array.from(v)])) };
  const dp = makeDataParallelGradient(spec, "cross-entropy", model.params, 2, 64, weights);
  try {
    const two = dp(model.params, x, y);
    assert.ok(Math.abs(two.loss - expected.loss) <= 1e-6 * Math.abs(expected.loss), `loss ${two.loss} against ${expected.loss}`);
    assert.deepEqual(two.outputs, expected.outputs); // each row's forward pass is the same arithmetic
    for (const [name, g] of Object.entries(expected.grads)) {
      let diff = 0, scale = 0;
      for (let i = 0; i < g.length; i++) {
        diff = Math.max(diff, Math.abs(two.grads[name]![i]! - g[i]!));
        scale = Math.max(scale, Math.abs(g[i]!));
      }
      assert.ok(diff <= 1e-5 * scale, `${name}: ${diff} against ${scale}`);
    }
  } finally {
    dp.close();
  }
});

test("the trainer takes a data-parallel gradient, with class weights: the loss falls and the run is repeatable", () => {
  const data = loadDataset("iris");
  const runOnce = () => {
    const spec = specFor({ kind: "mlp", hidden: [8], activation: "relu" }, data.d, "classification", 3);
    const model = createModel(spec, "glorot-uniform", new Rng(1));
    const r = train(model, data, {
      epochs: 5, batchSize: 16, optimizer: makeOptimizer("adam", { lr: 0.05 }), classWeights: Float32Array.of(1, 2, 0.5),
      makeGradient: (s, l, p, b, c) => makeDataParallelGradient(s, l as LossName, p, 2, b, c),
    });
    return r.history.map((e) => e.trainLoss);
  };
  const losses = runOnce();
  assert.ok(losses[4]! < losses[0]!, losses.join(" → "));
  assert.deepEqual(runOnce(), losses);
});
