import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { analyzeStudy } from "../../src/study/index.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/stats/reference.json", import.meta.url), "utf8")) as {
  cases: { name: string; a: number[]; b: number[]; welch: { t: number; p: number }; mannWhitney: { u: number; p: number }; cohenD: number }[];
};

describe("study analysis", () => {
  test("pairs carry SciPy's statistics, and the better configuration follows the metric's direction", () => {
    const c = fixture.cases.find((k) => k.name.startsWith("Kneusel-like"))!;
    const mcc = analyzeStudy("mcc", ["plain", "momentum"], [c.a, c.b]);
    const pair = mcc.pairs[0]!;
    assert.ok(Math.abs(pair.t - c.welch.t) < 1e-10 * Math.abs(c.welch.t));
    assert.ok(Math.abs(pair.p_t - c.welch.p) < 1e-8 * c.welch.p);
    assert.equal(pair.u, c.mannWhitney.u);
    assert.ok(Math.abs(pair.p_u - c.mannWhitney.p) < 1e-8 * c.mannWhitney.p);
    assert.ok(Math.abs(pair.d - c.cohenD) < 1e-10 * Math.abs(c.cohenD));
    assert.equal(pair.better, "momentum");
    assert.equal(analyzeStudy("loss", ["plain", "momentum"], [c.a, c.b]).pairs[0]!.better, "plain");
  });

  test("no verdict when p ≥ 0.05; three configurations give three pairs in order", () => {
    const r = analyzeStudy("accuracy", ["a", "b", "c"], [[1, 2, 3], [1.5, 2.5, 3.5], [10, 11, 12]]);
    assert.deepEqual(r.pairs.map((p) => [p.a, p.b]), [["a", "b"], ["a", "c"], ["b", "c"]]);
    assert.equal(r.pairs[0]!.better, null);
    assert.equal(r.pairs[1]!.better, "c");
  });

  test("diverged runs (NaN) are counted and left out of the statistics", () => {
    const r = analyzeStudy("mcc", ["a", "b"], [[0.5, NaN, 0.7], [0.1, 0.2, 0.3]]);
    assert.equal(r.configs[0]!.diverged, 1);
    assert.equal(r.configs[0]!.mean, 0.6);
    assert.equal(r.configs[0]!.values.length, 3);
  });
});
