/**
 * Golden-file test: a small figure must render to exactly the stored SVG.
 * After an intended change to the plot output, regenerate it with
 *   UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/plot/golden
 * and review the diff of test/plot/golden/*.svg before committing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { lineChart } from "../../src/plot/line-chart.js";

const goldenPath = fileURLToPath(new URL("./golden/line-small.svg", import.meta.url));

test("a small line chart matches the golden SVG byte for byte", () => {
  const svg = lineChart({
    width: 360,
    height: 240,
    title: "golden",
    xLabel: "step",
    yLabel: "f − f*",
    logY: true,
    series: [
      { name: "sgd", x: [0, 1, 2, 3], y: [1, 0.1, 0.01, 0.001], style: "line+points" },
      { name: "adam", x: [0, 1, 2, 3], y: [1, 0.3, 0.05, 0.02], dashed: true },
    ],
    verticalLines: [{ x: 2, label: "k" }],
  });
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(goldenPath, svg);
  assert.equal(svg, readFileSync(goldenPath, "utf8"));
});
