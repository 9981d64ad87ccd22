import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { createModel, parseArchitecture, progressReporter, specFor, train } from "../../src/train/index.node.js";
import { blobs } from "./helpers.js";

/** A stream that says it is a terminal and keeps what is written, with cli-progress's TTY calls as no-ops. */
function fakeTerminal() {
  const chunks: string[] = [];
  return {
    chunks,
    isTTY: true,
    columns: 100,
    write(s: string) {
      chunks.push(s);
      return true;
    },
    cursorTo() { return true; },
    clearLine() { return true; },
    moveCursor() { return true; },
    on() { return this; },
    removeListener() { return this; },
  };
}

describe("progress", () => {
  test("on a terminal every epoch still leaves its line with train and test metrics (Keras style)", () => {
    const term = fakeTerminal();
    const lines: string[] = [];
    const progress = progressReporter(term, 3, "accuracy", { write: (s: string) => lines.push(s) });
    const data = blobs(60);
    const model = createModel(specFor(parseArchitecture("softmax"), 2, "classification", 3), "zeros", new Rng(1));
    train(model, data, { epochs: 3, batchSize: 8, optimizer: makeOptimizer("adam", { lr: 0.05 }), test: blobs(30, 7), callbacks: progress.callbacks });
    progress.finish();
    assert.equal(lines.length, 3);
    // The bar ran on the terminal, batch by batch, and was cleared before each epoch line.
    assert.match(term.chunks.join(""), /epoch 1\/3 .* batch \d+\/8/);
    lines.forEach((l, i) => assert.match(l, new RegExp(`^epoch ${i + 1}/3  loss [\\d.]+  accuracy [\\d.]+  test loss [\\d.]+  test accuracy [\\d.]+  [\\d.]+ s\\n$`)));
  });

  test("off a terminal there is no bar, only the epoch lines", () => {
    const out: string[] = [];
    const progress = progressReporter({ write: (s: string) => out.push(s), isTTY: false }, 2, "r2");
    progress.callbacks.onEpochStart?.(1, 4);
    progress.callbacks.onBatchEnd?.({ epoch: 1, batch: 1, batches: 4, loss: 1 });
    progress.callbacks.onEpochEnd?.({ epoch: 1, trainLoss: 2, trainMetric: 0.5, testLoss: NaN, testMetric: NaN, seconds: 0.01 }, undefined as never);
    assert.deepEqual(out, ["epoch 1/2  loss 2.0000  r2 0.5000  0.01 s\n"]);
  });
});
