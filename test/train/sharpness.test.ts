/** Sharpness by power iteration over autodiff HVPs, against the closed-form Hessian of logistic regression. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { prepareRun } from "../../src/train/index.node.js";
import { train } from "../../src/train/trainer.js";
import { scaleTargets } from "../../src/train/target-scale.js";
import { prepareFeatures } from "../../src/train/predict.js";
import { sharpnessEstimator, topEigenvalue } from "../../src/train/sharpness.js";
import { symmetricEigen } from "../../src/curvature/index.js";
import { Rng } from "../../src/random.js";

test("logistic regression: the estimate equals the top eigenvalue of Xᵀ S X / n (S = σ(1 − σ))", () => {
  const run = prepareRun({ data: "breast-cancer", model: "logistic", optimizer: "sgd:lr=0.1", batchSize: "full", epochs: 1, testSplit: 0.2, seed: 1 });
  const x = prepareFeatures(run.model, run.train.features);
  const n = run.train.n;
  const d = run.model.spec.inputs;
  // Some weights away from zero, so S is not constant.
  const rng = new Rng(5);
  const w = run.model.params["dense0.weight"]!;
  for (let j = 0; j < d; j++) w[j] = 0.3 * rng.normal();
  run.model.params["dense0.bias"]![0] = 0.2;
  const h = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const row = [...Array.from(x.subarray(i * d, i * d + d)), 1];
    let z = 0.2;
    for (let j = 0; j < d; j++) z += Math.fround(w[j]!) * row[j]!;
    const s = 1 / (1 + Math.exp(-z));
    const weight = (s * (1 - s)) / n;
    for (let a = 0; a <= d; a++) for (let b = 0; b <= d; b++) h[a]![b]! += weight * row[a]! * row[b]!;
  }
  const top = symmetricEigen(h).values[0]!;
  const estimate = sharpnessEstimator(run.model.spec, x, run.train.targets, "bce", { tolerance: 1e-10, iterations: 500 })(run.model.params);
  assert.equal(estimate.rows, n);
  assert.ok(Math.abs(estimate.value - top) <= 1e-6 * top, `${estimate.value} vs ${top}`);
});

test("mean squared error of a linear model: sharpness is the top eigenvalue of 2 XᵀX / n, and a sample caps the rows", () => {
  const run = prepareRun({ data: "diabetes", model: "linear", optimizer: "sgd:lr=0.1", batchSize: "full", epochs: 1, testSplit: 0.2, seed: 1 });
  const x = prepareFeatures(run.model, run.train.features);
  const n = run.train.n;
  const d = run.model.spec.inputs;
  const h = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const row = [...Array.from(x.subarray(i * d, i * d + d)), 1];
    for (let a = 0; a <= d; a++) for (let b = 0; b <= d; b++) h[a]![b]! += (2 * row[a]! * row[b]!) / n;
  }
  const top = symmetricEigen(h).values[0]!;
  const estimate = sharpnessEstimator(run.model.spec, x, run.train.targets, "mse", { tolerance: 1e-10, iterations: 500 })(run.model.params);
  assert.ok(Math.abs(estimate.value - top) <= 1e-6 * top, `${estimate.value} vs ${top}`);
  assert.equal(sharpnessEstimator(run.model.spec, x, run.train.targets, "mse", { maxRows: 100 })(run.model.params).rows, 100);
});

test("the top eigenvalue, not the one of largest magnitude, when the operator curves down more strongly", () => {
  // H = diag(3, 1, −7) as a record of two blocks: power iteration alone would report −7.
  const h = (v: Record<string, Float64Array>) => ({ a: Float64Array.from([3 * v.a![0]!, v.a![1]!]), b: Float64Array.from([-7 * v.b![0]!]) });
  const top = topEigenvalue(h, { a: new Float64Array(2), b: new Float64Array(1) }, { tolerance: 1e-12, iterations: 1000 });
  assert.ok(Math.abs(top.value - 3) < 1e-9, String(top.value));
  const positive = topEigenvalue((v) => ({ a: Float64Array.from(v.a!, (x, i) => (i === 0 ? 5 * x : -2 * x)) }), { a: new Float64Array(2) }, { tolerance: 1e-12, iterations: 1000 });
  assert.ok(Math.abs(positive.value - 5) < 1e-9, String(positive.value));
});

test("the trainer's sharpness is that of the loss it descends: on standardized regression targets", () => {
  // An MLP, so the Hessian's residual term depends on the targets (for a linear model it would not).
  const run = prepareRun({ data: "diabetes", model: "mlp:8", optimizer: "sgd:lr=0.05", batchSize: "full", epochs: 1, testSplit: 0.2, seed: 1 });
  const scale = run.model.targetScaling!;
  const result = train(run.model, run.train, { optimizer: run.optimizer, loss: run.loss, batchSize: "full", epochs: 1, seed: 1, sharpnessEvery: 1 });
  const x = prepareFeatures(run.model, run.train.features);
  const expected = sharpnessEstimator(run.model.spec, x, scaleTargets(scale, run.train.targets), "mse", { seed: 1 })(run.model.params).value;
  const onRawTargets = sharpnessEstimator(run.model.spec, x, run.train.targets, "mse", { seed: 1 })(run.model.params).value;
  assert.ok(Math.abs(onRawTargets - expected) > 1e-3 * expected, "the check needs targets that change the Hessian");
  assert.equal(result.history[0]!.sharpness, expected);
});
