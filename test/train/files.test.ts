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
    assert.throws(() => modelFromJSON(json, "x.json"), (e: unknown) => e instanceof DataError && e.message === "x.json is a version 7 model file; this descent reads versions 1 and 2");
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

describe("model file preprocessing (version 2)", () => {
  test("column encodings, scaling and target scaling round-trip; the record is documented JSON", () => {
    const m = createModel(specFor(parseArchitecture("linear"), 3, "regression", 0), "zeros", new Rng(1));
    m.columns = [{ name: "city", kind: "categorical", categories: ["Berlin", "Paris"], impute: "Paris" }, { name: "age", kind: "numeric", impute: 41.5 }];
    m.standardizer = { mean: Float64Array.from([0, 0, 40]), std: Float64Array.from([1, 1, 12]) };
    m.targetName = "price";
    m.targetScaling = { mean: 250000, scale: 80000 };
    const file = join(dir, "pre.json");
    saveModel(file, m);
    const json = JSON.parse(readFileSync(file, "utf8"));
    assert.equal(json.version, 2);
    assert.deepEqual(json.preprocessing, {
      columns: m.columns,
      scaling: { mean: [0, 0, 40], std: [1, 1, 12] },
      target: { name: "price", task: "regression", mean: 250000, scale: 80000 },
    });
    const back = loadModel(file).model;
    assert.deepEqual(back.columns, m.columns);
    assert.deepEqual(back.featureNames, ["city=Berlin", "city=Paris", "age"]);
    assert.deepEqual(back.targetScaling, m.targetScaling);
    assert.deepEqual(back.standardizer, m.standardizer);
    assert.throws(() => modelFromJSON({ ...json, preprocessing: { ...json.preprocessing, columns: [{ name: "age", kind: "numeric" }] } }, "p.json"), /p.json is not a usable model file: its columns encode to 1 inputs, the model has 3/);
  });

  test("a version 1 file (standardizer, classes, featureNames at the top) still loads and predicts the same", () => {
    const m = model();
    m.featureNames = ["x", "y"];
    m.targetName = "label";
    const v2 = modelJson2(m);
    const v1 = {
      format: "descent-model", version: 1, spec: v2.spec, params: v2.params,
      standardizer: v2.preprocessing.scaling, classes: ["a", "b", "c"], featureNames: ["x", "y"], targetName: "label",
    };
    const back = modelFromJSON(v1, "old.json").model;
    assert.deepEqual(back.classes, ["a", "b", "c"]);
    assert.deepEqual(back.featureNames, ["x", "y"]);
    assert.equal(back.targetName, "label");
    assert.equal(back.columns, undefined);
    const rows = blobs(20, 9).features;
    assert.deepEqual(predict(back, rows), predict(m, rows));
  });
});

function modelJson2(m: Model): any {
  const file = join(dir, "v2.json");
  saveModel(file, m);
  return JSON.parse(readFileSync(file, "utf8"));
}
