// The new optimizers in the trainer: checkpoints resume bit for bit, and schedule-free runs are
// scored, returned and checkpointed at x (the average), trained at y.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { fitStandardizer } from "../../src/data/index.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import {
  createModel, defaultLoss, evaluate, lossFunction, makeGradientFunction, parameterShapes, prepareFeatures, parseArchitecture, readCheckpoint, specFor, train, writeCheckpoint, type Model,
} from "../../src/train/index.node.js";
import { blobs, paramBytes } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "descent-modern-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const data = blobs(90);
function model(): Model {
  const spec = specFor(parseArchitecture("mlp:6"), data.d, data.task, 3);
  const m = createModel(spec, "glorot-uniform", new Rng(4));
  m.standardizer = fitStandardizer(data);
  return m;
}

const SPECS: [string, Record<string, number | boolean>][] = [
  ["lion", { lr: 0.003, weight_decay: 0.1 }],
  ["sgd-schedulefree", { lr: 0.5 }],
  ["adamw-schedulefree", { lr: 0.02, weight_decay: 0.01, warmup_steps: 5 }],
  ["muon", { lr: 0.02, output_adamw: true }],
  ["prodigy", {}],
];

describe("checkpoint and resume", () => {
  for (const [name, options] of SPECS) {
    test(`${name}: a mid-epoch checkpoint resumes to the uninterrupted weights, bit for bit`, () => {
      const opts = { epochs: 3, batchSize: 8, seed: 5 } as const;
      const whole = model();
      const wholeRun = train(whole, data, { ...opts, optimizer: makeOptimizer(name, options) });
      const first = model();
      const controller = new AbortController();
      const stopped = train(first, data, {
        ...opts, optimizer: makeOptimizer(name, options), interrupt: controller.signal,
        callbacks: { onBatchEnd: (b) => { if (b.epoch === 2 && b.batch === 5) controller.abort(); } },
      });
      assert.equal(stopped.stop.kind, "interrupted");
      const file = join(dir, `${name}.ckpt`);
      writeCheckpoint(file, { config: {}, model: first, state: stopped.state });
      const back = readCheckpoint(file);
      const rest = train(back.model, data, { ...opts, optimizer: makeOptimizer(name, options), resume: back.state });
      assert.deepEqual(paramBytes(back.model.params), paramBytes(whole.params));
      assert.deepEqual(rest.state.optimizer, wholeRun.state.optimizer);
    });
  }
});

describe("schedule-free in the trainer", () => {
  const values = (params: Record<string, Float32Array | Float64Array>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.from(v)]));

  test("the returned model is x and is what the last epoch scored; y is kept for training on", () => {
    const opt = makeOptimizer("adamw-schedulefree", { lr: 0.05 });
    const m = model();
    const r = train(m, data, { epochs: 2, batchSize: 8, seed: 2, optimizer: opt, test: data });
    const slot = (which: string) => Object.fromEntries(Object.keys(m.params).map((k) => [k, Array.from(r.state.optimizer.slots[k]![which]!)]));
    assert.deepEqual(values(m.params), slot("x"));
    assert.notDeepEqual(slot("x"), slot("y"));
    assert.equal(r.history.at(-1)!.testMetric, evaluate(m, data).metric);
  });

  test("gradients are taken at y: the trainer equals a hand-written loop that steps at y and reads x at the end", () => {
    const m = model();
    const r = train(m, data, { epochs: 4, batchSize: "full", seed: 2, optimizer: makeOptimizer("sgd-schedulefree", { lr: 0.3 }) });
    assert.equal(r.state.updates, 4);
    const hand = model();
    const opt = makeOptimizer("sgd-schedulefree", { lr: 0.3 });
    const state = opt.init(hand.params, parameterShapes(hand.spec));
    const gradient = makeGradientFunction(hand.spec, lossFunction(defaultLoss(hand.spec.head)));
    const xs = prepareFeatures(hand, data.features);
    for (let k = 0; k < 4; k++) opt.step(hand.params, gradient(hand.params, xs, data.targets).grads, state);
    opt.eval!(hand.params, state);
    assert.deepEqual(values(m.params), values(hand.params));
  });
});
