import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { run } from "../cli/helpers.js";
import { loadModel } from "../../src/train/index.node.js";
import { dir, syntheticCsv, writeFile } from "./helpers.js";

describe("descent train --stream", () => {
  const csv = writeFile("cli.csv", syntheticCsv(3000, 4, 8));
  const gz = writeFile("cli.csv.gz", syntheticCsv(3000, 4, 8), true);

  test("trains from a CSV file in minibatches and saves a usable model", async () => {
    const r = await run(["train", "--data", csv, "--stream", "--epochs", "3", "--batch-size", "64", "--shuffle-buffer", "500", "--optimizer", "adam:lr=0.05", "--save", join(dir, "s.json")]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split("\n");
    assert.match(lines[0]!, /^streaming logistic on cli: \d+ train \/ \d+ test rows \(split by row hash\), 4 features; bce loss, adam:lr=0\.05, batch 64, shuffle buffer 500 rows, 3 epochs$/);
    assert.equal(lines.filter((l) => /^epoch [1-3]\/3 /.test(l)).length, 3);
    const acc = Number(/^test accuracy ([\d.]+)/m.exec(r.out)![1]);
    assert.ok(acc > 0.9, `accuracy ${acc}`);
    const { model } = loadModel(join(dir, "s.json"));
    assert.deepEqual(model.classes, ["0", "1"]);
    assert.equal(model.standardizer!.mean.length, 4);
  });

  test("gzip input gives the same --json result as the plain file", async () => {
    const args = ["--stream", "--epochs", "2", "--batch-size", "32", "--json", "--seed", "4"];
    const a = await run(["train", "--data", csv, ...args]);
    const b = await run(["train", "--data", gz, ...args]);
    assert.equal(a.code, 0, a.err);
    const ja = JSON.parse(a.out);
    const jb = JSON.parse(b.out);
    // Same weights; the test loss is summed per chunk, and gzip chunks are cut elsewhere.
    assert.ok(Math.abs(ja.final.testLoss - jb.final.testLoss) < 1e-7, `${ja.final.testLoss} vs ${jb.final.testLoss}`);
    assert.equal(ja.final.testMetric, jb.final.testMetric);
    assert.deepEqual(ja.history.map((h: { trainLoss: number }) => h.trainLoss), jb.history.map((h: { trainLoss: number }) => h.trainLoss));
    assert.equal(ja.trainRows + ja.testRows, 3000);
    assert.equal(ja.history.length, 2);
  });

  test("--schedule runs per update, as in memory: the epoch lines carry the scheduled rate", async () => {
    const r = await run(["train", "--data", csv, "--stream", "--epochs", "3", "--batch-size", "64", "--schedule", "step:step_size=20,gamma=0.5", "--optimizer", "sgd:lr=0.4", "--json"]);
    assert.equal(r.code, 0, r.err);
    const { history, final } = JSON.parse(r.out);
    // StepLR halves the rate every 20 updates: after k updates it is 0.4 · 0.5^⌊k/20⌋.
    const perEpoch = final.updates / 3;
    assert.deepEqual(history.map((h: { lr: number }) => h.lr), [1, 2, 3].map((e) => 0.4 * 0.5 ** Math.floor((e * perEpoch) / 20)));
  });

  test("flags that need the data in memory are refused with one line", async () => {
    const r = await run(["train", "--data", csv, "--stream", "--patience", "3"]);
    assert.equal(r.code, 2);
    assert.equal(r.err, "descent: --stream does not take --patience: early stopping needs a validation set in memory\n");
    const b = await run(["train", "--data", "iris", "--stream"]);
    assert.equal(b.err, "descent: --stream reads a CSV file; iris is a bundled dataset (drop --stream)\n");
    const c = await run(["train", "--data", join(dir, "missing.csv"), "--stream"]);
    assert.match(c.err, /^descent: cannot read .*missing\.csv: no such file\n$/);
    assert.equal(existsSync(join(dir, "missing.csv")), false);
  });
});
