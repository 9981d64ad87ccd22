import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { el, escapeAttr, escapeText, num, polylinePath, svgDocument, text } from "../../src/plot/svg.js";
import { assertWellFormedXml } from "./xml.js";

describe("svg builder", () => {
  test("num uses fixed precision, trims zeros and never writes -0", () => {
    assert.equal(num(1.23456), "1.23");
    assert.equal(num(2), "2");
    assert.equal(num(2.5), "2.5");
    assert.equal(num(-0.001), "0");
    assert.equal(num(-1.005, 3), "-1.005");
    assert.throws(() => num(NaN), RangeError);
  });

  test("text and attributes are escaped", () => {
    assert.equal(escapeText(`a<b & c>"d"`), `a&lt;b &amp; c&gt;"d"`);
    assert.equal(escapeAttr(`x"y'<&`), "x&quot;y&#39;&lt;&amp;");
    const doc = svgDocument(10, 10, [text(1, 2, `<script>&"x"`), el("g", { "data-name": `"q" & <r>` })]);
    assertWellFormedXml(doc);
    assert.ok(doc.includes("&lt;script&gt;&amp;"));
    assert.ok(!doc.includes("<script>"));
  });

  test("control characters that XML forbids are dropped", () => {
    assert.equal(escapeText("a\u0001b"), "ab");
  });

  test("undefined and false attributes are omitted; order is preserved", () => {
    assert.equal(el("rect", { x: 1, y: undefined, hidden: false, fill: "red" }), `<rect x="1" fill="red"/>`);
  });

  test("polyline breaks at gaps", () => {
    assert.equal(polylinePath([[0, 0], [1, 1], null, [2, 2], [3, 3]]), "M0 0L1 1M2 2L3 3");
  });

  test("the well-formedness check rejects broken XML", () => {
    assert.throws(() => assertWellFormedXml("<a><b></a></b>"));
    assert.throws(() => assertWellFormedXml(`<a x="1 & 2"/>`));
    assert.throws(() => assertWellFormedXml(`<a x="1" x="2"/>`));
    assert.throws(() => assertWellFormedXml(`<a/><b/>`));
  });
});
