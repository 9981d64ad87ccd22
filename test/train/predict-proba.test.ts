/** predictProba and evaluateOutputs: probabilities from logits, and scores without a second forward pass. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { loadDataset } from "../../src/data/index.node.js";
import { ShapeError } from "../../src/errors.js";
import { evaluate, evaluateOutputs, modelOutputs, prepareRun, predictProba, train, type Model, type ModelSpec } from "../../src/train/index.node.js";
import { predictProba as fromPackage } from "../../src/index.js";

const logistic: ModelSpec = { kind: "logistic", inputs: 2, hidden: [], activation: "identity", outputs: 1, head: "sigmoid" };
const softmax: ModelSpec = { kind: "softmax", inputs: 1, hidden: [], activation: "identity", outputs: 3, head: "softmax" };

describe("predictProba", () => {
  test("a sigmoid head gives [P(0), P(1)] per row; P(0) keeps its digits where 1 − P(1) would round to 0", () => {
    // z = 2·x1 − x2 + 0.5
    const model: Model = { spec: logistic, params: { "dense0.weight": Float32Array.from([2, -1]), "dense0.bias": Float32Array.from([0.5]) } };
    const p = predictProba(model, Float32Array.from([0, 0, 1, 3, 20, 0]));
    const z = [0.5, -0.5, 40.5];
    z.forEach((v, i) => {
      assert.equal(p[2 * i + 1], 1 / (1 + Math.exp(-v)));
      assert.equal(p[2 * i], 1 / (1 + Math.exp(v)));
    });
    assert.ok(p[4]! > 0 && p[4]! < 1e-17, `P(0) at z = 40.5 is ${p[4]}`);
    assert.equal(fromPackage, predictProba);
  });

  test("a softmax head gives each row's normalized exponentials, without overflow at large logits", () => {
    // logits = x·[1, 2, 3]
    const model: Model = { spec: softmax, params: { "dense0.weight": Float32Array.from([1, 2, 3]), "dense0.bias": new Float32Array(3) } };
    const p = predictProba(model, Float32Array.from([0, 1, 1000]));
    assert.deepEqual(Array.from(p.subarray(0, 3)), [1 / 3, 1 / 3, 1 / 3]);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const sum = e[0]! + e[1]! + e[2]!;
    e.forEach((v, j) => assert.ok(Math.abs(p[3 + j]! - v / sum) < 1e-15));
    assert.deepEqual(Array.from(p.subarray(6)), [0, 0, 1]);
  });

  test("a regression model has no probabilities: a ShapeError", () => {
    const model: Model = { spec: { ...logistic, kind: "linear", head: "identity" }, params: { "dense0.weight": new Float32Array(2), "dense0.bias": new Float32Array(1) } };
    assert.throws(() => predictProba(model, new Float32Array(2)), (e) => e instanceof ShapeError && e.message === "a regression model has no class probabilities");
  });
});

describe("evaluateOutputs", () => {
  test("scores outputs already computed exactly as evaluate scores the rows", () => {
    const run = prepareRun({ data: "wine", model: "softmax", optimizer: "adam:lr=0.05", batchSize: 32, epochs: 2, testSplit: 0.3, seed: 4 });
    train(run.model, run.train, { epochs: 2, batchSize: 32, optimizer: run.optimizer });
    const test = run.test!;
    const direct = evaluate(run.model, test);
    assert.deepEqual(evaluateOutputs(run.model.spec, modelOutputs(run.model, test.features), test.targets), direct);
    assert.ok(direct.metric > 0.5 && direct.metric <= 1);
    const wine = loadDataset("wine");
    assert.throws(() => evaluateOutputs(run.model.spec, modelOutputs(run.model, wine.features), test.targets), ShapeError);
  });
});
