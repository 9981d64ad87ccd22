/**
 * The trainer's choice of kernel threads or data-parallel workers: the written forms, the
 * candidates, a measured choice that is the fastest of what it measured, and numbers that do not
 * depend on the measuring. No timing is asserted: only which candidate the report's own figures make fastest.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeDataset } from "../../src/data/index.js";
import { OptionError } from "../../src/errors.js";
import { native } from "../../src/kernels/index.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { candidates, parallelGradient, parallelismFromEnv } from "../../src/train/parallel-gradient.node.js";
import { createModel, parallelismLine, parseParallelism, specFor, train, type Params } from "../../src/train/index.js";

test("parallelism is written auto, threads=N or workers=N; anything else is a one-line error naming where", () => {
  assert.equal(parseParallelism(" Auto ", "--parallel"), "auto");
  assert.deepEqual(parseParallelism("threads=1", "--parallel"), { kind: "threads", threads: 1 });
  assert.deepEqual(parseParallelism("workers=2", "--parallel"), { kind: "workers", workers: 2 });
  for (const bad of ["threads", "threads=0", "workers=1", "workers=x", "2", "dp2"]) {
    assert.throws(() => parseParallelism(bad, "DESCENT_PARALLEL"), (e: Error) => e instanceof OptionError && !e.message.includes("\n") && e.message.startsWith("DESCENT_PARALLEL must be") && e.message.includes(`"${bad}"`));
  }
  assert.equal(parallelismFromEnv({}), "auto");
  assert.deepEqual(parallelismFromEnv({ DESCENT_PARALLEL: "threads=1" }), { kind: "threads", threads: 1 });
});

/** 640 rows of 256 random features, 3 classes: big enough per batch of 128 for workers to be tried. */
function wideData() {
  const rng = new Rng(5);
  const n = 640, d = 256;
  const x = new Float32Array(n * d).map(() => rng.uniform() * 2 - 1);
  const y = new Float32Array(n).map((_, i) => i % 3);
  return makeDataset({ name: "wide", features: x, targets: y, n, d, task: "classification", classes: ["a", "b", "c"], targetName: "y", featureNames: Array.from({ length: d }, (_, j) => `x${j}`) });
}

const wideSpec = (d: number) => specFor({ kind: "mlp", hidden: [128], activation: "relu" }, d, "classification", 3);

function trainWith(parallel: Parameters<typeof parallelGradient>[0], batchSize: number, epochs = 1) {
  const data = wideData();
  const model = createModel(wideSpec(data.d), "glorot-uniform", new Rng(3));
  const r = train(model, data, { epochs, batchSize, optimizer: makeOptimizer("adam", { lr: 1e-3 }), recordStepLosses: true, makeGradient: parallelGradient(parallel) });
  return { r, params: model.params };
}

const sameParams = (a: Params, b: Params) => Object.keys(a).every((k) => a[k]!.every((v, i) => Object.is(v, b[k]![i])));

test("candidates: auto measures the kernel thread counts; workers only when asked for", () => {
  const kinds = candidates().map((c) => (c.kind === "threads" ? `threads=${c.threads}` : "workers"));
  assert.equal(kinds[0], `threads=${native?.threads ?? 1}`);
  if (native?.setThreads !== undefined && native.threads > 1) assert.deepEqual(kinds, [`threads=${native.threads}`, "threads=1"]);
  assert.ok(!kinds.includes("workers"));
});

test("auto measures every candidate, reports the fastest of its own figures, and the run's numbers are the one-thread step's", () => {
  // 20 batches an epoch: measuring takes the first (ROUNDS + 1) batches of each candidate.
  const auto = trainWith("auto", 32, 3);
  const report = auto.r.parallelism!;
  const list = candidates();
  if (list.length === 1) {
    assert.equal(report.how, "only one way here");
    return;
  }
  assert.equal(report.how, "measured");
  const ms = report.msPerBatch!;
  assert.equal(Object.keys(ms).length, list.length);
  const fastest = Object.entries(ms).sort((a, b) => a[1] - b[1])[0]![0];
  assert.equal(fastest, report.used.kind === "threads" ? `threads=${report.used.threads}` : `workers=${report.used.workers}`);
  assert.match(parallelismLine(report), /^parallelism: .*, the fastest measured on the first batches \(ms per batch: threads=/);
  // The measuring batches are the one-thread gradient's bits, whichever candidate was being timed.
  const pinned = trainWith({ kind: "threads", threads: 1 }, 32, 3);
  assert.deepEqual(auto.r.stepLosses, pinned.r.stepLosses);
  assert.ok(sameParams(auto.params, pinned.params), "a thread-count choice gives the one-thread run's weights");
});

test("every kernel thread count gives the same bits", { skip: native?.setThreads === undefined ? "native kernels without setThreads" : false }, () => {
  const one = trainWith({ kind: "threads", threads: 1 }, 128);
  const all = trainWith({ kind: "threads", threads: 8 }, 128); // clamped to the pool
  assert.deepEqual(all.r.parallelism, { used: { kind: "threads", threads: native!.threads }, how: "asked" });
  assert.ok(sameParams(one.params, all.params));
  assert.equal(native!.activeThreads!(), native!.threads, "the pool is whole again after the run");
});

test("pinned workers train through a short last batch (share bounds change with the batch size) and repeat exactly", () => {
  // 640 rows in batches of 100: six of 100 and one of 40, over two epochs.
  const a = trainWith({ kind: "workers", workers: 2 }, 100, 2);
  const b = trainWith({ kind: "workers", workers: 2 }, 100, 2);
  const one = trainWith({ kind: "threads", threads: 1 }, 100, 2);
  assert.deepEqual(a.r.parallelism, { used: { kind: "workers", workers: 2 }, how: "asked" });
  assert.deepEqual(a.r.stepLosses, b.r.stepLosses);
  assert.equal(a.r.stepLosses!.length, 14);
  a.r.stepLosses!.forEach((l, i) => assert.ok(Math.abs(l - one.r.stepLosses![i]!) <= 1e-4 * Math.abs(l), `batch ${i + 1}: ${l} against ${one.r.stepLosses![i]}`));
});

test("workers take class weights: the weighted run of kernel threads to float32 rounding", () => {
  const data = wideData();
  const run = (makeGradient?: ReturnType<typeof parallelGradient>) => {
    const model = createModel(wideSpec(data.d), "glorot-uniform", new Rng(3));
    train(model, data, { epochs: 1, batchSize: 64, optimizer: makeOptimizer("sgd", { lr: 0.1 }), classWeights: new Float32Array([1, 4, 0.5]), ...(makeGradient ? { makeGradient } : {}) });
    return model.params;
  };
  const one = run();
  const two = run(parallelGradient({ kind: "workers", workers: 2 }));
  const plain = createModel(wideSpec(data.d), "glorot-uniform", new Rng(3));
  train(plain, data, { epochs: 1, batchSize: 64, optimizer: makeOptimizer("sgd", { lr: 0.1 }) });
  for (const [k, v] of Object.entries(one)) {
    let diff = 0, moved = 0;
    for (let i = 0; i < v.length; i++) {
      diff = Math.max(diff, Math.abs(two[k]![i]! - v[i]!));
      moved = Math.max(moved, Math.abs(plain.params[k]![i]! - v[i]!));
    }
    assert.ok(diff <= 1e-4 * moved, `${k}: workers differ by ${diff}, the weights move it by ${moved}`);
  }
});
