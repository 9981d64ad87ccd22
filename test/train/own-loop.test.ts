/**
 * A user's own loop written with the public API only (a parameter record, dense layers, the
 * built-in loss, jit(valueAndGrad), opt.step in place, batches from the data module) is train():
 * the same batches, gradients and updates give the same parameters bit for bit.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng, autodiff, data, jit, makeOptimizer, training, valueAndGrad, type Tensor } from "../../src/index.node.js";

test("an own loop over jit(valueAndGrad) and opt.step gives train()'s parameters bit for bit", () => {
  const n = 90;
  const d = 5;
  const rng = new Rng(4);
  const features = Float32Array.from({ length: n * d }, () => rng.normal());
  const targets = Float32Array.from({ length: n }, (_, i) => (features[i * d]! + features[i * d + 1]! > 0 ? 1 : 0) + (features[i * d + 2]! > 0.5 ? 1 : 0));
  const set: data.Dataset = { name: "three", features, n, d, featureNames: ["a", "b", "c", "d", "e"], targets, task: "classification", classes: ["0", "1", "2"], targetName: "y" };
  const spec = training.specFor({ kind: "mlp", hidden: [8], activation: "relu" }, d, "classification", 3);
  const seed = 3;
  const model = training.createModel(spec, "glorot-uniform", new Rng(seed));
  const start = structuredClone(model.params);
  training.train(model, set, { epochs: 2, batchSize: 16, optimizer: makeOptimizer("adam", { lr: 0.01 }), seed });

  // The same network by hand: the model's initial arrays as tensors, its layers, its loss.
  const { fromData } = autodiff;
  const shapes = training.parameterShapes(spec);
  const params: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(start)) params[k] = fromData(v.slice(), shapes[k]!);
  const forward = (p: Record<string, Tensor>, x: Tensor) => training.dense(training.dense(x, p["dense0.weight"]!, p["dense0.bias"]!).relu(), p["dense1.weight"]!, p["dense1.bias"]!);
  const step = jit(valueAndGrad((p: Record<string, Tensor>, x: Tensor, y: Tensor) => training.softmaxCrossEntropy(forward(p, x), y)));
  const opt = makeOptimizer("adam", { lr: 0.01 });
  let state = opt.init(params);
  // train() shuffles with its own stream, seeded apart from the weights.
  const order = new Rng(training.shuffleSeed(seed));
  for (let epoch = 0; epoch < 2; epoch++) {
    for (const rows of data.batchIndices(n, 16, order).batches) {
      const x = fromData(data.gatherRows(features, d, rows), [rows.length, d]);
      const { grad } = step(params, x, fromData(data.gatherValues(targets, rows), [rows.length]));
      state = opt.step(params, grad, state);
    }
  }
  for (const k of Object.keys(model.params)) {
    assert.notDeepEqual(model.params[k], start[k], `${k} trained`);
    assert.deepEqual(params[k]!.data, model.params[k], k);
  }
});
