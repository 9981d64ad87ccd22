/** The tour's edge-of-stability section: sharpness settles around 2/η while the loss falls, not monotonically. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharpnessSection } from "../../src/tour/sharpness-section.js";
import { sectionText } from "../../src/tour/text.js";

test("sharpness hovers at 2/η = 0.909 over the second half while the loss keeps falling", () => {
  const s = sharpnessSection();
  const e = s.exhibits[0]!;
  assert.equal(e.kind, "sharpness");
  if (e.kind !== "sharpness") return;
  const late = e.history.filter((r) => r.epoch > 100 && r.sharpness !== undefined).map((r) => r.sharpness!);
  const mean = late.reduce((a, b) => a + b, 0) / late.length;
  assert.ok(Math.abs(mean - 2 / 2.2) < 0.1, `mean late sharpness ${mean}`);
  const losses = e.history.map((r) => r.trainLoss);
  assert.ok(losses.some((l, i) => i > 0 && l > losses[i - 1]!), "the loss rises at least once");
  assert.ok(losses[losses.length - 1]! < 0.2 * losses[0]!);
  assert.match(sectionText(s, 0), /so 2\/η = 0\.909/);
});
