import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createModel, parseArchitecture, specFor, train, type Model, type TrainOptions } from "../../src/train/index.js";
import { fitStandardizer, type Dataset } from "../../src/data/index.js";
import { makeOptimizer, makeSchedule } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { blobs, linearData, paramBytes, withoutSeconds } from "./helpers.js";

function modelFor(data: Dataset, arch: string, seed = 1): Model {
  const spec = specFor(parseArchitecture(arch), data.d, data.task, data.classes?.length ?? 0);
  const model = createModel(spec, arch.startsWith("mlp") ? "glorot-uniform" : "zeros", new Rng(seed));
  model.standardizer = fitStandardizer(data);
  return model;
}

describe("batching modes", () => {
  const data = linearData(50);
  for (const [batchSize, perEpoch] of [["full", 1], [16, 4], [1, 50]] as const) {
    test(`batch size ${batchSize}: ${perEpoch} update(s) per epoch`, () => {
      const model = modelFor(data, "linear");
      const r = train(model, data, { epochs: 3, batchSize, optimizer: makeOptimizer("sgd", { lr: 0.05 }), recordStepLosses: true });
      assert.equal(r.state.updates, 3 * perEpoch);
      assert.equal(r.stepLosses!.length, 3 * perEpoch);
      assert.equal(r.state.optimizer.count, 3 * perEpoch);
    });
  }

  test("full batch is one exact gradient step on the whole set per epoch", () => {
    const data = linearData(8, 1, 0);
    const model = modelFor(data, "linear");
    delete model.standardizer;
    train(model, data, { epochs: 1, batchSize: "full", optimizer: makeOptimizer("sgd", { lr: 0.1 }) });
    // From w = 0, b = 0: dL/dw_j = −2/n Σ y_i x_ij, dL/db = −2/n Σ y_i.
    const n = data.n;
    const gw = [0, 1].map((j) => (-2 / n) * Array.from(data.targets).reduce((s, y, i) => s + y * data.features[i * 2 + j]!, 0));
    const gb = (-2 / n) * Array.from(data.targets).reduce((s, y) => s + y, 0);
    const w = model.params["dense0.weight"]!;
    assert.ok(Math.abs(w[0]! + 0.1 * gw[0]!) < 1e-6 && Math.abs(w[1]! + 0.1 * gw[1]!) < 1e-6);
    assert.ok(Math.abs(model.params["dense0.bias"]![0]! + 0.1 * gb) < 1e-6);
  });

  test("minibatches are reshuffled every epoch", () => {
    // With lr = 1e-30 the weights barely move, so differing first-batch losses mean differing batches.
    const r = train(modelFor(data, "linear"), data, { epochs: 2, batchSize: 10, optimizer: makeOptimizer("sgd", { lr: 1e-30 }), recordStepLosses: true, trainEvaluation: "running" });
    const losses = r.stepLosses!;
    assert.notDeepEqual(losses.slice(0, 5), losses.slice(5, 10));
    // The epoch means agree (same rows, same weights): shuffling changes the order only.
    assert.ok(Math.abs(r.history[0]!.trainLoss - r.history[1]!.trainLoss) < 1e-6);
  });

  test("a batch larger than the data is a full batch and says so", () => {
    const r = train(modelFor(data, "linear"), data, { epochs: 1, batchSize: 500, optimizer: makeOptimizer("sgd") });
    assert.equal(r.batchSize, 50);
    assert.equal(r.batchClamped, true);
    assert.throws(() => train(modelFor(data, "linear"), data, { epochs: 1, batchSize: 0, optimizer: makeOptimizer("sgd") }), /batch size/);
  });
});

describe("learning", () => {
  test("linear regression recovers the coefficients (R² > 0.99)", () => {
    const data = linearData(200);
    const model = modelFor(data, "linear");
    const r = train(model, data, { epochs: 40, batchSize: 16, optimizer: makeOptimizer("adam", { lr: 0.05 }), test: linearData(50, 99) });
    assert.equal(r.metric, "r2");
    assert.ok(r.history.at(-1)!.testMetric > 0.99);
  });

  test("softmax regression and an MLP separate three blobs", () => {
    for (const arch of ["softmax", "mlp:8:tanh"]) {
      const r = train(modelFor(blobs(300), arch), blobs(300), { epochs: 20, batchSize: 32, optimizer: makeOptimizer("adam", { lr: 0.05 }), test: blobs(90, 8) });
      assert.ok(r.history.at(-1)!.testMetric > 0.9, `${arch}: ${r.history.at(-1)!.testMetric}`);
    }
  });
});

describe("determinism", () => {
  const options = (): TrainOptions => ({ epochs: 4, batchSize: 8, optimizer: makeOptimizer("adam", { lr: 0.01 }), seed: 3, validationFraction: 0.2, test: blobs(30, 5) });
  test("same seed: same history and weights, byte for byte", () => {
    const a = modelFor(blobs(90), "mlp:6");
    const b = modelFor(blobs(90), "mlp:6");
    const ra = train(a, blobs(90), options());
    const rb = train(b, blobs(90), options());
    assert.deepEqual(withoutSeconds(ra.history), withoutSeconds(rb.history));
    assert.deepEqual(paramBytes(a.params), paramBytes(b.params));
  });
  test("another seed shuffles differently", () => {
    const a = modelFor(blobs(90), "mlp:6");
    const b = modelFor(blobs(90), "mlp:6");
    train(a, blobs(90), options());
    train(b, blobs(90), { ...options(), seed: 4 });
    assert.notDeepEqual(paramBytes(a.params), paramBytes(b.params));
  });
});

describe("stopping", () => {
  test("early stopping waits `patience` epochs and restores the best weights", () => {
    const data = blobs(120);
    const opts = (epochs: number): TrainOptions => ({ epochs, batchSize: 16, optimizer: makeOptimizer("sgd", { lr: 0.1 }), validationFraction: 0.25, patience: 1, minDelta: 1e9 });
    const stopped = modelFor(data, "softmax");
    const r = train(stopped, data, opts(10));
    assert.deepEqual(r.stop, { kind: "early-stopping", bestEpoch: 1 });
    assert.equal(r.history.length, 2);
    assert.ok(r.history[0]!.validationLoss! > 0);
    const oneEpoch = modelFor(data, "softmax");
    train(oneEpoch, data, opts(1));
    assert.deepEqual(paramBytes(stopped.params), paramBytes(oneEpoch.params));
  });

  test("patience needs a validation split", () => {
    assert.throws(() => train(modelFor(blobs(30), "softmax"), blobs(30), { epochs: 1, batchSize: 4, optimizer: makeOptimizer("sgd"), patience: 2 }), /validation split/);
  });

  test("a callback can stop training", () => {
    const r = train(modelFor(blobs(30), "softmax"), blobs(30), { epochs: 5, batchSize: 4, optimizer: makeOptimizer("sgd"), callbacks: { onEpochEnd: (rec) => (rec.epoch === 2 ? "stop" : undefined) } });
    assert.deepEqual(r.stop, { kind: "callback", epoch: 2 });
    assert.equal(r.history.length, 2);
  });

  test("a non-finite loss stops with epoch and batch named; the weights stay finite", () => {
    const data = linearData(40);
    const model = modelFor(data, "linear");
    const r = train(model, data, { epochs: 50, batchSize: 10, optimizer: makeOptimizer("sgd", { lr: 1e6 }) });
    assert.equal(r.stop.kind, "non-finite");
    if (r.stop.kind !== "non-finite") return;
    assert.match(r.stop.message, new RegExp(`at epoch ${r.stop.epoch}, batch ${r.stop.batch}; try a smaller learning rate`));
    for (const p of Object.values(model.params)) assert.ok(p.every(Number.isFinite));
  });

  test("an interrupt stops after the current batch; resuming ends with the uninterrupted weights", () => {
    const data = blobs(60);
    const opts = (): TrainOptions => ({ epochs: 3, batchSize: 7, optimizer: makeOptimizer("adam", { lr: 0.02 }), schedule: makeSchedule("cosine", { t_max: 27 }, 0.02), seed: 9 });
    const whole = modelFor(data, "mlp:5");
    const full = train(whole, data, opts());
    const parted = modelFor(data, "mlp:5");
    const controller = new AbortController();
    const first = train(parted, data, { ...opts(), interrupt: controller.signal, callbacks: { onBatchEnd: (b) => { if (b.epoch === 2 && b.batch === 4) controller.abort(); } } });
    assert.deepEqual(first.stop, { kind: "interrupted", epoch: 2, batch: 4 });
    const rest = train(parted, data, { ...opts(), resume: first.state });
    assert.equal(rest.stop.kind, "completed");
    assert.deepEqual(paramBytes(parted.params), paramBytes(whole.params));
    assert.deepEqual(withoutSeconds(rest.history), withoutSeconds(full.history));
  });
});
