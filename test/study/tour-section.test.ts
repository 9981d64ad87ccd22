import { test } from "node:test";
import assert from "node:assert/strict";
import { momentumStudySection } from "../../src/study/index.js";
import { fakeImageFolder } from "./helpers.js";

test("the tour's momentum section: both configurations, the book's numbers, a table and a figure", () => {
  const { result, section, svg } = momentumStudySection(fakeImageFolder(), { minibatches: 5, repeats: 2, figureFile: "m.svg" });
  assert.deepEqual(result.configs.map((c) => [c.optimizer, c.values.length]), [["sgd:lr=1.0", 2], ["sgd:lr=0.2,momentum=0.9", 2]]);
  assert.equal(result.pairs.length, 1);
  assert.match(section.paragraphs.join(" "), /0\.85778 ± 0\.00056 against 0\.86413 ± 0\.00075/);
  assert.match(section.paragraphs[1]!, /With 5 minibatches and 2 seeds each/);
  assert.equal(section.tables![0]!.rows.length, 2);
  assert.equal(section.figures![0]!.file, "m.svg");
  assert.match(svg, /<svg[\s\S]*MCC over 2 seeded runs/);
});
