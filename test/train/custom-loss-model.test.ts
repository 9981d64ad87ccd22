/**
 * Custom losses and models in train(): a loss written with tensor ops and a network written as a
 * function of a parameter record run through the same compiled step as the built-in ones.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomNormal, type Tensor } from "../../src/autodiff/index.js";
import { makeDataset } from "../../src/data/index.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import {
  createModel, defineModel, evaluate, lossFunction, makeBatchGradient, makeGradientFunction, modelToJSON, oneHot, specFor, train, type CustomLoss,
} from "../../src/train/index.js";
import { blobs } from "./helpers.js";

/** Label-smoothed cross-entropy (ε of the mass spread evenly over the k classes), in tensor ops. */
const labelSmoothed = (eps: number): CustomLoss => (outputs, targets) => {
  const k = outputs.shape[1]!;
  const q = oneHot(targets, k).mul(1 - eps).add(eps / k);
  return outputs.logSoftmax(1).mul(q).sum(1).mean().neg();
};

/** 784 features (W2's input width), 10 classes, each class a noisy prototype. */
function prototypes(n: number, seed: number) {
  const rng = new Rng(seed);
  const protos = Array.from({ length: 10 }, () => Float32Array.from({ length: 784 }, () => rng.uniform(0, 1)));
  const features = new Float32Array(n * 784);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    targets[i] = c;
    for (let j = 0; j < 784; j++) features[i * 784 + j] = protos[c]![j]! + rng.normal() * 0.6;
  }
  return makeDataset({ name: "prototypes", features, n, d: 784, featureNames: Array.from({ length: 784 }, (_, j) => `p${j}`), targets, task: "classification", classes: Array.from({ length: 10 }, (_, c) => `c${c}`), targetName: "class" });
}

test("label-smoothed cross-entropy (ε = 0.1) on W2's MLP: the compiled gradient is the eager one bit for bit, and its value is the formula's", () => {
  const spec = specFor({ kind: "mlp", hidden: [256], activation: "relu" }, 784, "classification", 10);
  const model = createModel(spec, "glorot-uniform", new Rng(1));
  const data = prototypes(40, 2);
  const compiled = makeBatchGradient(spec, labelSmoothed(0.1));
  const eager = makeGradientFunction(spec, lossFunction(labelSmoothed(0.1)));
  for (const rows of [16, 16, 16, 8]) {
    const x = data.features.subarray(0, rows * 784);
    const y = data.targets.subarray(0, rows);
    const want = eager(model.params, x, y);
    const got = compiled(model.params, x, y);
    assert.ok(Object.is(got.loss, want.loss));
    for (const k of Object.keys(want.grads)) assert.deepEqual(Array.from(got.grads[k]!), Array.from(want.grads[k]!), k);
    assert.equal(compiled.inspect().compiled, true, compiled.inspect().reason ?? "");
    // The value by hand, in float64: mean over rows of −Σ_j q_j log softmax(z)_j.
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const z = Array.from(got.outputs.subarray(i * 10, i * 10 + 10));
      const mx = Math.max(...z);
      const lse = mx + Math.log(z.reduce((s, v) => s + Math.exp(v - mx), 0));
      z.forEach((v, j) => (total -= (j === y[i] ? 0.9 + 0.01 : 0.01) * (v - lse)));
    }
    assert.ok(Math.abs(got.loss - total / rows) < 1e-5, `${got.loss} vs ${total / rows}`);
    for (const p of Object.values(model.params)) for (let i = 0; i < p.length; i++) p[i] = p[i]! * 0.99;
  }
});

test("train() with a custom loss function trains W2's MLP shape on a small dataset", () => {
  const spec = specFor({ kind: "mlp", hidden: [256], activation: "relu" }, 784, "classification", 10);
  const model = createModel(spec, "glorot-uniform", new Rng(3));
  const data = prototypes(300, 4);
  const before = evaluate(model, data).metric;
  const result = train(model, data, { epochs: 3, batchSize: 64, optimizer: makeOptimizer("adam", { lr: 1e-3 }), loss: labelSmoothed(0.1), seed: 1 });
  assert.equal(result.stop.kind, "completed");
  assert.ok(before < 0.3, `accuracy before ${before}`);
  assert.ok(result.history.at(-1)!.trainMetric > 0.95, `accuracy after ${result.history.at(-1)!.trainMetric}`);
  assert.ok(result.history[2]!.trainLoss < result.history[0]!.trainLoss);
});

test("a custom 2-layer model (defineModel) trains through the same compiled step, and refuses to be saved", () => {
  const rng = new Rng(5);
  const init = (shape: number[], std: number): Tensor => randomNormal(shape, rng, { std, dtype: "float32" });
  const model = defineModel({
    inputs: 2,
    outputs: 3,
    params: { w1: init([2, 16], 0.5), b1: init([16], 0), w2: init([16, 3], 0.5), b2: init([3], 0) },
    forward: (p, x) => x.matmul(p.w1!).add(p.b1!).tanh().matmul(p.w2!).add(p.b2!),
  });
  assert.equal(model.spec.head, "softmax");
  const data = blobs(240);
  const step = makeBatchGradient(model.spec, "cross-entropy");
  step(model.params, data.features.subarray(0, 64), data.targets.subarray(0, 32));
  step(model.params, data.features.subarray(0, 64), data.targets.subarray(0, 32));
  assert.equal(step.inspect().compiled, true, step.inspect().reason ?? "");
  const result = train(model, data, { epochs: 20, batchSize: 32, optimizer: makeOptimizer("adam", { lr: 0.02 }), seed: 2 });
  assert.ok(result.history.at(-1)!.trainMetric > 0.9, `accuracy ${result.history.at(-1)!.trainMetric}`);
  assert.ok(evaluate(model, data).metric > 0.9);
  assert.throws(() => modelToJSON(model), /a custom model \(defineModel\) cannot be written to a model file/);
  assert.throws(() => defineModel({ inputs: 2, outputs: 1, params: {}, forward: (_p, x) => x }), /defineModel needs at least one parameter/);
});
