import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { lineChart } from "../../src/plot/line-chart.js";
import { FONT_FILES, svgToPng } from "../../src/plot/png.node.js";
import { OptionError } from "../../src/errors.js";
import { pngSize } from "./png-util.js";

const svg = lineChart({ width: 400, height: 300, title: "PNG", xLabel: "x", yLabel: "y", series: [{ name: "a", x: [0, 1, 2], y: [0, 1, 4] }] });

describe("svgToPng", () => {
  test("the bundled fonts exist", () => {
    for (const f of FONT_FILES) assert.ok(existsSync(f), f);
  });

  test("decodes at the SVG's size, or the asked width with the same aspect ratio", () => {
    assert.deepEqual(pngSize(svgToPng(svg)), { width: 400, height: 300 });
    assert.deepEqual(pngSize(svgToPng(svg, { width: 800 })), { width: 800, height: 600 });
  });

  test("same SVG gives the same bytes", () => {
    assert.deepEqual(svgToPng(svg), svgToPng(svg));
  });

  test("text is drawn with the bundled font (a title changes the pixels)", () => {
    // A blank title keeps the layout identical, so only glyphs can make the pixels differ.
    const without = lineChart({ width: 400, height: 300, title: " ", series: [{ name: "", x: [0, 1], y: [0, 1] }] });
    const withTitle = lineChart({ width: 400, height: 300, title: "Hello", series: [{ name: "", x: [0, 1], y: [0, 1] }] });
    assert.notDeepEqual(svgToPng(without), svgToPng(withTitle));
  });

  test("a bad width is an OptionError", () => {
    assert.throws(() => svgToPng(svg, { width: 0 }), OptionError);
    assert.throws(() => svgToPng(svg, { width: 1.5 }), OptionError);
  });
});
