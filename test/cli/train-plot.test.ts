import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./helpers.js";

test("train --plot draws the loss curves; a bad path fails before training and writes nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "descent-train-plot-"));
  const ok = await run(["train", "--data", "iris", "--epochs", "3", "--plot", "loss.svg"], dir);
  assert.equal(ok.code, 0, ok.err);
  const svg = readFileSync(join(dir, "loss.svg"), "utf8");
  assert.match(svg, /^<\?xml|^<svg/);
  assert.match(svg, /softmax train/);
  const bad = await run(["train", "--data", "iris", "--epochs", "3", "--plot", "loss.pdf"], dir);
  assert.equal(bad.code, 2);
  assert.equal(bad.out, "", "nothing trained");
  assert.deepEqual(readdirSync(dir), ["loss.svg"]);
});
