import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { cohensD, mannWhitneyU, summarize, welchTTest } from "../../src/stats/index.js";

interface Case {
  name: string;
  a: number[];
  b: number[];
  summaryA: Record<"mean" | "sd" | "se" | "min" | "max", number>;
  summaryB: Record<"mean" | "sd" | "se" | "min" | "max", number>;
  welch: { t: number; p: number };
  mannWhitney: { u: number; p: number; method: "exact" | "asymptotic" };
  mannWhitneyAsymptotic: { u: number; p: number };
  cohenD: number;
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/stats/reference.json", import.meta.url), "utf8")) as { cases: Case[] };

/** Absolute 1e-10 for statistics, scaled by magnitude so large values (t, U, 1e6 means) compare relatively. */
function close(actual: number, expected: number, what: string, tol = 1e-10): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol * scale, `${what}: ${actual} vs SciPy ${expected}`);
}

/** p-values to 1e-8 relative (absolute below 1e-300). */
function closeP(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-8 * Math.abs(expected) + 1e-300, `${what}: p ${actual} vs SciPy ${expected}`);
}

describe("statistics against SciPy reference values", () => {
  test("the fixture has the cases the suite relies on", () => {
    assert.ok(fixture.cases.length >= 10);
    assert.ok(fixture.cases.some((c) => c.mannWhitney.method === "exact"));
    assert.ok(fixture.cases.some((c) => c.mannWhitney.method === "asymptotic"));
  });
  for (const c of fixture.cases) {
    test(c.name, () => {
      for (const [values, ref, label] of [[c.a, c.summaryA, "a"], [c.b, c.summaryB, "b"]] as const) {
        const s = summarize(values);
        for (const key of ["mean", "sd", "se", "min", "max"] as const) close(s[key], ref[key], `${label}.${key}`);
      }
      const w = welchTTest(c.a, c.b);
      close(w.t, c.welch.t, "Welch t");
      closeP(w.p, c.welch.p, "Welch");
      const m = mannWhitneyU(c.a, c.b);
      assert.equal(m.method, c.mannWhitney.method);
      close(m.u, c.mannWhitney.u, "U");
      closeP(m.p, c.mannWhitney.p, `Mann–Whitney (${m.method})`);
      const asym = mannWhitneyU(c.a, c.b, "asymptotic");
      close(asym.u, c.mannWhitneyAsymptotic.u, "U (asymptotic)");
      closeP(asym.p, c.mannWhitneyAsymptotic.p, "Mann–Whitney (asymptotic)");
      close(cohensD(c.a, c.b), c.cohenD, "Cohen's d");
    });
  }
});
