/**
 * Streaming reads files with the one reader and the in-memory rules: on the realistic fixtures
 * (text categories, missing cells, IDs, a European dialect, Parquet) a streamed file in small
 * chunks gives the encodings, rows, standardizer and target scale that loading it whole gives.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fitStandardizer, prepareTable, readTable, type DataOptions, type Dataset } from "../../src/data/index.js";
import { shownPath } from "../../src/data/index.node.js";
import { fitTargetScale } from "../../src/train/index.js";
import { openDataStream, tableChunks, type DataStream } from "../../src/stream/index.js";
import { writeFile } from "./helpers.js";

const F = resolve("test/fixtures/tabular");

function inMemory(path: string, options: DataOptions): Dataset {
  return prepareTable(readTable(readFileSync(path, "utf8"), { ...options, source: shownPath(path) }).table, options).train;
}

async function allRows(stream: DataStream): Promise<{ features: number[]; targets: number[] }> {
  const features: number[] = [];
  const targets: number[] = [];
  for await (const c of stream.chunks("train")) {
    features.push(...c.features);
    targets.push(...c.targets);
  }
  return { features, targets };
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, rel: number, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let j = 0; j < a.length; j++) assert.ok(Math.abs(a[j]! - b[j]!) <= rel * Math.max(1, Math.abs(b[j]!)), `${what}[${j}]: ${a[j]} vs ${b[j]}`);
}

async function assertSameAsMemory(path: string, options: DataOptions): Promise<DataStream> {
  const ds = inMemory(path, options);
  const stream = await openDataStream(path, { ...options, chunkBytes: 2048 });
  assert.deepEqual(stream.columns, ds.columns);
  assert.deepEqual(stream.featureNames, ds.featureNames);
  assert.deepEqual(stream.classes, ds.classes);
  assert.equal(stream.task, ds.task);
  assert.deepEqual(stream.notes, ds.notes);
  assert.equal(stream.trainRows, ds.n);
  const rows = await allRows(stream);
  assert.deepEqual(rows.features, Array.from(ds.features));
  assert.deepEqual(rows.targets, Array.from(ds.targets));
  const s = fitStandardizer(ds);
  assertClose(stream.standardizer.mean, s.mean, 1e-12, "mean");
  assertClose(stream.standardizer.std, s.std, 1e-12, "std");
  return stream;
}

describe("a streamed file is fitted as the in-memory loader fits it", () => {
  test("churn: text target in the first column, categories, imputed cells, a dropped ID", async () => {
    const stream = await assertSameAsMemory(join(F, "churn-train.csv"), { target: "churned", drop: ["customer_id"], impute: "median" });
    assert.ok(stream.columns.some((c) => c.kind === "categorical"));
  });

  test("houses: regression target scale, --impute mean, --categorical on a number column", async () => {
    const path = join(F, "houses-train.csv");
    const options: DataOptions = { drop: ["listing_id"], impute: "mean", categorical: ["bedrooms"] };
    const stream = await assertSameAsMemory(path, options);
    const t = fitTargetScale(inMemory(path, options).targets);
    assertClose([stream.targetScale!.mean, stream.targetScale!.scale], [t.mean, t.scale], 1e-12, "target scale");
  });

  test("--drop-missing and most-frequent, and a European file with its dialect options", async () => {
    await assertSameAsMemory(join(F, "houses-train.csv"), { drop: ["listing_id"], dropMissing: true });
    await assertSameAsMemory(join(F, "houses-train.csv"), { features: ["sqft", "year_built", "condition"], impute: "most-frequent" });
    await assertSameAsMemory(join(F, "houses-train-eu.csv"), { drop: ["listing_id"], impute: "median", delimiter: ";", decimal: ",", thousands: "." });
  });

  test("a column that shows text only in a later chunk is categorical, with the numbers of earlier chunks among its categories", async () => {
    const lines = ["code,x,y", ...Array.from({ length: 400 }, (_, i) => `${i % 9},${i},${i % 2}`), "X,1,0", "3,2,1"];
    await assertSameAsMemory(writeFile("late-text.csv", lines.join("\n") + "\n"), {});
  });

  test("the missing-cells message is the in-memory one, listing every column", async () => {
    const path = join(F, "houses-train.csv");
    const expected = (() => { try { inMemory(path, {}); } catch (e) { return (e as Error).message; } })();
    assert.match(expected!, /missing cells in 3 columns: year_built \(58\), lot_m2 \(51\), condition \(45\)/);
    await assert.rejects(openDataStream(path, { chunkBytes: 1024 }), { message: expected });
  });

  test("Parquet streams one row group at a time, to the rows and encodings of the same CSV", async () => {
    const parquet = join(F, "houses-train.parquet");
    let groups = 0;
    for await (const { table } of tableChunks(parquet, {}, "houses-train.parquet")) groups += table.n > 0 ? 1 : 0;
    assert.equal(groups, 2);
    const options: DataOptions = { drop: ["listing_id"], impute: "median" };
    const a = await openDataStream(parquet, { ...options, testFraction: 0.2, seed: 3 });
    const b = await openDataStream(join(F, "houses-train.csv"), { ...options, testFraction: 0.2, seed: 3 });
    assert.deepEqual(a.columns, b.columns);
    assert.equal(a.trainRows, b.trainRows);
    assert.equal(a.testRows, b.testRows);
    assert.deepEqual(await allRows(a), await allRows(b));
    assert.deepEqual(a.targetScale, b.targetScale);
  });
});
