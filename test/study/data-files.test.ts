/**
 * The study reads data files with train's data options, Parquet included, and standardizes a
 * regression target as training does (losses scored in the target's units).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { runStudy } from "../../src/cli/commands/study.js";
import { bufferIO } from "../../src/cli/io.js";
import { loadFileData } from "../../src/data/index.node.js";
import { prepareStudyData, prepareStudyDataAsync, type StudySetup } from "../../src/study/index.js";
import { fitTargetScale } from "../../src/train/index.js";

const F = resolve("test/fixtures/tabular");
const HOUSES = { drop: "listing_id", impute: "median", optimizers: "sgd:lr=0.05", repeats: "2", epochs: "3", workers: "1", json: true };

async function study(flags: Record<string, unknown>): Promise<{ metric: string; configs: { values: number[] }[] }> {
  const io = bufferIO();
  assert.equal(await runStudy(flags, io), 0, io.err());
  return JSON.parse(io.out());
}

describe("study on data files", () => {
  test("a Parquet file gives the runs of the same CSV", async () => {
    const a = await study({ ...HOUSES, data: join(F, "houses-train.parquet") });
    const b = await study({ ...HOUSES, data: join(F, "houses-train.csv") });
    assert.equal(a.metric, "r2");
    assert.deepEqual(a.configs[0]!.values, b.configs[0]!.values);
  });

  test("a regression target is standardized: R² near scikit-learn's, losses in the target's units", async () => {
    const r2 = await study({ ...HOUSES, data: join(F, "houses-train.csv") });
    for (const v of r2.configs[0]!.values) assert.ok(v > 0.8, `R² ${v}`);
    const loss = await study({ ...HOUSES, data: join(F, "houses-train.csv"), metric: "loss" });
    for (const v of loss.configs[0]!.values) assert.ok(v > 1e8, `test MSE ${v} is not in squared dollars`);
    const setup: StudySetup = {
      data: join(F, "houses-train.csv"), model: "linear", optimizers: ["sgd"], repeats: 1, budget: { kind: "epochs", epochs: 1 }, batchSize: 32,
      metric: "r2", dataOptions: { drop: ["listing_id"], impute: "median" },
    };
    const data = prepareStudyData(setup);
    const raw = loadFileData(setup.data, setup.dataOptions, { testFraction: 0.25, seed: 1 });
    assert.deepEqual(data.targetScale, fitTargetScale(raw.train.targets));
    assert.ok(Math.abs(data.train.targets.reduce((s, v) => s + v, 0) / data.train.n) < 1e-6);
    assert.throws(() => prepareStudyData({ ...setup, data: join(F, "houses-train.parquet") }), /read asynchronously/);
    assert.deepEqual((await prepareStudyDataAsync({ ...setup, data: join(F, "houses-train.parquet") })).targetScale, data.targetScale);
  });
});
