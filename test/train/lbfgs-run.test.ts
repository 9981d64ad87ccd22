/** Full-batch L-BFGS through train(): scikit-learn's LogisticRegression(lbfgs) on breast-cancer, one iteration per epoch. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fitStandardizer, loadDataset } from "../../src/data/index.node.js";
import { makeSchedule } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { createModel, evaluate, makeLbfgsTrainer, parseArchitecture, specFor, train } from "../../src/train/index.js";

interface Fit { C: number; l2: number; coef: number[]; intercept: number; meanLogLoss: number; objective: number; iterations: number }
const fixture = JSON.parse(readFileSync(new URL("../fixtures/train/sklearn-lbfgs-logistic.json", import.meta.url), "utf8")) as { fits: Fit[]; rows: number };
const data = loadDataset("breast-cancer");

function logistic() {
  const model = createModel(specFor(parseArchitecture("logistic"), data.d, data.task, 2), "zeros", new Rng(1));
  model.standardizer = fitStandardizer(data);
  return model;
}

// float32 weights and losses bound how close the optimum can be found: C = 100 is worse conditioned.
const tolerance: Record<number, { loss: number; coef: number }> = { 1: { loss: 1e-6, coef: 2e-3 }, 100: { loss: 1e-5, coef: 0.05 } };

for (const fit of fixture.fits) {
  test(`C = ${fit.C}: scikit-learn's loss and coefficients, one L-BFGS iteration per epoch`, () => {
    assert.equal(data.n, fixture.rows);
    const model = logistic();
    const r = train(model, data, { epochs: 500, batchSize: "full", optimizer: makeLbfgsTrainer({ l2: fit.l2 }) });
    assert.equal(r.stop.kind, "converged", JSON.stringify(r.stop));
    assert.equal(r.history.length, r.state.updates, "a record per iteration");
    assert.ok(r.state.updates < 200, `${r.state.updates} iterations`);
    const last = r.history.at(-1)!;
    assert.ok(Math.abs(last.trainLoss - fit.meanLogLoss) <= tolerance[fit.C]!.loss, `loss ${last.trainLoss} against ${fit.meanLogLoss}`);
    assert.equal(last.trainLoss, evaluate(model, data).loss);
    const w = model.params["dense0.weight"]!;
    fit.coef.forEach((c, j) => assert.ok(Math.abs(w[j]! - c) <= tolerance[fit.C]!.coef, `coef ${j}: ${w[j]} against ${c}`));
    assert.ok(Math.abs(model.params["dense0.bias"]![0]! - fit.intercept) <= tolerance[fit.C]!.coef);
    assert.ok(r.history[0]!.trainLoss > 2 * fit.meanLogLoss, "the first iteration started far from the optimum");
  });
}

test("without the penalty the loss falls towards 0 on these separable rows", () => {
  const model = logistic();
  const r = train(model, data, { epochs: 40, batchSize: "full", optimizer: makeLbfgsTrainer() });
  assert.ok(r.history.at(-1)!.trainLoss < fixture.fits[1]!.meanLogLoss, `${r.history.at(-1)!.trainLoss}`);
});

test("minibatches, schedules and unknown options are one-line OptionErrors", () => {
  assert.throws(() => train(logistic(), data, { epochs: 3, batchSize: 32, optimizer: makeLbfgsTrainer() }),
    /^OptionError: lbfgs trains on the full batch \(its line search compares the loss of the same rows at several points\), not batches of 32: use batch size "full"$/);
  assert.throws(() => train(logistic(), data, { epochs: 3, batchSize: "full", optimizer: makeLbfgsTrainer(), schedule: makeSchedule("cosine", { t_max: 3 }, 1) }),
    /line search; drop the learning-rate schedule/);
  assert.throws(() => makeLbfgsTrainer({ l2: -1 }), /^OptionError: invalid l2 -1 for lbfgs: must be a finite number >= 0$/);
  assert.throws(() => makeLbfgsTrainer({ momentum: 0.9 }), /unknown option "momentum" for lbfgs \(valid: lr, history_size, line_search, l2\)/);
});
