import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { lineChart } from "../../src/plot/line-chart.js";
import { assertWellFormedXml } from "./xml.js";

/** The plot frame: the axes rectangle with fill="none". */
function frameOf(svg: string) {
  const m = /<g class="axes"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  assert.ok(m, "axes frame not found");
  const [left, top, width, height] = m.slice(1).map(Number) as [number, number, number, number];
  return { left, top, width, height };
}

describe("lineChart", () => {
  test("is well-formed and escapes series names", () => {
    const svg = lineChart({ title: "a < b & c", xLabel: "step", yLabel: "value", series: [{ name: `"x"<y>`, x: [0, 1], y: [1, 2] }] });
    assertWellFormedXml(svg);
    assert.ok(svg.includes("a &lt; b &amp; c"));
    assert.ok(svg.includes("&quot;x&quot;&lt;y&gt;") || svg.includes(`"x"&lt;y&gt;`));
  });

  test("a known data point lands at the pixel the scale gives", () => {
    const svg = lineChart({
      width: 600,
      height: 400,
      xDomain: [0, 10],
      yDomain: [0, 100],
      series: [{ name: "", x: [5], y: [25], style: "points", marker: "circle" }],
    });
    const f = frameOf(svg);
    const cx = f.left + (5 / 10) * f.width;
    const cy = f.top + f.height - (25 / 100) * f.height;
    const m = /<circle cx="([\d.]+)" cy="([\d.]+)"/.exec(svg);
    assert.ok(m);
    assert.ok(Math.abs(Number(m[1]) - cx) <= 0.01, `cx ${m[1]} vs ${cx}`);
    assert.ok(Math.abs(Number(m[2]) - cy) <= 0.01, `cy ${m[2]} vs ${cy}`);
  });

  test("on a log y axis, 1e-3 sits at the right decade and tick labels are powers of ten", () => {
    const svg = lineChart({
      width: 600,
      height: 400,
      logY: true,
      xDomain: [0, 10],
      series: [{ name: "", x: [0, 10], y: [1e-6, 1], style: "points", marker: "circle" }],
    });
    const f = frameOf(svg);
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)];
    assert.equal(circles.length, 2);
    // 1e-6 at the bottom, 1 at the top: the domain is exactly six decades.
    assert.ok(Math.abs(Number(circles[0]![2]) - (f.top + f.height)) <= 0.01);
    assert.ok(Math.abs(Number(circles[1]![2]) - f.top) <= 0.01);
    const yLabels = [...svg.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1]);
    assert.ok(yLabels.length >= 2);
    for (const l of yLabels) assert.match(l!, /^(1e-\d+|0\.0*1|1|10+)$/);
  });

  test("non-finite values and non-positive values on a log axis leave gaps", () => {
    const svg = lineChart({ logY: true, series: [{ name: "", x: [0, 1, 2, 3, 4], y: [1, 0.1, NaN, 0.01, -1] }] });
    const d = /<path d="(M[^"]+)" fill="none" stroke="#0072B2"/.exec(svg)?.[1];
    assert.ok(d);
    assert.equal((d.match(/M/g) ?? []).length, 2, d);
  });

  test("same input gives the same bytes", () => {
    const make = () => lineChart({ title: "t", series: [{ name: "s", x: [0, 1, 2], y: [3, 1, 2], style: "line+points" }], verticalLines: [{ x: 1, label: "2/L" }] });
    assert.equal(make(), make());
  });
});
