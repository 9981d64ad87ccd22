/** `descent train --optimizer lbfgs`: full-batch L-BFGS through the real CLI, against scikit-learn's fit. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { bufferIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/train/sklearn-lbfgs-logistic.json", import.meta.url), "utf8"));

test("lbfgs:l2 on every row reaches scikit-learn's LogisticRegression(C=1) loss; one history record per iteration", async () => {
  const fit = fixture.fits.find((f: { C: number }) => f.C === 1);
  const io = bufferIO();
  assert.equal(await main(["train", "--data", "breast-cancer", "--optimizer", `lbfgs:l2=${fit.l2}`, "--test-split", "0", "--json"], io), 0);
  const json = JSON.parse(io.out());
  assert.equal(json.final.stop, "converged");
  assert.equal(json.history.length, json.final.updates);
  assert.equal(json.final.epochs, json.final.updates);
  assert.ok(Math.abs(json.final.trainLoss - fit.meanLogLoss) < 1e-5, `${json.final.trainLoss} against ${fit.meanLogLoss}`);
});

test("the text run says it is full batch, counts iterations and why it stopped", async () => {
  const io = bufferIO();
  assert.equal(await main(["train", "--data", "breast-cancer", "--optimizer", "lbfgs:l2=0.002"], io), 0);
  assert.match(io.out(), /^training logistic on breast-cancer: 455 train \/ 114 test rows, 30 features; bce loss, lbfgs:lr=1,history_size=100,line_search=strong_wolfe,l2=0.002, full batch, at most 500 iterations \(one per epoch\)\n/);
  assert.match(io.out(), /^converged after \d+ iterations \((tol_change|tol_grad|no_descent)\)$/m);
});

for (const [args, message] of [
  [["--batch-size", "32"], /^descent: --optimizer lbfgs trains on the full batch \(its line search compares the loss of the same rows at several points\): drop --batch-size 32 or use --batch-size full\n$/],
  [["--lr", "auto"], /^descent: --lr auto picks a rate for update rules; lbfgs finds each step's length by its line search \(drop --lr auto\)\n$/],
  [["--schedule", "cosine:t_max=10"], /^descent: --optimizer lbfgs finds each step's length by its line search; drop --schedule\n$/],
  [["--checkpoint", "run.ckpt"], /^descent: --optimizer lbfgs cannot be checkpointed or resumed yet \(its correction pairs are not saved\); drop --checkpoint\n$/],
] as const) {
  test(`lbfgs with ${args.join(" ")}: exit 2, one line, nothing trained`, async () => {
    const io = bufferIO();
    assert.equal(await main(["train", "--data", "breast-cancer", "--optimizer", "lbfgs", ...args], io), 2);
    assert.match(io.err(), message);
    assert.equal(io.out(), "");
  });
}

test("an unknown optimizer's message lists lbfgs", async () => {
  const io = bufferIO();
  assert.equal(await main(["train", "--data", "iris", "--optimizer", "lbgfs"], io), 2);
  assert.match(io.err(), /^descent: unknown optimizer "lbgfs" \(valid: sgd, .*, prodigy, lbfgs\)\n$/);
});

test("--stream refuses lbfgs in one line", async () => {
  const io = bufferIO();
  assert.equal(await main(["train", "--data", "any.csv", "--stream", "--optimizer", "lbfgs"], io), 2);
  assert.equal(io.err(), "descent: --stream does not take --optimizer lbfgs: full-batch L-BFGS evaluates every row several times per iteration (drop --stream)\n");
});
