/**
 * The promise export --torch keeps: on one process, with descent's batch order, the exported
 * train.py makes the same updates as descent. The first 50 updates' batch losses and the weights
 * after them agree to 1e-5 relative (float32) for an MLP with Adam and a schedule, and for a
 * logistic regression with momentum SGD. Needs Python with torch; skips with a message otherwise.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { configFromFlags, type TrainFlags } from "../../src/cli/commands/train.js";
import { importTorch } from "../../src/torch/index.js";
import { prepareRun, train, parameterNames } from "../../src/train/index.node.js";
import { run } from "../cli/helpers.js";
import { python, SKIP_NO_TORCH } from "./python.js";

const UPDATES = 50;
const TOLERANCE = 1e-5;

/** descent's first `UPDATES` batch losses and the weights after them. */
function descentUpdates(flags: TrainFlags) {
  const config = configFromFlags(flags, process.cwd());
  const prepared = prepareRun(config);
  const stop = new AbortController();
  let count = 0;
  const result = train(prepared.model, prepared.train, {
    epochs: config.epochs, batchSize: config.batchSize, optimizer: prepared.optimizer, loss: prepared.loss, seed: config.seed,
    ...(prepared.schedule ? { schedule: prepared.schedule } : {}),
    recordStepLosses: true,
    interrupt: stop.signal,
    callbacks: { onBatchEnd: () => void (++count >= UPDATES && stop.abort()) },
  });
  return { losses: result.stepLosses!.slice(0, UPDATES), model: prepared.model };
}

/** The same flags on the command line. */
function cliArgs(flags: TrainFlags): string[] {
  return Object.entries(flags).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(v)]);
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);
}

async function checkReplay(flags: TrainFlags) {
  const dir = mkdtempSync(join(tmpdir(), "descent-torch-"));
  try {
    const exported = await run(["export", "--torch", join(dir, "run"), ...cliArgs(flags), "--batch-order"]);
    assert.equal(exported.code, 0, exported.err);
    const py = python(["train.py", "--batch-order", "batch_order.safetensors", "--max-updates", String(UPDATES), "--log-updates", "updates.jsonl", "--out", "ck"], join(dir, "run"));
    assert.equal(py.code, 0, py.err);
    const torchLosses = readFileSync(join(dir, "run", "updates.jsonl"), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { loss: number }).loss);
    const ours = descentUpdates(flags);
    assert.equal(torchLosses.length, UPDATES);
    assert.equal(ours.losses.length, UPDATES);
    for (let k = 0; k < UPDATES; k++) {
      assert.ok(relative(torchLosses[k]!, ours.losses[k]!) <= TOLERANCE, `update ${k + 1}: PyTorch loss ${torchLosses[k]}, descent ${ours.losses[k]}`);
    }
    const theirs = importTorch(join(dir, "run", "ck", "last.safetensors")).model;
    for (const name of parameterNames(ours.model.spec)) {
      const a = theirs.params[name]!, b = ours.model.params[name]!;
      let diff = 0, scale = 0;
      for (let i = 0; i < b.length; i++) {
        diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
        scale = Math.max(scale, Math.abs(b[i]!));
      }
      assert.ok(diff / scale <= TOLERANCE, `${name} after ${UPDATES} updates: max difference ${diff} against largest weight ${scale}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("an MLP with Adam and a one-cycle schedule: 50 updates of train.py match descent's to 1e-5", { skip: SKIP_NO_TORCH, timeout: 180_000 }, async () => {
  const flags = { data: "iris", model: "mlp:16,8:tanh", optimizer: "adam:lr=0.02", schedule: "onecycle:total_steps=80", batchSize: "16", epochs: "10", seed: "3" };
  await checkReplay(flags);
});

test("logistic regression with momentum SGD: 50 updates of train.py match descent's to 1e-5", { skip: SKIP_NO_TORCH, timeout: 180_000 }, async () => {
  const flags = { data: "breast-cancer", model: "logistic", optimizer: "sgd:lr=0.05,momentum=0.9", batchSize: "32", epochs: "5", seed: "1" };
  await checkReplay(flags);
});

test("a descent checkpoint continued in train.py ends where descent's own run ends", { skip: SKIP_NO_TORCH, timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "descent-torch-resume-"));
  try {
    const args = ["--data", "iris", "--model", "mlp:8", "--optimizer", "adam:lr=0.01", "--schedule", "step:step_size=10,gamma=0.5", "--batch-size", "16"];
    assert.equal((await run(["train", ...args, "--epochs", "2", "--checkpoint", join(dir, "ck.json")])).code, 0);
    const exported = await run(["export", "--torch", join(dir, "run"), "--resume", join(dir, "ck.json"), "--epochs", "4", "--batch-order"]);
    assert.equal(exported.code, 0, exported.err);
    const py = python(["train.py", "--batch-order", "batch_order.safetensors"], join(dir, "run"));
    assert.equal(py.code, 0, py.err);
    const theirs = py.out.trim().split("\n").map((l) => JSON.parse(l) as { epoch: number; trainLoss: number; lr: number });
    const whole = await run(["train", ...args, "--epochs", "4", "--json"]);
    const ours = (JSON.parse(whole.out) as { history: { trainLoss: number; lr: number }[] }).history.slice(2);
    assert.deepEqual(theirs.map((e) => e.epoch), [3, 4]);
    for (let i = 0; i < 2; i++) {
      assert.ok(relative(theirs[i]!.trainLoss, ours[i]!.trainLoss) <= TOLERANCE, `epoch ${i + 3}: ${theirs[i]!.trainLoss} against ${ours[i]!.trainLoss}`);
      assert.ok(relative(theirs[i]!.lr, ours[i]!.lr) <= 1e-12);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
