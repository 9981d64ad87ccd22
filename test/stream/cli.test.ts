import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
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
    assert.equal(b.err, "descent: --stream reads a CSV or Parquet file; iris is a bundled dataset (drop --stream)\n");
    const c = await run(["train", "--data", join(dir, "missing.csv"), "--stream"]);
    assert.match(c.err, /^descent: cannot read .*missing\.csv: no such file\n$/);
    assert.equal(existsSync(join(dir, "missing.csv")), false);
  });
});

const F = resolve("test/fixtures/tabular");
const BIN = resolve("bin/descent.js");
const built = existsSync(resolve("dist/cli/main.js"));

describe("descent train --stream with train's data options", () => {
  const CHURN = ["--target", "churned", "--drop", "customer_id", "--impute", "median", "--epochs", "2", "--test-split", "0"];

  test("stores the preprocessing exactly as in-memory training does, and predict reads it", async () => {
    const streamed = await run(["train", "--data", join(F, "churn-train.csv"), "--stream", ...CHURN, "--save", join(dir, "churn-s.json")]);
    assert.equal(streamed.code, 0, streamed.err);
    assert.match(streamed.out, /^streaming logistic on churn-train: 1500 train \/ 0 test rows .*, 13 features;/);
    const memory = await run(["train", "--data", join(F, "churn-train.csv"), ...CHURN, "--save", join(dir, "churn-m.json")]);
    assert.equal(memory.code, 0, memory.err);
    const a = JSON.parse(readFileSync(join(dir, "churn-s.json"), "utf8")).preprocessing;
    const b = JSON.parse(readFileSync(join(dir, "churn-m.json"), "utf8")).preprocessing;
    assert.deepEqual(a.columns, b.columns);
    assert.deepEqual(a.target, b.target);
    for (const k of ["mean", "std"] as const) a.scaling[k].forEach((v: number, j: number) => assert.ok(Math.abs(v - b.scaling[k][j]) < 1e-12 * Math.max(1, Math.abs(v)), `${k}[${j}]`));
    const p = await run(["predict", "--model", join(dir, "churn-s.json"), "--data", join(F, "churn-test.csv"), "--json"]);
    assert.equal(p.code, 0, p.err);
    assert.equal(JSON.parse(p.out).predictions.length, 500);
  });

  test("regression: the target is standardized, the model file stores its scale, and R² comes close to in-memory training", async () => {
    const args = ["--data", join(F, "houses-train.csv"), "--drop", "listing_id", "--impute", "median", "--epochs", "40", "--json"];
    const streamed = await run(["train", "--stream", ...args, "--save", join(dir, "houses-s.json")]);
    assert.equal(streamed.code, 0, streamed.err);
    const memory = await run(["train", ...args]);
    const rs = JSON.parse(streamed.out).final.testMetric;
    const rm = JSON.parse(memory.out).final.testMetric;
    assert.ok(rm > 0.85, `in memory ${rm}`);
    assert.ok(Math.abs(rs - rm) < 0.05, `streamed R² ${rs}, in memory ${rm}`);
    const target = JSON.parse(readFileSync(join(dir, "houses-s.json"), "utf8")).preprocessing.target;
    assert.ok(target.mean > 1e5 && target.scale > 1e4, JSON.stringify(target));
    // Test loss in the target's units: squared dollars, not squared standard deviations.
    assert.ok(JSON.parse(streamed.out).final.testLoss > 1e8);
  });

  test("a Parquet file streams as its CSV does", async () => {
    const args = ["--stream", "--drop", "listing_id", "--impute", "median", "--epochs", "2", "--json", "--seed", "2"];
    const a = JSON.parse((await run(["train", "--data", join(F, "houses-train.parquet"), ...args])).out);
    const b = JSON.parse((await run(["train", "--data", join(F, "houses-train.csv"), ...args])).out);
    assert.deepEqual(a.history.map((h: { trainLoss: number }) => h.trainLoss), b.history.map((h: { trainLoss: number }) => h.trainLoss));
    // The test score is summed per chunk (row groups against 1 MiB of text): equal up to rounding.
    assert.ok(Math.abs(a.final.testMetric - b.final.testMetric) < 1e-7, `${a.final.testMetric} vs ${b.final.testMetric}`);
  });

  test("errors through the real CLI: exit 2, one line, nothing written", { skip: !built && "build first (npm test does)" }, () => {
    const cases: [string[], RegExp][] = [
      [["--data", join(F, "houses-train.csv")], /^descent: .*houses-train\.csv: missing cells in 3 columns: year_built \(58\), lot_m2 \(51\), condition \(45\); fill them with --impute/],
      [["--data", join(F, "houses-train-eu.csv")], /^descent: .*: column "lot_m2" \(5\) has cells such as "492,71" that are not numbers; they look like numbers with decimal commas: add --decimal , --thousands \.$/],
      [["--data", join(F, "churn-train.csv"), "--target", "nope"], /^descent: .*churn-train\.csv: no column "nope" \(columns: churned, customer_id,/],
    ];
    for (const [args, message] of cases) {
      const r = spawnSync(process.execPath, [BIN, "train", "--stream", ...args, "--save", join(dir, "never.json")], { encoding: "utf8" });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
      assert.match(r.stderr.trimEnd(), message);
      assert.equal(existsSync(join(dir, "never.json")), false);
    }
  });
});
