import { test } from "node:test";
import assert from "node:assert/strict";
import { makeDataset, trainTestSplit } from "../../src/data/index.js";

test("a stratified split of 600,000 rows works (no argument spreading past the stack)", () => {
  const n = 600_000;
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) targets[i] = i % 3 === 0 ? 1 : 0;
  const ds = makeDataset({ name: "big", features: Float32Array.from({ length: n }, (_, i) => i), n, d: 1, featureNames: ["i"], targets, task: "classification", classes: ["a", "b"], targetName: "y" });
  const { train, test: held } = trainTestSplit(ds, { testFraction: 0.2, seed: 1 });
  assert.equal(train.n + held.n, n);
  assert.equal(held.n, 120_000);
  assert.equal(held.targets.reduce((s, v) => s + v, 0), 40_000);
  const seen = new Set([...train.features, ...held.features]);
  assert.equal(seen.size, n);
});
