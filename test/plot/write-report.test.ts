import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFigure } from "../../src/plot/write.node.js";
import { renderReport } from "../../src/plot/report.js";
import { lineChart } from "../../src/plot/line-chart.js";
import { DataError, OptionError } from "../../src/errors.js";
import { pngSize } from "./png-util.js";

const svg = lineChart({ width: 300, height: 200, series: [{ name: "a", x: [0, 1], y: [1, 2] }] });

describe("writeFigure", () => {
  test("writes SVG and PNG by extension and leaves no temp file", () => {
    const dir = mkdtempSync(join(tmpdir(), "descent-plot-"));
    try {
      writeFigure(join(dir, "a.svg"), svg);
      writeFigure(join(dir, "b.PNG"), svg);
      assert.equal(readFileSync(join(dir, "a.svg"), "utf8"), svg);
      assert.deepEqual(pngSize(readFileSync(join(dir, "b.PNG"))), { width: 300, height: 200 });
      assert.deepEqual(readdirSync(dir).sort(), ["a.svg", "b.PNG"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("refuses an unknown extension, naming the allowed ones, and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "descent-plot-"));
    try {
      assert.throws(() => writeFigure(join(dir, "a.pdf"), svg), (e: unknown) => e instanceof OptionError && /\.svg or \.png/.test(e.message) && !e.message.includes("\n"));
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("refuses a missing folder with a one-line DataError", () => {
    assert.throws(() => writeFigure(join(tmpdir(), "descent-no-such-folder-x9", "a.svg"), svg), (e: unknown) => e instanceof DataError && /does not exist/.test(e.message));
  });
});

describe("renderReport", () => {
  const html = renderReport({
    title: "Tour <of> descent",
    sections: [
      { heading: "One & two", paragraphs: ["x < y", `say "hi"`], figures: [{ file: "fig one.svg", caption: "a <b>" }, { file: "f2.png", caption: "c" }] },
      { heading: "Tables", paragraphs: [], tables: [{ columns: ["lr", "status"], rows: [[0.1, "ok"], [1, "<diverged>"]] }], figures: [{ file: "sub/f3.svg", caption: "d" }] },
    ],
  });

  test("links every figure by relative name, numbered in order", () => {
    const srcs = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(srcs, ["fig%20one.svg", "f2.png", "sub/f3.svg"]);
    assert.ok(html.indexOf("Figure 1.") < html.indexOf("Figure 2.") && html.indexOf("Figure 2.") < html.indexOf("Figure 3."));
  });

  test("escapes all text", () => {
    assert.ok(!html.includes("<of>") && !html.includes("<b>") && !html.includes("<diverged>"));
    assert.ok(html.includes("Tour &lt;of&gt; descent") && html.includes("One &amp; two") && html.includes("x &lt; y") && html.includes("&lt;diverged&gt;"));
    assert.ok(html.includes('<td class="num">0.1</td>'));
  });

  test("is self-contained: inline CSS, no external scripts or stylesheets", () => {
    assert.ok(html.includes("<style>"));
    assert.ok(!/<script|<link/.test(html));
  });
});
