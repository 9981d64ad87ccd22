/**
 * train.py under `python3 -m torch.distributed.run --nproc_per_node 2` on this machine's CPUs
 * (gloo): the loss falls, the result imports back, and the imported model's ONNX export gives
 * descent's predictions on the same rows. Needs Python with torch; skips with a message otherwise.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadDataset } from "../../src/data/index.node.js";
import { loadModel } from "../../src/train/index.node.js";
import { run } from "../cli/helpers.js";
import { roundTrip } from "../onnx/helpers.js";
import { python, SKIP_NO_TORCH, torchrunWorkaround } from "./python.js";

test("two gloo processes under torchrun: the loss falls, the result imports back and its ONNX export matches descent", { skip: SKIP_NO_TORCH, timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "descent-torch-ddp-"));
  try {
    const folder = join(dir, "run");
    const exported = await run(["export", "--torch", folder, "--data", "wine", "--model", "mlp:8", "--optimizer", "sgd:lr=0.05,momentum=0.9", "--batch-size", "16", "--epochs", "4"]);
    assert.equal(exported.code, 0, exported.err);
    const py = python(["-m", "torch.distributed.run", "--nproc_per_node", "2", ...torchrunWorkaround(folder), "train.py"], folder);
    assert.equal(py.code, 0, py.err.slice(-2000));
    const epochs = readFileSync(join(folder, "checkpoints", "metrics.jsonl"), "utf8").trim().split("\n")
      .map((l) => JSON.parse(l) as { epoch: number; trainLoss: number; processes: number });
    assert.deepEqual(epochs.map((e) => e.epoch), [1, 2, 3, 4]);
    assert.ok(epochs.every((e) => e.processes === 2));
    assert.ok(epochs[3]!.trainLoss < epochs[0]!.trainLoss, `train loss ${epochs.map((e) => e.trainLoss).join(" → ")}`);
    const imported = await run(["import", "--torch", join(folder, "checkpoints", "last.safetensors"), "--out", join(dir, "model.json")]);
    assert.equal(imported.code, 0, imported.err);
    const { model } = loadModel(join(dir, "model.json"));
    const wine = loadDataset("wine");
    const onnx = await roundTrip(model, wine.features);
    assert.equal(onnx.labelMismatches, 0);
    assert.ok(onnx.maxScaledDiff < 1e-5, `ONNX against descent: ${onnx.maxScaledDiff}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
