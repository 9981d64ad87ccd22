import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { batchStream, initialModel, prepareStudyData, runOne, runStudy, scoreRun, type StudySetup } from "../../src/study/index.js";
import { makeOptimizer, parseOptimizerSpec } from "../../src/optim/index.js";
import { lossFunction, train } from "../../src/train/index.js";
import { fakeImageFolder } from "./helpers.js";

const iris: StudySetup = {
  data: "iris",
  model: "mlp:6",
  optimizers: ["sgd:lr=0.05", "sgd:lr=0.05,momentum=0.9"],
  repeats: 3,
  budget: { kind: "epochs", epochs: 4 },
  batchSize: 16,
  metric: "accuracy",
};

function take(setup: StudySetup, n: number, seed: number): number[][] {
  // Copy each batch as it comes: a yielded batch is a view that the next step overwrites.
  const out: number[][] = [];
  for (const b of batchStream(setup, n, seed)) out.push(Array.from(b));
  return out;
}

describe("seeded runs", () => {
  test("a seed fixes the initial weights and the batch order; another seed changes both", () => {
    const data = prepareStudyData(iris);
    assert.deepEqual(initialModel(iris, data, 7).params, initialModel(iris, data, 7).params);
    assert.notDeepEqual(initialModel(iris, data, 7).params, initialModel(iris, data, 8).params);
    assert.deepEqual(take(iris, 100, 7), take(iris, 100, 7));
    assert.notDeepEqual(take(iris, 100, 7), take(iris, 100, 8));
  });

  test("the same seed gives the same run, value for value", () => {
    const data = prepareStudyData(iris);
    for (const spec of iris.optimizers) assert.equal(runOne(iris, data, spec, 2).value, runOne(iris, data, spec, 2).value);
  });

  test("a run is the training loop's: train() from the same weights and seed scores the same", () => {
    const data = prepareStudyData(iris);
    for (const [spec, seed] of [["sgd:lr=0.05,momentum=0.9", 4], ["adamw-schedulefree:lr=0.01", 5]] as const) {
      const model = initialModel(iris, data, seed);
      const parsed = parseOptimizerSpec(spec);
      const r = train(model, data.train, { epochs: 4, batchSize: 16, optimizer: makeOptimizer(parsed.name, parsed.options), seed });
      assert.equal(r.state.updates, runOne(iris, data, spec, seed).steps);
      assert.equal(runOne(iris, data, spec, seed).value, scoreRun(iris, data, model.params, lossFunction("cross-entropy")));
    }
  });

  test("a run that diverges stops at the loop's non-finite check", () => {
    const data = prepareStudyData(iris);
    const outcome = runOne(iris, data, "sgd:lr=1e38", 1);
    assert.deepEqual([outcome.finite, Number.isNaN(outcome.value)], [false, true]);
    assert.ok(outcome.steps >= 1 && outcome.steps < 4 * 8, `steps ${outcome.steps}`);
  });

  test("epochs visit every row once; random minibatches are distinct rows, drawn afresh each step", () => {
    for (const batch of [16, 40]) {
      const epochs = take({ ...iris, batchSize: batch }, 100, 1);
      assert.deepEqual(epochs.flat().slice(0, 100).sort((a, b) => a - b), [...Array(100).keys()]);
    }
    const random = take({ ...iris, budget: { kind: "minibatches", minibatches: 50 }, batchSize: 64 }, 100, 1);
    assert.equal(random.length, 50);
    for (const b of random) {
      assert.equal(new Set(b).size, 64);
      assert.ok(b.every((i) => Number.isInteger(i) && i >= 0 && i < 100));
    }
    assert.notDeepEqual(random[0], random[1]);
    // Every row turns up about equally often (50·64/100 = 32 times each).
    const counts = new Array(100).fill(0);
    random.flat().forEach((i) => counts[i]++);
    assert.ok(Math.min(...counts) > 10 && Math.max(...counts) < 60);
  });

  test("worker threads and this thread give identical values; seeds are per configuration in order", async () => {
    const inProcess = await runStudy(iris, { workers: 1 });
    const threaded = await runStudy(iris, { workers: 2 });
    assert.equal(inProcess.execution, "in-process");
    assert.equal(threaded.execution, "2 worker threads");
    assert.deepEqual(threaded.configs.map((c) => c.values), inProcess.configs.map((c) => c.values));
    const data = prepareStudyData(iris);
    assert.equal(inProcess.configs[1]!.values[2], runOne(iris, data, iris.optimizers[1]!, 3).value);
  });

  test("an interrupt stops between runs and keeps only seeds every configuration finished", async () => {
    const controller = new AbortController();
    let runs = 0;
    const result = await runStudy({ ...iris, repeats: 4 }, {
      workers: 1,
      interrupt: controller.signal,
      onRun: () => {
        if (++runs === 3) controller.abort();
      },
    });
    assert.equal(result.interrupted, true);
    assert.deepEqual(result.configs.map((c) => c.values.length), [1, 1]);
  });

  test("an interrupt with worker threads stops them and reports only complete seeds", async () => {
    const controller = new AbortController();
    const result = await runStudy({ ...iris, repeats: 6 }, { workers: 2, interrupt: controller.signal, onRun: (r) => r.done === 2 && controller.abort() });
    assert.equal(result.interrupted, true);
    const lengths = result.configs.map((c) => c.values.length);
    assert.equal(lengths[0], lengths[1]);
    assert.ok(lengths[0]! < 6);
  });

  test("progress reports count runs and estimate the time left", async () => {
    const reports: { done: number; total: number; remaining: number }[] = [];
    await runStudy({ ...iris, repeats: 2 }, { workers: 1, onRun: (r) => reports.push(r) });
    assert.deepEqual(reports.map((r) => [r.done, r.total]), [[1, 4], [2, 4], [3, 4], [4, 4]]);
    assert.equal(reports[3]!.remaining, 0);
    assert.ok(reports.every((r) => r.remaining >= 0));
  });

  test("the preset's network trains on minibatches of 64 image rows and gives a finite MCC", () => {
    const folder = fakeImageFolder();
    const setup: StudySetup = {
      data: folder, model: "mlp:100,50:sigmoid", optimizers: ["sgd:lr=1.0"], repeats: 1,
      budget: { kind: "minibatches", minibatches: 30 }, batchSize: 64, metric: "mcc", loss: "sigmoid-mse", init: "uniform", pool: 2, standardize: false,
    };
    const data = prepareStudyData(setup);
    const outcome = runOne(setup, data, "sgd:lr=1.0", 1);
    assert.equal(outcome.steps, 30);
    assert.ok(outcome.finite && outcome.value >= -1 && outcome.value <= 1);
  });
});
