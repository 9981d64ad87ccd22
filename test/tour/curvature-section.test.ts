/** The tour's curvature section quotes its own computed numbers: 12 → 2/12, the sweep's edge, 18 and 12 → 2/18, condition 1.5. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { curvatureSection } from "../../src/tour/curvature-section.js";
import { sectionText } from "../../src/tour/text.js";

test("curvature section: 2/L = 1/6 where the sweep's first divergence is, eigenvalues 18 and 12, condition number 1.5", () => {
  const s = curvatureSection();
  const text = sectionText(s, 0);
  assert.match(text, /second derivative, 12, the same at every x/);
  assert.match(text, /η = 0\.1633 still converges and η = 0\.1687 is\s+the first to diverge/);
  assert.match(text, /condition number L\/μ = 1\.5/);
  assert.match(text, /2\/L = 2\/18 = 0\.1111/);
  assert.match(text, /lands on the minimum in 1 step/);
  const tables = s.exhibits.filter((e) => e.kind === "curvature");
  assert.equal(tables.length, 2);
  if (tables[1]!.kind === "curvature") assert.deepEqual(tables[1]!.points[0]!.eigenvalues, [18, 12]);
});
