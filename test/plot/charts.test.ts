import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { basinMap } from "../../src/plot/basin-map.js";
import { contourPlot, contourThresholds } from "../../src/plot/contour.js";
import { histogram, jitter, stripPlot } from "../../src/plot/distribution.js";
import { functionPlot1D } from "../../src/plot/function-plot.js";
import { sampleGrid } from "../../src/plot/grid.js";
import { rampColor } from "../../src/plot/theme.js";
import { OptionError, ShapeError } from "../../src/errors.js";
import { assertWellFormedXml } from "./xml.js";

const bowl = sampleGrid((x, y) => x * x + y * y, { x: [-2, 2], y: [-2, 2] }, 41);

function luminance(hex: string): number {
  const v = parseInt(hex.slice(1), 16);
  return 0.2126 * ((v >> 16) & 255) + 0.7152 * ((v >> 8) & 255) + 0.0722 * (v & 255);
}

describe("charts", () => {
  test("sampleGrid is row-major with ys as rows and rejects bad sizes", () => {
    const g = sampleGrid((x, y) => 10 * y + x, { x: [0, 2], y: [0, 1] }, [3, 2]);
    assert.deepEqual(g.xs, [0, 1, 2]);
    assert.deepEqual(g.ys, [0, 1]);
    assert.deepEqual([...g.values], [0, 1, 2, 10, 11, 12]);
    assert.throws(() => sampleGrid(() => 0, { x: [0, 1], y: [0, 1] }, 1), OptionError);
    assert.throws(() => sampleGrid(() => 0, { x: [1, 0], y: [0, 1] }, 5), OptionError);
  });

  test("contour shading: lighter is lower", () => {
    for (let k = 0; k < 10; k++) assert.ok(luminance(rampColor(k / 10)) > luminance(rampColor((k + 1) / 10)));
    const svg = contourPlot({ grid: bowl, levels: 6, thresholds: "linear" });
    assertWellFormedXml(svg);
    const fills = [...svg.matchAll(/<path d="[^"]+" fill="(#[0-9a-f]{6})" fill-rule="evenodd"/g)].map((m) => m[1]!);
    assert.equal(fills.length, 5);
    for (let i = 1; i < fills.length; i++) assert.ok(luminance(fills[i]!) < luminance(fills[i - 1]!), "higher bands are darker");
  });

  test("contour thresholds: quantile, log and linear are increasing and inside the range", () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i / 10) ** 3);
    for (const mode of ["quantile", "log", "linear"] as const) {
      const t = contourThresholds(values, mode, 10);
      assert.ok(t.length >= 5, mode);
      for (let i = 1; i < t.length; i++) assert.ok(t[i]! > t[i - 1]!);
      assert.ok(t[0]! > 0 && t[t.length - 1]! < 99.9 ** 3);
    }
    // Log spacing: consecutive gaps above the minimum grow by a constant factor.
    const t = contourThresholds([0, 1e6], "log", 6);
    assert.ok(Math.abs(t[1]! / t[0]! - 10) < 1e-9);
  });

  test("contour paths, diverged paths, starts and minima are drawn; the grid must match its axes", () => {
    const svg = contourPlot({
      grid: bowl,
      title: "bowl",
      paths: [
        { name: "a & b", points: [[1.5, 1.5], [0.5, 0.5], [0, 0]] },
        { name: "blows up", points: [[1, -1], [-3, 3], [NaN, NaN]], diverged: true },
      ],
      minima: [{ point: [0, 0], label: "min <0,0>" }],
    });
    assertWellFormedXml(svg);
    assert.ok(svg.includes("a &amp; b"));
    assert.ok(svg.includes("blows up (diverged)"));
    assert.ok(svg.includes("min &lt;0,0&gt;"));
    assert.throws(() => contourPlot({ grid: { xs: [0, 1], ys: [0, 1], values: new Float64Array(3) } }), ShapeError);
  });

  test("1-D plot draws one arrow per visible step and the divergence label", () => {
    const xs = Array.from({ length: 50 }, (_, i) => -2 + (i * 4) / 49);
    const steps = [1.5, -1.2, 0.9, -0.6];
    const svg = functionPlot1D({ curve: { x: xs, y: xs.map((x) => x * x) }, steps: { x: steps, y: steps.map((x) => x * x) }, divergedAt: 3 });
    assertWellFormedXml(svg);
    assert.equal((svg.match(/marker-end=/g) ?? []).length, 3);
    assert.ok(svg.includes("diverged at step 3"));
    assert.ok(svg.includes("<marker"));
  });

  test("basin map colours cells by label and lists diverged starts in the legend", () => {
    const svg = basinMap({ xs: [0, 1, 2], ys: [0, 1], labels: Int32Array.from([0, 0, 1, -1, 1, 1]), names: ["left", "right"], minima: [{ point: [0, 0] }] });
    assertWellFormedXml(svg);
    assert.ok(svg.includes(">left<") && svg.includes(">right<") && svg.includes("diverged / no minimum"));
    // Runs of equal labels merge: row 0 is [0,0][1], row 1 is [-1][1,1].
    assert.equal((svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#/g) ?? []).length, 4 + 3);
    assert.throws(() => basinMap({ xs: [0, 1], ys: [0, 1], labels: [0], names: ["a"] }), ShapeError);
  });

  test("strip plot and histogram are deterministic and note values they cannot show", () => {
    assert.ok(Array.from({ length: 100 }, (_, i) => jitter(i)).every((j) => j >= -0.5 && j < 0.5));
    const groups = [
      { name: "sgd", values: [0.1, 0.2, 0.15, Infinity] },
      { name: "adam", values: [0.01, 0.02, 0.03] },
    ];
    const a = stripPlot({ groups, xLabel: "final value", logX: true });
    assert.equal(a, stripPlot({ groups, xLabel: "final value", logX: true }));
    assertWellFormedXml(a);
    assert.ok(a.includes("sgd (1 not shown)"));
    const h = histogram({ groups, bins: 5, xLabel: "final value" });
    assertWellFormedXml(h);
  });
});
