/**
 * The scale check: one epoch of an MLP 784-256-10 on Fashion-MNIST (batch 128, Adam,
 * lr 1e-3, Glorot-uniform weights, zero biases, pixels in [0, 1]) reaches ≥ 0.83 test accuracy.
 * It takes about a minute on two cores, so it runs only with DESCENT_SLOW_TESTS=1 (and the data).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SHARED_DATASETS } from "../shared-data.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { createModel, loadSplit, parseArchitecture, specFor, train } from "../../src/train/index.node.js";

const DATA = join(SHARED_DATASETS, "fashion-mnist");
const skip = !existsSync(DATA) ? `${DATA} is absent` : process.env.DESCENT_SLOW_TESTS !== "1" ? "set DESCENT_SLOW_TESTS=1 to run (about a minute)" : false;

test("one epoch of MLP 784-256-10 on Fashion-MNIST reaches ≥ 0.83 test accuracy", { skip }, () => {
  const { train: data, test: held } = loadSplit({ data: DATA, optimizer: "adam", batchSize: 128, epochs: 1, testSplit: 0.2, seed: 1 });
  assert.equal(data.n, 60000);
  assert.ok(data.features.every((v) => v >= 0 && v <= 1));
  const model = createModel(specFor(parseArchitecture("mlp:256"), data.d, data.task, 10), "glorot-uniform", new Rng(1));
  assert.ok(model.params["dense0.bias"]!.every((v) => v === 0));
  const r = train(model, data, { epochs: 1, batchSize: 128, optimizer: makeOptimizer("adam", { lr: 1e-3 }), test: held, seed: 1 });
  const acc = r.history[0]!.testMetric;
  assert.ok(acc >= 0.83, `test accuracy ${acc}`);
});
