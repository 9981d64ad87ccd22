import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bufferIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { commands } from "../../src/cli/commands/index.js";
import { registerTrain, runTrain, type TrainFlags } from "../../src/cli/commands/train.js";
import { registerPredict, runPredict } from "../../src/cli/commands/predict.js";
import { DataError, OptionError } from "../../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "descent-train-"));

async function trainJson(flags: TrainFlags): Promise<{ code: number; json: any; err: string }> {
  const io = bufferIO();
  const code = await runTrain({ ...flags, json: true }, io);
  return { code, json: JSON.parse(io.out()), err: io.err() };
}

describe("descent train", () => {
  test("with only --data breast-cancer: logistic regression, test accuracy ≥ 0.95", async () => {
    const io = bufferIO();
    assert.equal(await runTrain({ data: "breast-cancer" }, io), 0);
    const out = io.out();
    assert.match(out, /^training logistic on breast-cancer: 455 train \/ 114 test rows, 30 features; bce loss, adam:lr=0.01, batch 32, 50 epochs\n/);
    assert.equal(out.match(/^epoch +\d+\/50 /gm)!.length, 50);
    const acc = Number(/test accuracy ([\d.]+)/.exec(out.split("\n").at(-8)!)?.[1] ?? /^test accuracy ([\d.]+)/m.exec(out)![1]);
    assert.ok(acc >= 0.95, `accuracy ${acc}`);
    assert.match(out, /MCC [\d.]+ {2}macro F1/);
    assert.match(out, /malignant +[\d.]+ +[\d.]+ +[\d.]+ +\d+ +\d+/);
  });

  test("--json prints one object with metric, history and final scores", async () => {
    const { code, json } = await trainJson({ data: "iris", model: "mlp:8:tanh", epochs: "4", batchSize: "16" });
    assert.equal(code, 0);
    assert.equal(json.metric, "accuracy");
    assert.equal(json.history.length, 4);
    assert.deepEqual(Object.keys(json.history[0]).slice(0, 6), ["epoch", "trainLoss", "trainMetric", "testLoss", "testMetric", "seconds"]);
    assert.equal(json.final.confusionMatrix.length, 3);
    assert.equal(json.final.updates, 4 * Math.ceil(120 / 16));
    assert.equal(json.final.testMetric, json.history[3].testMetric);
  });

  test("regression reports r2, MSE and MAE", async () => {
    const { json } = await trainJson({ data: "diabetes", batchSize: "full", optimizer: "sgd:lr=0.1", epochs: "200" });
    assert.equal(json.metric, "r2");
    assert.ok(json.final.r2 > 0.4, `r2 ${json.final.r2}`);
    assert.ok(json.final.mse > 0 && json.final.mae > 0);
  });

  test("same seed, same history and weights", async () => {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    const ra = await trainJson({ data: "wine", epochs: "3", save: a });
    const rb = await trainJson({ data: "wine", epochs: "3", save: b });
    const strip = (h: any[]) => h.map(({ seconds: _s, ...r }) => r);
    assert.deepEqual(strip(ra.json.history), strip(rb.json.history));
    assert.equal(readFileSync(a, "utf8"), readFileSync(b, "utf8"));
  });

  test("bad input is refused with one line", async () => {
    await assert.rejects(runTrain({ data: "iris", batchSize: "0" }, bufferIO()), (e: unknown) => e instanceof OptionError && /--batch-size 0/.test(e.message));
    await assert.rejects(runTrain({ data: "iris", model: "mlp:0" }, bufferIO()), /must be a whole number >= 1/);
    await assert.rejects(runTrain({ data: "iris", save: join(dir, "missing", "m.json") }, bufferIO()), /folder .*missing does not exist/);
    await assert.rejects(runTrain({ data: "iris", optimizer: "adamm" }, bufferIO()), OptionError);
    await assert.rejects(runTrain({ data: "iris", testSplit: "1.5" }, bufferIO()), /invalid --test-split 1.5: must be 0 \(train on every row\) or between 0 and 1/);
    await assert.rejects(runTrain({ resume: join(dir, "none.ckpt") }, bufferIO()), /cannot read checkpoint .*none.ckpt: no such file/);
  });

  test("a batch larger than the data trains with a note", async () => {
    const { code, err, json } = await trainJson({ data: "iris", batchSize: "1000", epochs: "2" });
    assert.equal(code, 0);
    assert.match(err, /note: batch size 1000 is larger than the 120 training rows/);
    assert.equal(json.final.updates, 2);
  });

  test("a diverging run stops, names epoch and batch, and saves the last finite weights", async () => {
    const file = join(dir, "nan.json");
    const io = bufferIO();
    const code = await runTrain({ data: "diabetes", optimizer: "sgd:lr=100", epochs: "20", save: file }, io);
    assert.equal(code, 1);
    assert.match(io.err(), /^descent: the loss became (NaN|infinite) at epoch \d+, batch \d+; try a smaller learning rate/);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    for (const values of Object.values(saved.params) as number[][]) assert.ok(values.every(Number.isFinite));
  });

  test("interrupt writes a checkpoint and exits 130; --resume ends with the uninterrupted weights", async () => {
    const whole = join(dir, "whole.json");
    const parted = join(dir, "parted.json");
    const ck = join(dir, "run.ckpt");
    const base: TrainFlags = { data: "wine", model: "mlp:6", epochs: "3", batchSize: "10", optimizer: "adam:lr=0.01", schedule: "cosine:t_max=45" };
    await trainJson({ ...base, save: whole });
    const io = bufferIO();
    const controller = new AbortController();
    io.stdout = { write: (s: string) => { if (s.startsWith("epoch 1/")) controller.abort(); return true; }, isTTY: false };
    const code = await runTrain({ ...base, checkpoint: ck }, { ...io, interrupt: controller.signal });
    assert.equal(code, 130);
    assert.match(io.err(), /^descent: interrupted after epoch 1, batch 15; checkpoint written to .*run\.ckpt\n$/);
    assert.ok(existsSync(ck));
    const resumed = await trainJson({ resume: ck, save: parted });
    assert.equal(resumed.code, 0);
    assert.equal(resumed.json.history.length, 3);
    assert.deepEqual(JSON.parse(readFileSync(parted, "utf8")).params, JSON.parse(readFileSync(whole, "utf8")).params);
  });
});

describe("descent predict", () => {
  const model = join(dir, "iris.json");
  const ready = runTrain({ data: "iris", epochs: "30", save: model, json: true }, bufferIO());

  test("prints a label per row and the metric when the file holds the target", async () => {
    await ready;
    const csv = join(dir, "rows.csv");
    writeFileSync(csv, "sl,sw,pl,pw,species\n5.1,3.5,1.4,0.2,setosa\n6.7,3.0,5.2,2.3,virginica\n");
    const io = bufferIO();
    assert.equal(await runPredict({ model, data: csv }, io), 0);
    assert.equal(io.out(), "setosa\nvirginica\naccuracy 1 on 2 rows\n");
    const js = bufferIO();
    await runPredict({ model, data: csv, json: true }, js);
    assert.deepEqual(JSON.parse(js.out()).predictions, ["setosa", "virginica"]);
  });

  test("features only: predictions without a metric", async () => {
    await ready;
    const csv = join(dir, "features.csv");
    writeFileSync(csv, "5.1,3.5,1.4,0.2\n");
    const io = bufferIO();
    await runPredict({ model, data: csv, json: true }, io);
    assert.deepEqual(JSON.parse(io.out()), { predictions: ["setosa"] });
  });

  test("regression predictions are numbers", async () => {
    const file = join(dir, "diabetes.json");
    await runTrain({ data: "diabetes", epochs: "5", save: file, json: true }, bufferIO());
    const io = bufferIO();
    await runPredict({ model: file, data: "diabetes", json: true }, io);
    const out = JSON.parse(io.out());
    assert.equal(out.predictions.length, 442);
    assert.equal(typeof out.predictions[0], "number");
    assert.equal(out.metric, "r2");
  });

  test("corrupted files and other versions are one-line DataErrors", async () => {
    await ready;
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ not json");
    await assert.rejects(() => runPredict({ model: broken, data: "iris" }, bufferIO()), (e: unknown) => e instanceof DataError && /corrupted: not valid JSON/.test(e.message));
    const v3 = join(dir, "v3.json");
    writeFileSync(v3, JSON.stringify({ ...JSON.parse(readFileSync(model, "utf8")), version: 3 }));
    await assert.rejects(() => runPredict({ model: v3, data: "iris" }, bufferIO()), /version 3 model file; this descent reads versions 1 and 2/);
    const cut = join(dir, "cut.json");
    const m = JSON.parse(readFileSync(model, "utf8"));
    m.params["dense0.weight"].pop();
    writeFileSync(cut, JSON.stringify(m));
    await assert.rejects(() => runPredict({ model: cut, data: "iris" }, bufferIO()), /parameter "dense0.weight" should be 12 finite numbers/);
  });
});

describe("through main", () => {
  const registered = commands.includes(registerTrain) && commands.includes(registerPredict);
  test("descent train … --json and descent predict", { skip: registered ? false : "train/predict not registered in src/cli/commands/index.ts yet" }, async () => {
    const file = join(dir, "main.json");
    const io = bufferIO();
    assert.equal(await main(["train", "--data", "iris", "--epochs", "2", "--save", file, "--json"], io), 0);
    assert.equal(JSON.parse(io.out()).history.length, 2);
    const p = bufferIO();
    assert.equal(await main(["predict", "--model", file, "--data", "iris", "--json"], p), 0);
    assert.equal(JSON.parse(p.out()).predictions.length, 150);
    const bad = bufferIO();
    assert.equal(await main(["train", "--data", "iris", "--batch-size", "0"], bad), 2);
    assert.match(bad.err(), /^descent: invalid --batch-size 0/);
  });
});
