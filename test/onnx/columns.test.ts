/**
 * ONNX export with the preprocessing in the graph: one input per original column, checked in ONNX
 * Runtime against `descent predict` on the same rows of the realistic fixtures (text categories,
 * missing cells spelled every way descent reads them, unseen categories, number-coded categories).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ort from "onnxruntime-web";
import { isMissingCell, type ColumnEncoding } from "../../src/data/index.js";
import { exportOnnx, exportOnnxGraph } from "../../src/onnx/index.js";
import { loadModel, type Model } from "../../src/train/index.node.js";
import { run } from "../cli/helpers.js";

const F = resolve("test/fixtures/tabular");
const dir = mkdtempSync(join(tmpdir(), "descent-onnx-columns-"));

/** The fixture's rows plus `extra` lines, written to a file of `dir`; returns its path and records. */
function rowsFile(fixture: string, extra: string[]): { path: string; header: string[]; rows: string[][] } {
  const lines = readFileSync(join(F, fixture), "utf8").trimEnd().split("\n").concat(extra);
  assert.ok(lines.every((l) => !l.includes('"')), "the fixtures have no quoted fields");
  const path = join(dir, fixture.replace(".csv", "-plus.csv"));
  writeFileSync(path, lines.join("\n") + "\n");
  return { path, header: lines[0]!.split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

/** One [n, 1] tensor per model column, from the cells as written: numbers as float32 (NaN when missing), text as strings. */
function columnFeeds(session: ort.InferenceSession, columns: readonly ColumnEncoding[], header: string[], rows: string[][]): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const c of columns) {
    const j = header.indexOf(c.name);
    const cells = rows.map((r) => r[j]!);
    const text = c.kind === "categorical" && !c.categories.every((k) => String(Number(k)) === k);
    feeds[c.name] = text
      ? new ort.Tensor("string", cells, [rows.length, 1])
      : new ort.Tensor("float32", Float32Array.from(cells, (cell) => (isMissingCell(cell) ? NaN : Number(cell))), [rows.length, 1]);
  }
  assert.deepEqual(session.inputNames, columns.map((c) => c.name));
  return feeds;
}

async function train(args: string[], model: string): Promise<Model> {
  const r = await run(["train", ...args, "--seed", "5", "--save", model, "--json"]);
  assert.equal(r.code, 0, r.err);
  return loadModel(model).model;
}

describe("ONNX export with the preprocessing in the graph, against descent predict", () => {
  test("a classifier (churn: text categories, imputed cells, unseen categories): the same probabilities and labels", async () => {
    const modelPath = join(dir, "churn.json");
    const model = await train(["--data", join(F, "churn-train.csv"), "--target", "churned", "--drop", "customer_id", "--impute", "median", "--model", "mlp:8:tanh", "--epochs", "4"], modelPath);
    // churned,customer_id,plan,region,contract,tenure_months,monthly_charges,support_calls
    const extra = [
      "no,X1,platinum,mars,month-to-month,12,80.5,3", // two unseen categories
      "yes,X2,basic,na,N/A,NA,?,", // missing cells in every spelling family, text and numbers
      "no,X3,Premium,NULL,two-year,,55,null", // "Premium" is not "premium": unseen, as in descent
      "no,X4,?,nan,nAn,40,N/a,1",
      "yes,X5,standard,west,one-year,1,130,9",
    ];
    const { path, header, rows } = rowsFile("churn-test.csv", extra);
    const predicted = await run(["predict", "--model", modelPath, "--data", path, "--proba", "--json"]);
    assert.equal(predicted.code, 0, predicted.err);
    assert.equal(predicted.err, "warning: 3 cells with categories not seen in training, encoded as all zeros: plan (2), region (1)\n");
    const ours = JSON.parse(predicted.out) as { predictions: string[]; probabilities: Record<string, number>[] };

    const session = await ort.InferenceSession.create(exportOnnx(model), { logSeverityLevel: 3 });
    const out = await session.run(columnFeeds(session, model.columns!, header, rows));
    const p = out.probabilities!.data as Float32Array;
    const label = out.label!.data as BigInt64Array;
    assert.equal(ours.predictions.length, rows.length);
    let worst = 0;
    for (let i = 0; i < rows.length; i++) {
      assert.equal(model.classes![Number(label[i])], ours.predictions[i], `row ${i + 1}`);
      for (const [k, name] of model.classes!.entries()) worst = Math.max(worst, Math.abs(p[2 * i + k]! - ours.probabilities[i]![name]!));
    }
    assert.ok(worst <= 1e-6, `largest probability difference ${worst}`);
  });

  test("a softmax classifier (churn's contract from the other columns): the same probabilities and labels", async () => {
    const modelPath = join(dir, "contract.json");
    const model = await train(["--data", join(F, "churn-train.csv"), "--target", "contract", "--drop", "customer_id", "--impute", "most-frequent", "--model", "softmax", "--epochs", "3"], modelPath);
    assert.deepEqual(model.classes, ["month-to-month", "one-year", "two-year"]);
    // churned,customer_id,plan,region,contract,tenure_months,monthly_charges,support_calls
    const { path, header, rows } = rowsFile("churn-test.csv", ["maybe,X9,basic,NA,one-year,,71.5,2", "yes,X8,gold,south,two-year,60,?,0"]);
    const predicted = await run(["predict", "--model", modelPath, "--data", path, "--proba", "--json"]);
    assert.equal(predicted.code, 0, predicted.err);
    assert.equal(predicted.err, "warning: 2 cells with categories not seen in training, encoded as all zeros: churned (1), plan (1)\n");
    const ours = JSON.parse(predicted.out) as { predictions: string[]; probabilities: Record<string, number>[] };
    const session = await ort.InferenceSession.create(exportOnnx(model), { logSeverityLevel: 3 });
    const out = await session.run(columnFeeds(session, model.columns!, header, rows));
    const p = out.probabilities!.data as Float32Array;
    const label = out.label!.data as BigInt64Array;
    let worst = 0;
    for (let i = 0; i < rows.length; i++) {
      assert.equal(model.classes![Number(label[i])], ours.predictions[i], `row ${i + 1}`);
      for (const [k, name] of model.classes!.entries()) worst = Math.max(worst, Math.abs(p[3 * i + k]! - ours.probabilities[i]![name]!));
    }
    assert.ok(worst <= 1e-6, `largest probability difference ${worst}`);
  });

  test("a regressor (houses: imputed numbers, text and number-coded categories, target scaling): the same values", async () => {
    const modelPath = join(dir, "houses.json");
    const model = await train(["--data", join(F, "houses-train.csv"), "--drop", "listing_id", "--impute", "median", "--categorical", "bedrooms", "--model", "mlp:6:relu", "--epochs", "3"], modelPath);
    assert.ok(model.targetScaling, "the model was trained on a standardized target");
    const bedrooms = model.columns!.find((c) => c.name === "bedrooms")!;
    assert.deepEqual(bedrooms.kind === "categorical" && bedrooms.categories, ["1", "2", "3", "4", "5", "6"]);
    // listing_id,sqft,bedrooms,year_built,lot_m2,neighborhood,condition,garage,price
    const extra = [
      "1,1500,9,1990,600,Lakeside,good,yes,300000", // bedrooms 9 and Lakeside never seen
      "2,1500,3.0,NA,,Riverside,NA,no,300000", // 3.0 is bedrooms 3; missing numbers and a missing category
      "3,2100,?,n/a,700.5,?,excellent,yes,450000",
    ];
    const { path, header, rows } = rowsFile("houses-test.csv", extra);
    const predicted = await run(["predict", "--model", modelPath, "--data", path, "--json"]);
    assert.equal(predicted.code, 0, predicted.err);
    assert.match(predicted.err, /^warning: 2 cells with categories not seen in training, encoded as all zeros: bedrooms \(1\), neighborhood \(1\)\n$/);
    const ours = (JSON.parse(predicted.out) as { predictions: number[] }).predictions;

    const { bytes, inputs } = exportOnnxGraph(model);
    assert.deepEqual(inputs.map((i) => `${i.name}:${i.type}`), ["sqft:float32", "bedrooms:float32", "year_built:float32", "lot_m2:float32", "neighborhood:string", "condition:string", "garage:string"]);
    const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
    const out = await session.run(columnFeeds(session, model.columns!, header, rows));
    const values = out.prediction!.data as Float32Array;
    assert.equal(values.length, ours.length);
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(values[i]! - ours[i]!) / Math.abs(ours[i]!));
    // float32 throughout; prices near 3e5 have a float32 step of 0.03 (1e-7 relative).
    assert.ok(worst <= 1e-5, `largest relative difference ${worst}`);
    const range = Math.max(...ours) - Math.min(...ours);
    assert.ok(range > 1e5, `predictions vary (${range}), so agreement is not a constant`);
  });

  test("without stored imputation values a missing number gives NaN and a missing category zeros (descent refuses both)", async () => {
    const modelPath = join(dir, "houses-dropped.json");
    const model = await train(["--data", join(F, "houses-train.csv"), "--drop", "listing_id", "--drop-missing", "--model", "linear", "--epochs", "1"], modelPath);
    const session = await ort.InferenceSession.create(exportOnnx(model), { logSeverityLevel: 3 });
    const header = ["sqft", "bedrooms", "year_built", "lot_m2", "neighborhood", "condition", "garage"];
    const out = await session.run(columnFeeds(session, model.columns!, header, [["1500", "3", "NA", "600", "Riverside", "good", "yes"], ["1500", "3", "1990", "600", "Riverside", "good", "yes"], ["1500", "3", "1990", "600", "Riverside", "NA", "yes"]]));
    const [missingNumber, full, missingCategory] = Array.from(out.prediction!.data as Float32Array);
    assert.ok(Number.isNaN(missingNumber));
    assert.ok(Number.isFinite(full) && Number.isFinite(missingCategory) && missingCategory !== full);
  });
});
