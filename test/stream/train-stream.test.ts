import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fitStandardizer, loadDataset } from "../../src/data/index.node.js";
import { makeOptimizer, makeSchedule } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { openDataStream, trainStream } from "../../src/stream/index.js";
import { applyStep, createModel, lossFunction, makeGradientFunction, prepareFeatures, train, type Model, type ModelSpec } from "../../src/train/index.node.js";
import { datasetCsv, syntheticCsv, writeFile } from "./helpers.js";

function twin(spec: ModelSpec, seed: number): [Model, Model] {
  return [createModel(spec, "glorot-uniform", new Rng(seed)), createModel(spec, "glorot-uniform", new Rng(seed))];
}

function assertSameParams(a: Model, b: Model): void {
  for (const k of Object.keys(a.params)) assert.deepEqual(Array.from(b.params[k]!), Array.from(a.params[k]!), k);
}

describe("streaming training equals in-memory training", () => {
  const ds = loadDataset("breast-cancer");
  const path = writeFile("bc.csv", datasetCsv(ds));
  const spec: ModelSpec = { kind: "mlp", inputs: 30, hidden: [8], activation: "tanh", outputs: 2, head: "softmax" };

  test("first-pass statistics match the in-memory standardizer", async () => {
    const stream = await openDataStream(path);
    assert.equal(stream.trainRows, 569);
    assert.equal(stream.testRows, 0);
    assert.deepEqual(stream.classes, ["0", "1"]);
    const s = fitStandardizer(ds);
    for (let j = 0; j < 30; j++) {
      assert.ok(Math.abs(stream.standardizer.mean[j]! - s.mean[j]!) <= 1e-12 * Math.abs(s.mean[j]!) + 1e-15, `mean ${j}`);
      assert.ok(Math.abs(stream.standardizer.std[j]! - s.std[j]!) <= 1e-10 * s.std[j]!, `std ${j}`);
    }
  });

  test("shuffling off, full batch: bit-identical weights to train(batchSize full)", async () => {
    const stream = await openDataStream(path, { chunkBytes: 4096 });
    const [a, b] = twin(spec, 4);
    a.standardizer = b.standardizer = stream.standardizer;
    train(a, ds, { epochs: 4, batchSize: "full", optimizer: makeOptimizer("adam", { lr: 0.05 }) });
    const r = await trainStream(b, stream, { epochs: 4, batchSize: "full", optimizer: makeOptimizer("adam", { lr: 0.05 }), shuffleBuffer: 0 });
    assert.equal(r.updates, 4);
    assertSameParams(a, b);
  });

  test("buffer holding the whole file, minibatches: the same permutations, bit-identical weights", async () => {
    const stream = await openDataStream(path, { chunkBytes: 8192 });
    const [a, b] = twin(spec, 5);
    a.standardizer = b.standardizer = stream.standardizer;
    const ra = train(a, ds, { epochs: 3, batchSize: 32, optimizer: makeOptimizer("sgd", { lr: 0.1, momentum: 0.9 }), seed: 9 });
    const rb = await trainStream(b, stream, { epochs: 3, batchSize: 32, optimizer: makeOptimizer("sgd", { lr: 0.1, momentum: 0.9 }), seed: 9, shuffleBuffer: 1000 });
    assert.equal(rb.updates, ra.state.updates);
    assertSameParams(a, b);
    assert.equal(rb.peakBufferRows, 569);
  });

  test("the one loop: a schedule per update and the in-memory trainer's history, bit for bit", async () => {
    const stream = await openDataStream(path, { chunkBytes: 8192 });
    const [a, b] = twin(spec, 7);
    a.standardizer = b.standardizer = stream.standardizer;
    const options = () => ({ epochs: 3, batchSize: 40, optimizer: makeOptimizer("adam", { lr: 0.05 }), schedule: makeSchedule("cosine", { t_max: 45 }, 0.05), seed: 2, trainEvaluation: "running" as const });
    const ra = train(a, ds, options());
    const rb = await trainStream(b, stream, { ...options(), shuffleBuffer: 1000 });
    assertSameParams(a, b);
    const plain = (h: typeof ra.history) => h.map((r) => ({ ...r, seconds: 0 }));
    assert.deepEqual(plain(rb.history), plain(ra.history));
    assert.ok(ra.history[2]!.lr! < ra.history[0]!.lr!, "the cosine schedule lowered the rate");
  });

  test("a non-finite loss stops with the trainer's message and keeps finite weights", async () => {
    const stream = await openDataStream(path, { chunkBytes: 4096 });
    const [a, b] = twin({ ...spec, kind: "softmax", hidden: [], activation: "identity" }, 8);
    a.standardizer = b.standardizer = stream.standardizer;
    const options = () => ({ epochs: 5, batchSize: 16, optimizer: makeOptimizer("sgd", { lr: 1e38 }), seed: 3 });
    const ra = train(a, ds, options());
    const rb = await trainStream(b, stream, { ...options(), shuffleBuffer: 1000 });
    assert.equal(rb.stop.kind, "non-finite");
    assert.deepEqual(rb.stop, ra.stop);
    assert.match(rb.stop.kind === "non-finite" ? rb.stop.message : "", /^the loss became (NaN|infinite) at epoch 1, batch \d+; try a smaller learning rate \(the last finite weights were kept\)$/);
    assertSameParams(a, b);
    for (const p of Object.values(b.params)) assert.ok(p.every(Number.isFinite));
  });

  test("shuffling off with minibatches: the trainer's step over rows in file order", async () => {
    const stream = await openDataStream(path, { chunkBytes: 4096 });
    const [a, b] = twin(spec, 6);
    a.standardizer = b.standardizer = stream.standardizer;
    const x = prepareFeatures(a, ds.features);
    const gradient = makeGradientFunction(spec, lossFunction("cross-entropy"));
    const opt = makeOptimizer("adam", { lr: 0.02 });
    const state = opt.init(a.params);
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let start = 0; start < ds.n; start += 50) {
        const end = Math.min(ds.n, start + 50);
        const { grads } = gradient(a.params, x.slice(start * 30, end * 30), ds.targets.slice(start, end));
        applyStep(opt, a.params, grads, state, undefined);
      }
    }
    await trainStream(b, stream, { epochs: 2, batchSize: 50, optimizer: makeOptimizer("adam", { lr: 0.02 }), shuffleBuffer: 0 });
    assertSameParams(a, b);
  });
});

describe("streaming trainer on a file larger than its buffer", () => {
  const path = writeFile("synthetic.csv", syntheticCsv(4000, 6, 2));

  test("holds at most the buffer, sees every training row once per epoch, and learns", async () => {
    const stream = await openDataStream(path, { testFraction: 0.25, seed: 3, chunkBytes: 2048 });
    const model = createModel({ kind: "logistic", inputs: 6, hidden: [], activation: "identity", outputs: 1, head: "sigmoid" }, "zeros", new Rng(1));
    model.standardizer = stream.standardizer;
    const r = await trainStream(model, stream, { epochs: 3, batchSize: 16, optimizer: makeOptimizer("adam", { lr: 0.05 }), shuffleBuffer: 64 });
    assert.equal(r.peakBufferRows, 64);
    // A 2 KiB chunk of ~50-byte lines holds at most ~45 rows: far less than the file's 4000.
    assert.ok(r.peakChunkRows <= 2048 / 40, `chunk rows ${r.peakChunkRows}`);
    assert.equal(r.updates, 3 * Math.ceil(stream.trainRows / 16));
    assert.equal(stream.trainRows + stream.testRows, 4000);
    assert.ok(stream.testRows > 900 && stream.testRows < 1100, `test rows ${stream.testRows}`);
    assert.ok(r.test!.metric > 0.9, `test accuracy ${r.test!.metric}`);
    assert.equal(r.test!.rows, stream.testRows);
    assert.equal(r.history.length, 3);
    assert.ok(r.history[2]!.trainLoss < r.history[0]!.trainLoss);
  });

  test("gzip-compressed CSV streams to the same rows, statistics and weights", async () => {
    const gz = writeFile("synthetic.csv.gz", syntheticCsv(4000, 6, 2), true);
    const plain = await openDataStream(path, { testFraction: 0.2 });
    const zipped = await openDataStream(gz, { testFraction: 0.2, chunkBytes: 1000 });
    assert.equal(zipped.trainRows, plain.trainRows);
    assert.deepEqual(zipped.standardizer, plain.standardizer);
    const spec: ModelSpec = { kind: "logistic", inputs: 6, hidden: [], activation: "identity", outputs: 1, head: "sigmoid" };
    const [a, b] = twin(spec, 1);
    await trainStream(a, plain, { epochs: 2, batchSize: 50, optimizer: makeOptimizer("adam", { lr: 0.01 }), shuffleBuffer: 200 });
    await trainStream(b, zipped, { epochs: 2, batchSize: 50, optimizer: makeOptimizer("adam", { lr: 0.01 }), shuffleBuffer: 200 });
    assertSameParams(a, b);
  });
});
