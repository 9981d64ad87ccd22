/**
 * The trainer's choice of kernel threads or data-parallel workers: the written forms, the
 * candidates, a measured choice that is the fastest of what it measured, and numbers that do not
 * depend on the measuring (kernel threads: the same bits; workers: to 1e-4). No timing is asserted:
 * only which candidate the report's own figures make fastest (the rule itself: parallel-gradient-chooser.test.ts).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeDataset } from "../../src/data/index.js";
import { OptionError } from "../../src/errors.js";
import { native } from "../../src/kernels/index.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { readFileSync } from "node:fs";
import { candidates, forgetMeasurements, KERNEL_SPLIT, kernelsSplit, parallelGradient, parallelismFromEnv } from "../../src/train/parallel-gradient.node.js";
import { CHOOSER_SETTINGS } from "../../src/train/parallel-gradient-chooser.js";
import { createModel, parallelismLine, parallelismName, parseArchitecture, parseParallelism, softmaxCrossEntropy, specFor, train, type LossFn, type Params } from "../../src/train/index.js";
import { train as trainNode } from "../../src/train/index.node.js";

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

function trainWith(parallel: Parameters<typeof parallelGradient>[0], batchSize: number, epochs = 1, makeGradient = parallelGradient(parallel)) {
  const data = wideData();
  const model = createModel(wideSpec(data.d), "glorot-uniform", new Rng(3));
  const r = train(model, data, { epochs, batchSize, optimizer: makeOptimizer("adam", { lr: 1e-3 }), recordStepLosses: true, makeGradient });
  return { r, params: model.params };
}

const sameParams = (a: Params, b: Params) => Object.keys(a).every((k) => a[k]!.every((v, i) => Object.is(v, b[k]![i])));

test("candidates: one kernel thread, all of them, and workers only with 4 cores, a described step and 256 rows a worker", () => {
  const names = (room: Parameters<typeof candidates>[0]) => candidates(room).map(parallelismName);
  const pool = native?.threads ?? 1;
  const threads = native?.setThreads !== undefined && pool > 1 ? ["threads=1", `threads=${pool}`] : [`threads=${pool}`];
  assert.deepEqual(names({ cores: 2, batchSize: 4096, describable: true }), threads);
  if (pool >= 2) {
    const workers = Math.min(pool, 8);
    assert.deepEqual(names({ cores: 8, batchSize: 256 * workers, describable: true }), [...threads, `workers=${workers}`]);
    assert.deepEqual(names({ cores: 8, batchSize: 256 * workers - 1, describable: true }), threads);
    assert.deepEqual(names({ cores: 8, batchSize: 256 * workers, describable: false }), threads);
  }
});

test("kernelsSplit: a step is measured only when a product or an Adam step reaches native/parallel.c's split sizes", () => {
  const source = readFileSync(new URL("../../native/parallel.c", import.meta.url), "utf8");
  assert.match(source, new RegExp(`#define GEMM_PARALLEL_MIN \\(1 << ${Math.log2(KERNEL_SPLIT.gemm)}\\)`));
  assert.match(source, new RegExp(`#define ADAM_PARALLEL_MIN \\(1 << ${Math.log2(KERNEL_SPLIT.adam)}\\)`));
  const mlp = (inputs: number, hidden: number[], outputs: number) => specFor({ kind: "mlp", hidden, activation: "relu" }, inputs, "classification", outputs);
  assert.equal(kernelsSplit(mlp(4, [16], 3), 16), false, "iris-sized: nothing splits");
  assert.equal(kernelsSplit(mlp(256, [128], 3), 32), false, "32·256·128 = 2²⁰ multiply-adds, 33,283 parameters");
  assert.equal(kernelsSplit(mlp(256, [128], 3), 64), true, "64·256·128 = 2²¹");
  assert.equal(kernelsSplit(mlp(784, [256], 10), 128), true, "W2");
  assert.equal(kernelsSplit(mlp(300, [300], 2), 1), true, "90,902 parameters: the Adam step splits");
  assert.equal(kernelsSplit(specFor(parseArchitecture("logistic"), 30, "classification", 2), 455), false);
});

test("auto measures the candidates, keeps the fastest of its own figures within the margin, and the run's numbers are the one-thread step's", () => {
  forgetMeasurements();
  // 10 batches an epoch, 3 epochs: the warm-up and the first trial fit.
  const auto = trainWith("auto", 64, 3);
  const report = auto.r.parallelism!;
  const list = candidates();
  if (list.length === 1) {
    assert.equal(report.how, "only one way here");
    return;
  }
  assert.equal(report.how, "measured");
  assert.equal(report.trials, 1);
  const rel = report.relative!;
  assert.deepEqual(Object.keys(rel).sort(), list.map(parallelismName).sort());
  const best = Math.min(...Object.values(rel));
  const kept = list.map(parallelismName).find((n) => rel[n]! <= best * 1.03);
  assert.equal(parallelismName(report.used), kept, "the simplest within 3% of the fastest");
  assert.match(parallelismLine(report), /^parallelism: .*, the fastest measured \(interleaved blocks of batches, 1 trial.*; time ÷ fastest: threads=1 /);
  // The measuring batches are the one-thread gradient's bits, whichever candidate was being timed.
  const pinned = trainWith({ kind: "threads", threads: 1 }, 64, 3);
  assert.deepEqual(auto.r.stepLosses, pinned.r.stepLosses);
  assert.ok(sameParams(auto.params, pinned.params), "a thread-count choice gives the one-thread run's weights");
  // The process keeps the chooser: the same work goes on with the kept candidate, without a first trial.
  const again = trainWith("auto", 64, 1).r.parallelism!;
  assert.equal(again.earlier, true);
  assert.equal(again.trials, 0);
  assert.deepEqual(again.used, report.used);
  assert.match(parallelismLine(again), /the fastest measured over this process's runs of the same work/);
  forgetMeasurements();
});

test("later runs of the same work go on with the process's chooser: runs shorter than a re-check interval are still re-checked", { skip: candidates().length < 2 ? "one way to use the cores here" : false }, () => {
  forgetMeasurements();
  // Runs of 7 batches; a trial of 2 rounds of 1-batch blocks, then a re-check every 3 batches (never a drop).
  const settings = { ...CHOOSER_SETTINGS, warmup: 1, block: 1, rounds: 2, minRounds: 2, drop: 100, recheck: 3, maxRecheck: 3, recheckRounds: 1 };
  const reports = Array.from({ length: 4 }, () => trainWith("auto", 100, 1, parallelGradient("auto", { settings })).r.parallelism!);
  assert.deepEqual(reports.map((r) => r.trials), [1, 1, 1, 1], "each run: the first trial, then one re-check after its 2 untimed batches");
  assert.deepEqual(reports.map((r) => r.earlier === true), [false, true, true, true]);
  // Without the process's measuring, every run starts again, and 7 batches hold its first trial only.
  const alone = trainWith("auto", 100, 1, parallelGradient("auto", { settings, remember: false })).r.parallelism!;
  assert.equal(alone.earlier, undefined);
  assert.equal(alone.trials, 1);
  forgetMeasurements();
});

test("a custom loss is the same work when it is the same function: a later run goes on with its chooser, another function starts again", { skip: candidates().length < 2 ? "one way to use the cores here" : false }, () => {
  forgetMeasurements();
  const settings = { ...CHOOSER_SETTINGS, warmup: 1, block: 1, rounds: 2, minRounds: 2, drop: 100, recheck: 3, maxRecheck: 3, recheckRounds: 1 };
  const smoothed: LossFn = (o, t) => softmaxCrossEntropy(o, t).mul(0.9);
  const run = (loss: LossFn) => {
    const data = wideData();
    const model = createModel(wideSpec(data.d), "glorot-uniform", new Rng(3));
    return train(model, data, { epochs: 1, batchSize: 100, optimizer: makeOptimizer("adam", { lr: 1e-3 }), loss, makeGradient: parallelGradient("auto", { settings }) }).parallelism!;
  };
  assert.equal(run(smoothed).earlier, undefined);
  assert.equal(run(smoothed).earlier, true, "the same loss function: the chooser the first run left");
  assert.equal(run((o, t) => softmaxCrossEntropy(o, t).mul(0.9)).earlier, undefined, "an equal-looking but other function is other work");
  assert.equal(run(smoothed).earlier, true);
  forgetMeasurements();
});

test("auto with data-parallel workers among the candidates: the one-thread run's step losses to 1e-4", () => {
  forgetMeasurements();
  const list = [{ kind: "threads", threads: 1 } as const, { kind: "workers", workers: 2 } as const];
  // Short blocks and rounds, so that both candidates run batches of the 3 epochs.
  const settings = { ...CHOOSER_SETTINGS, warmup: 1, block: 1, rounds: 3, recheck: 4, maxRecheck: 4 };
  const auto = trainWith("auto", 100, 3, parallelGradient("auto", { candidates: list, settings, awaitWorkers: true }));
  const one = trainWith({ kind: "threads", threads: 1 }, 100, 3);
  assert.equal(auto.r.parallelism!.how, "measured");
  assert.ok(auto.r.parallelism!.trials! >= 1);
  assert.deepEqual(Object.keys(auto.r.parallelism!.relative!).sort(), ["threads=1", "workers=2"], "both ran timed batches");
  assert.equal(auto.r.stepLosses!.length, one.r.stepLosses!.length);
  auto.r.stepLosses!.forEach((l, i) => assert.ok(Math.abs(l - one.r.stepLosses![i]!) <= 1e-4 * Math.abs(l), `batch ${i + 1}: ${l} against ${one.r.stepLosses![i]}`));
  forgetMeasurements();
});

test("the Node entry's train measures by default; a custom loss runs on the kernel threads, not on workers", () => {
  forgetMeasurements();
  const data = wideData();
  const model = createModel(wideSpec(data.d), "glorot-uniform", new Rng(3));
  // 30 batches: a whole trial (3 warm-up batches, then 4 rounds of 3-batch blocks of 2 candidates)
  // even when neither candidate is a clear loser that leaves after 2 rounds.
  const r = trainNode(model, data, { epochs: 3, batchSize: 64, optimizer: makeOptimizer("adam", { lr: 1e-3 }), loss: (o, t) => softmaxCrossEntropy(o, t) });
  assert.ok(r.parallelism !== undefined && ["measured", "only one way here"].includes(r.parallelism.how), `parallelism: ${JSON.stringify(r.parallelism)}`);
  // Batches of 32 of this model: no product reaches the kernels' split size, so nothing is measured.
  const small = trainNode(createModel(wideSpec(data.d), "glorot-uniform", new Rng(3)), data, { epochs: 1, batchSize: 32, optimizer: makeOptimizer("adam", { lr: 1e-3 }) });
  assert.deepEqual(small.parallelism, { used: { kind: "threads", threads: 1 }, how: "too small to split" });
  assert.equal(parallelismLine(small.parallelism!), "parallelism: 1 kernel thread (the kernels split no product or step of this size over threads)");
  assert.ok(r.parallelism.used.kind === "threads");
  const again = createModel(wideSpec(data.d), "glorot-uniform", new Rng(3));
  assert.throws(
    () => trainNode(again, data, { epochs: 1, batchSize: 32, optimizer: makeOptimizer("sgd", { lr: 0.1 }), loss: (o, t) => softmaxCrossEntropy(o, t), makeGradient: parallelGradient({ kind: "workers", workers: 2 }) }),
    (e: Error) => e instanceof OptionError && /workers=2 needs a built-in model and a loss by name/.test(e.message),
  );
  forgetMeasurements();
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
