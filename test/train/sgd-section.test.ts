import { test } from "node:test";
import assert from "node:assert/strict";
import { sgdSection } from "../../src/tour/sgd-section.js";

test("the SGD section compares full, 32 and 1 on breast-cancer with the runs' own numbers", () => {
  const s = sgdSection();
  const e = s.exhibits[0]!;
  assert.equal(e.kind, "training");
  if (e.kind !== "training") return;
  assert.deepEqual(e.runs.map((r) => [r.batchSize, r.updates]), [[455, 30], [32, 30 * 15], [1, 30 * 455]]);
  for (const r of e.runs) {
    assert.equal(r.history.history.length, 30);
    assert.ok(r.history.history.at(-1)!.testMetric > 0.9);
  }
  // More, noisier updates per epoch reach a lower training loss in the same epochs.
  const losses = e.runs.map((r) => r.history.history.at(-1)!.trainLoss);
  assert.ok(losses[0]! > losses[1]! && losses[1]! > losses[2]!, String(losses));
  assert.match(s.paragraphs.join(" "), / 13650 cheap/);
});
