/** The learning-rate finder: fastai's schedule, smoothing, stop rule and suggestion rules; weights unchanged; the suggestion trains. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lrFind, prepareRun, scaleTargets, steepIndex, suggest, train, valleyIndex, evaluate } from "../../src/train/index.node.js";

const config = { data: "breast-cancer", model: "logistic", optimizer: "adam", batchSize: 32 as const, epochs: 30, testSplit: 0.2, seed: 1 };

test("lr grows exponentially from 1e-7 towards 10 over 100 updates; the loss is the bias-corrected moving average; weights unchanged", () => {
  const run = prepareRun(config);
  const before = Object.fromEntries(Object.entries(run.model.params).map(([k, v]) => [k, Array.from(v)]));
  const r = lrFind(run.model, run.train, { optimizer: run.optimizer, batchSize: 32, loss: run.loss });
  assert.equal(r.lrs[0], 1e-7);
  r.lrs.forEach((lr, i) => assert.ok(Math.abs(lr - 1e-7 * 1e8 ** (i / 100)) <= 1e-12 * lr));
  // Smoothed with β = 0.98 and corrected by 1 − β^(i+1): the first point is the first batch's loss.
  assert.equal(r.losses[0], r.rawLosses[0]);
  let avg = 0;
  r.rawLosses.forEach((l, i) => {
    avg = 0.98 * avg + 0.02 * l;
    assert.ok(Math.abs(r.losses[i]! - avg / (1 - 0.98 ** (i + 1))) < 1e-12);
  });
  for (const [k, v] of Object.entries(run.model.params)) assert.deepEqual(Array.from(v), before[k]);
  assert.equal(r.rule, "valley");
  assert.equal(r.suggestion, r.suggestions.valley);
});

test("the run stops once the smoothed loss passes 4× its minimum", () => {
  const run = prepareRun({ ...config, model: "mlp:16", optimizer: "sgd" });
  const r = lrFind(run.model, run.train, { optimizer: run.optimizer, batchSize: 32, loss: run.loss, endLr: 1e4, iterations: 200 });
  assert.equal(r.stop, "diverged");
  assert.ok(r.lrs.length < 200);
  const last = r.losses[r.losses.length - 1]!;
  assert.ok(last > 4 * Math.min(...r.losses.slice(0, -1)));
  r.losses.slice(0, -1).forEach((l, i) => assert.ok(l <= 4 * Math.min(...r.losses.slice(0, i + 1))));
});

test("valley and steep rules on hand-made curves, as fastai computes them", () => {
  // Longest decreasing run: indices 2..8 in a curve that rises first; valley index is start + ⌊s⌋ + ⌊s/2⌋.
  const losses = [5, 6, 7, 6, 5, 4, 3, 2, 1, 3, 9];
  // lds ends at index 8 (length 7: 7,6,5,4,3,2,1), start = 8 − 7 = 1; s = 7/3 → 1 + 2 + 1 = 4.
  assert.equal(valleyIndex(losses), 4);
  const lrs = losses.map((_, i) => 10 ** (i - 5));
  assert.equal(steepIndex(lrs, [3, 2.9, 2.5, 1, 0.9, 0.8]), 2);
  // suggest drops the first tenth and the last five points.
  const many = Array.from({ length: 40 }, (_, i) => 1e-7 * 10 ** (i / 5));
  const curve = many.map((_, i) => (i < 30 ? 10 - i * 0.3 : 10 + i));
  const s = suggest(many, curve);
  assert.equal(s.valley, many[4 + valleyIndex(curve.slice(4, 35))]);
});

test("lr-find's suggestion trains breast-cancer logistic regression well", () => {
  const run = prepareRun(config);
  const { suggestion } = lrFind(run.model, run.train, { optimizer: run.optimizer, batchSize: 32, loss: run.loss });
  assert.ok(suggestion > 1e-4 && suggestion < 1, String(suggestion));
  const tuned = prepareRun({ ...config, lr: suggestion });
  const result = train(tuned.model, tuned.train, { epochs: 30, batchSize: 32, optimizer: tuned.optimizer, loss: tuned.loss, seed: 1 });
  assert.equal(result.stop.kind, "completed");
  const scores = evaluate(tuned.model, tuned.test!, tuned.loss);
  assert.ok(scores.metric >= 0.95, `test accuracy ${scores.metric}`);
  assert.ok(result.history[result.history.length - 1]!.trainLoss < 0.2);
});

test("regression: the range test descends the standardized-target loss the trainer trains on, losses in the target's units", () => {
  const run = prepareRun({ data: "diabetes", model: "mlp:8", optimizer: "sgd", batchSize: 32, epochs: 1, testSplit: 0.2, seed: 1 });
  const scale = run.model.targetScaling!;
  const r = lrFind(run.model, run.train, { optimizer: run.optimizer, batchSize: 32, loss: run.loss });
  // The same run on targets standardized by hand, with no target scale on the model.
  const { targetScaling: _dropped, ...unscaled } = run.model;
  const standardized = { ...run.train, targets: scaleTargets(scale, run.train.targets) };
  const onStandardized = lrFind(unscaled, standardized, { optimizer: run.optimizer, batchSize: 32, loss: run.loss });
  assert.deepEqual(r.lrs, onStandardized.lrs);
  assert.equal(r.stop, onStandardized.stop);
  r.rawLosses.forEach((l, i) => assert.equal(l, onStandardized.rawLosses[i]! * scale.scale * scale.scale));
  assert.equal(r.suggestion, onStandardized.suggestion);
});

test("--lr auto honours class weights: the range test descends the run's weighted loss", async () => {
  const { findLearningRate } = await import("../../src/cli/lr-auto.js");
  const { gatherRows, gatherValues } = await import("../../src/data/index.js");
  const { Rng } = await import("../../src/random.js");
  const { makeBatchGradient, prepareFeatures } = await import("../../src/train/index.js");
  const weighted = { ...config, classWeight: "malignant=7" };
  const r = findLearningRate(weighted);
  // The first update's loss is the first shuffled batch's loss at the initial weights, weighted.
  const run = prepareRun(weighted);
  const rows = new Rng(1).permutation(run.train.n).subarray(0, 32);
  const x = gatherRows(prepareFeatures(run.model, run.train.features), run.train.d, rows);
  const y = gatherValues(run.train.targets, rows);
  const first = (w?: Float32Array) => makeBatchGradient(run.model.spec, run.loss, w)(run.model.params, x, y).loss;
  assert.equal(r.rawLosses[0], first(run.classWeights));
  assert.notEqual(r.rawLosses[0], first());
});
