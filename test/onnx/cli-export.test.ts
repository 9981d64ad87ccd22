import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import { bufferIO } from "../../src/cli/io.js";
import { runExport } from "../../src/cli/commands/export.js";
import { DataError, OptionError } from "../../src/errors.js";
import { loadDataset } from "../../src/data/index.node.js";
import { loadModel, prepareRun, saveModel, train } from "../../src/train/index.node.js";
import { descent, needsBuild, oneLineError } from "../cli/real-cli.js";
import { roundTrip } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "descent-export-"));

function savedModel(): string {
  const run = prepareRun({ data: "wine", model: "mlp:6:relu", optimizer: "adam:lr=0.03", batchSize: 16, epochs: 3, testSplit: 0.2, seed: 2 });
  train(run.model, run.train, { epochs: 3, batchSize: 16, optimizer: run.optimizer });
  const path = join(dir, "wine.json");
  saveModel(path, run.model);
  return path;
}

describe("descent export", () => {
  test("--model m.json --onnx m.onnx writes a file ONNX Runtime runs like the saved model", async () => {
    const io = bufferIO(dir);
    assert.equal(runExport({ model: savedModel(), onnx: "wine.onnx" }, io), 0);
    const bytes = readFileSync(join(dir, "wine.onnx"));
    const { model } = loadModel(join(dir, "wine.json"));
    const names = model.columns!.map((c) => c.name);
    assert.equal(io.out(), `wrote wine.onnx (ONNX opset 13, ${bytes.length} bytes): 13 column inputs [batch, 1] (${names.map((n) => `${n}: number`).join(", ")}) → probabilities [batch, 3], label [batch]\n`);
    const r = await roundTrip(model, loadDataset("wine").features, bytes);
    assert.ok(r.maxAbsDiff <= 1e-5 && r.labelMismatches === 0, `diff ${r.maxAbsDiff}`);
    const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
    assert.deepEqual(session.inputNames, names);
  });

  test("--input encoded writes the one-input form, which runs like the saved model too", async () => {
    const io = bufferIO(dir);
    assert.equal(runExport({ model: savedModel(), onnx: "wine-encoded.onnx", input: "encoded" }, io), 0);
    const bytes = readFileSync(join(dir, "wine-encoded.onnx"));
    assert.equal(io.out(), `wrote wine-encoded.onnx (ONNX opset 13, ${bytes.length} bytes): features [batch, 13] → probabilities [batch, 3], label [batch]\n`);
    assert.equal(io.err(), "", "numeric columns without imputation need no note");
    const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
    assert.deepEqual(session.inputNames, ["features"]);
    const { model } = loadModel(join(dir, "wine.json"));
    const r = await roundTrip(model, loadDataset("wine").features, bytes);
    assert.ok(r.maxAbsDiff <= 1e-5 && r.labelMismatches === 0, `diff ${r.maxAbsDiff}`);
  });

  test("--json describes what was written", () => {
    const io = bufferIO(dir);
    assert.equal(runExport({ model: savedModel(), onnx: "w2.onnx", json: true }, io), 0);
    const json = JSON.parse(io.out());
    assert.equal(json.input, "columns");
    assert.equal(json.inputs.length, 13);
    assert.deepEqual(json.inputs[0], { name: "alcohol", type: "float32", shape: ["batch", 1] });
    assert.deepEqual(json.outputs, ["probabilities [batch, 3]", "label [batch]"]);
    assert.equal(json.classes.length, 3);
    const encoded = bufferIO(dir);
    assert.equal(runExport({ model: savedModel(), onnx: "w3.onnx", json: true, input: "encoded" }, encoded), 0);
    assert.deepEqual(JSON.parse(encoded.out()).inputs, [{ name: "features", type: "float32", shape: ["batch", 13] }]);
  });

  test("a missing output folder is refused before anything is read", () => {
    assert.throws(() => runExport({ model: "nope.json", onnx: "no/such/dir/m.onnx" }, bufferIO(dir)), (e) => e instanceof OptionError && /^--onnx .*m\.onnx: folder .* does not exist$/.test(e.message));
  });

  test("a damaged model file is a one-line DataError and nothing is written", () => {
    writeFileSync(join(dir, "bad.json"), "{ not json");
    assert.throws(() => runExport({ model: "bad.json", onnx: "bad.onnx" }, bufferIO(dir)), (e) => e instanceof DataError && /bad\.json is corrupted: not valid JSON$/.test(e.message));
    assert.equal(existsSync(join(dir, "bad.onnx")), false);
  });
});

describe("descent export --onnx: errors through the real CLI (exit 2, one line, nothing written)", { skip: needsBuild }, () => {
  test("an invalid --input", () => {
    const line = oneLineError(descent(["export", "--model", savedModel(), "--onnx", join(dir, "x.onnx"), "--input", "vector"]));
    assert.equal(line, 'descent: invalid --input "vector" (valid: columns, encoded)');
    assert.equal(existsSync(join(dir, "x.onnx")), false);
  });

  test("--input columns on a model file that records no columns (version 1)", () => {
    const v1 = join(dir, "v1.json");
    writeFileSync(v1, JSON.stringify({
      format: "descent-model", version: 1, spec: { kind: "linear", inputs: 2, hidden: [], activation: "identity", outputs: 1, head: "identity" },
      params: { "dense0.weight": [1, 2], "dense0.bias": [0.5] },
    }));
    const line = oneLineError(descent(["export", "--model", v1, "--onnx", join(dir, "v1.onnx"), "--input", "columns"]));
    assert.equal(line, `descent: --input columns: ${v1} records no feature columns (a version 1 file, or a model trained on arrays); export it with --input encoded`);
    assert.equal(existsSync(join(dir, "v1.onnx")), false);
    // Without --input, such a model gets the encoded form.
    assert.equal(descent(["export", "--model", v1, "--onnx", join(dir, "v1.onnx")]).code, 0);
  });

  test("a feature column named like an output of the graph", () => {
    writeFileSync(join(dir, "clash.csv"), ["prediction,x,y", ...Array.from({ length: 30 }, (_, i) => `${i % 3},${(i * 0.7).toFixed(1)},${(i * 1.3 + (i % 3)).toFixed(2)}`)].join("\n") + "\n");
    const model = join(dir, "clash.json");
    assert.equal(descent(["train", "--data", join(dir, "clash.csv"), "--task", "regression", "--epochs", "1", "--save", model]).code, 0);
    const line = oneLineError(descent(["export", "--model", model, "--onnx", join(dir, "clash.onnx")]));
    assert.equal(line, 'descent: cannot export this model to ONNX: column "prediction" has the name of a value inside the graph (an output, or another column); rename it, or use input "encoded"');
    assert.equal(existsSync(join(dir, "clash.onnx")), false);
  });
});
