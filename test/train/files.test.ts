import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitStandardizer } from "../../src/data/index.node.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import {
  createModel, loadModel, modelFromJSON, parseArchitecture, predict, readCheckpoint, saveModel, specFor, train, writeCheckpoint, type Model,
} from "../../src/train/index.node.js";
import { DataError } from "../../src/errors.js";
import { blobs, paramBytes } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "descent-files-"));

function model(): Model {
  const data = blobs(60);
  const m = createModel(specFor(parseArchitecture("mlp:5:sigmoid"), 2, "classification", 3), "he-normal", new Rng(4));
  m.standardizer = fitStandardizer(data);
  m.classes = data.classes!;
  return m;
}

describe("model files", () => {
  test("save and load give the same weights (bit for bit), standardizer, labels and predictions", () => {
    const m = model();
    const opt = makeOptimizer("adam", { lr: 0.01 });
    const r = train(m, blobs(60), { epochs: 2, batchSize: 8, optimizer: opt });
    const file = join(dir, "m.json");
    saveModel(file, m, { loss: "cross-entropy", optimizer: { spec: "adam:lr=0.01", state: r.state.optimizer } });
    const back = loadModel(file);
    assert.deepEqual(paramBytes(back.model.params), paramBytes(m.params));
    assert.deepEqual(back.model.spec, m.spec);
    assert.deepEqual(back.model.classes, ["a", "b", "c"]);
    assert.deepEqual(back.model.standardizer, m.standardizer);
    assert.equal(back.loss, "cross-entropy");
    assert.equal(back.optimizer!.state.count, r.state.optimizer.count);
    assert.deepEqual(back.optimizer!.state.slots["dense0.weight"], r.state.optimizer.slots["dense0.weight"]);
    const rows = blobs(20, 9).features;
    assert.deepEqual(predict(back.model, rows), predict(m, rows));
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes(".tmp-")), []);
  });

  test("wrong format, version or sizes are DataErrors naming the file", () => {
    const json = JSON.parse(JSON.stringify({ ...modelJson(), version: 7 }));
    assert.throws(() => modelFromJSON(json, "x.json"), (e: unknown) => e instanceof DataError && e.message === "x.json is a version 7 model file; this descent reads version 1");
    assert.throws(() => modelFromJSON({ format: "other" }, "x.json"), /x.json is not a usable model file/);
    assert.throws(() => modelFromJSON({ ...modelJson(), spec: { ...modelJson().spec, hidden: [0] } }, "x.json"), /architecture/);
    assert.throws(() => loadModel(join(dir, "none.json")), /cannot read model file .*none.json: no such file/);
  });
});

function modelJson(): any {
  const file = join(dir, "plain.json");
  saveModel(file, model());
  return JSON.parse(readFileSync(file, "utf8"));
}

describe("checkpoints", () => {
  test("a mid-epoch checkpoint written to disk resumes to the uninterrupted weights", () => {
    const data = blobs(90);
    const opts = { epochs: 3, batchSize: 8, seed: 5, validationFraction: 0.2, patience: 5 } as const;
    const whole = model();
    train(whole, data, { ...opts, optimizer: makeOptimizer("adam", { lr: 0.02 }) });
    const first = model();
    const controller = new AbortController();
    const stopped = train(first, data, {
      ...opts, optimizer: makeOptimizer("adam", { lr: 0.02 }), interrupt: controller.signal,
      callbacks: { onBatchEnd: (b) => { if (b.epoch === 2 && b.batch === 3) controller.abort(); } },
    });
    const file = join(dir, "run.ckpt");
    writeCheckpoint(file, { config: { note: "anything" }, model: first, state: stopped.state });
    const back = readCheckpoint<{ note: string }>(file);
    assert.equal(back.config.note, "anything");
    assert.equal(back.state.batch, 3);
    assert.ok(back.state.order instanceof Uint32Array);
    train(back.model, data, { ...opts, optimizer: makeOptimizer("adam", { lr: 0.02 }), resume: back.state });
    assert.deepEqual(paramBytes(back.model.params), paramBytes(whole.params));
  });
});
