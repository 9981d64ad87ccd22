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
    assert.equal(io.out(), `wrote wine.onnx (ONNX opset 13, ${bytes.length} bytes): features [batch, 13] → probabilities [batch, 3], label [batch]\n`);
    const { model } = loadModel(join(dir, "wine.json"));
    const r = await roundTrip(model, loadDataset("wine").features, bytes);
    assert.ok(r.maxAbsDiff <= 1e-5 && r.labelMismatches === 0, `diff ${r.maxAbsDiff}`);
    const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
    assert.deepEqual(session.inputNames, ["features"]);
  });

  test("--json describes what was written", () => {
    const io = bufferIO(dir);
    assert.equal(runExport({ model: savedModel(), onnx: "w2.onnx", json: true }, io), 0);
    const json = JSON.parse(io.out());
    assert.deepEqual(json.input, { name: "features", shape: ["batch", 13] });
    assert.deepEqual(json.outputs, ["probabilities [batch, 3]", "label [batch]"]);
    assert.equal(json.classes.length, 3);
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
