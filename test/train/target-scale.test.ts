import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { makeDataset } from "../../src/data/index.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import {
  createModel, evaluate, fitTargetScale, modelFromJSON, modelToJSON, parseArchitecture, predict, specFor, train,
} from "../../src/train/index.js";

/** y = 1000 + 300·x₀ − 200·x₁ exactly: a target far from the unit scale a zero bias starts at. */
function line(n: number) {
  const rng = new Rng(5);
  const features = new Float32Array(n * 2);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal(), b = rng.normal();
    features.set([a, b], 2 * i);
    targets[i] = 1000 + 300 * a - 200 * b;
  }
  return makeDataset({ name: "line", features, n, d: 2, featureNames: ["a", "b"], targets, task: "regression", targetName: "y" });
}

function linearModel() {
  return createModel(specFor(parseArchitecture("linear"), 2, "regression", 0), "zeros", new Rng(1));
}

describe("target scaling", () => {
  test("fitTargetScale is the mean and population standard deviation; a constant target gets scale 1", () => {
    assert.deepEqual(fitTargetScale([1, 2, 3, 4]), { mean: 2.5, scale: Math.sqrt(1.25) });
    assert.deepEqual(fitTargetScale([7, 7]), { mean: 7, scale: 1 });
  });

  test("trained on the standardized target, a linear model recovers the coefficients; losses are in the target's units", () => {
    const data = line(200);
    const m = linearModel();
    m.targetScaling = fitTargetScale(data.targets);
    const r = train(m, data, { epochs: 60, batchSize: "full", optimizer: makeOptimizer("sgd", { lr: 0.5 }), test: data });
    // The weights live in standardized units; predictions are in the target's.
    const pred = predict(m, Float32Array.from([0, 0, 1, 0, 0, 1]));
    assert.ok(Math.abs(pred[0]! - 1000) < 0.5 && Math.abs(pred[1]! - 1300) < 0.5 && Math.abs(pred[2]! - 800) < 0.5, String(pred));
    const first = r.history[0]!;
    // The trainer's losses against evaluate's, which unscales the outputs on its own path.
    const e = evaluate(m, data);
    const last = r.history.at(-1)!;
    assert.ok(Math.abs(last.testLoss - e.loss) <= 1e-3 * Math.max(1, e.loss), `${last.testLoss} vs ${e.loss}`);
    assert.ok(first.trainLoss > 1, `first loss ${first.trainLoss} should be in squared target units`);
    assert.ok(e.metric > 0.9999, `r2 ${e.metric}`);
  });

  test("without a target scale nothing changes: the same zero-initialised model trains on raw targets", () => {
    const data = line(50);
    const a = linearModel();
    train(a, data, { epochs: 3, batchSize: "full", optimizer: makeOptimizer("sgd", { lr: 0.01 }) });
    // Plain gradient descent from zero: the bias after one step is 2·lr·mean(y) = 0.02·mean(y), checked by hand below.
    const b = linearModel();
    train(b, data, { epochs: 1, batchSize: "full", optimizer: makeOptimizer("sgd", { lr: 0.01 }) });
    const mean = data.targets.reduce((s, v) => s + v, 0) / data.n;
    assert.ok(Math.abs(b.params["dense0.bias"]![0]! - 0.02 * mean) < 1e-3 * Math.abs(mean));
  });

  test("model files keep the target scale; older files without one still load", () => {
    const m = linearModel();
    m.targetScaling = { mean: 152.5, scale: 77.25 };
    const json = JSON.parse(JSON.stringify(modelToJSON(m)));
    assert.equal(json.preprocessing.target.mean, 152.5);
    assert.equal(json.preprocessing.target.scale, 77.25);
    assert.deepEqual(modelFromJSON(json).model.targetScaling, { mean: 152.5, scale: 77.25 });
    delete json.preprocessing.target.mean;
    delete json.preprocessing.target.scale;
    assert.equal(modelFromJSON(json).model.targetScaling, undefined);
    const broken = { ...json, preprocessing: { ...json.preprocessing, target: { ...json.preprocessing.target, mean: 1, scale: 0 } } };
    assert.throws(() => modelFromJSON(broken, "m.json"), /^DataError: m.json is not a usable model file: its target scaling is invalid$/);
  });
});
