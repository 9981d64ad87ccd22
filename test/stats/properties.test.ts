import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DataError } from "../../src/errors.js";
import {
  cohensD, exactUSurvival, mannWhitneyU, normalSurvival, rankWithTies, regularizedBeta, studentTSurvival, summarize, welchTTest,
} from "../../src/stats/index.js";

// Quarter steps make ties common, so both Mann–Whitney methods are exercised.
const sample = fc.array(fc.integer({ min: -40, max: 40 }).map((v) => v / 4), { minLength: 2, maxLength: 12 });

describe("stats properties", () => {
  test("exact U distribution: P(U ≥ 0) = 1, symmetric about mn/2, matches enumeration for 2 vs 3", () => {
    assert.ok(Math.abs(exactUSurvival(0, 4, 7) - 1) < 1e-15);
    for (let k = 0; k <= 28; k++) {
      // P(U ≥ k) = P(U ≤ mn − k) = 1 − P(U ≥ mn − k + 1)
      assert.ok(Math.abs(exactUSurvival(k, 4, 7) - (1 - exactUSurvival(28 - k + 1, 4, 7))) < 1e-14);
    }
    // m=2, n=3: the 10 arrangements give U = 0,1,2,2,3,3,4,4,5,6 → P(U ≥ 5) = 2/10.
    assert.equal(exactUSurvival(5, 2, 3), 0.2);
    assert.equal(exactUSurvival(5, 3, 2), 0.2);
  });

  test("midranks and the tie term", () => {
    const { ranks, tieTerm } = rankWithTies([3, 1, 3, 2, 3]);
    assert.deepEqual([...ranks], [4, 1, 4, 2, 4]);
    assert.equal(tieTerm, 27 - 3);
  });

  test("swapping the samples flips t, d and U and keeps every p", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const w1 = welchTTest(a, b);
        const w2 = welchTTest(b, a);
        if (Number.isFinite(w1.t)) {
          assert.ok(w2.t === -w1.t, `t ${w1.t} vs ${w2.t}`); // === so that 0 and −0 agree
          assert.equal(w2.p, w1.p);
          assert.ok(w1.p >= 0 && w1.p <= 1);
        }
        const m1 = mannWhitneyU(a, b);
        const m2 = mannWhitneyU(b, a);
        assert.equal(m1.u + m2.u, a.length * b.length);
        assert.ok(Math.abs(m1.p - m2.p) <= 1e-12 && m1.p >= 0 && m1.p <= 1);
        const d = cohensD(a, b);
        if (Number.isFinite(d)) assert.ok(Math.abs(cohensD(b, a) + d) <= 1e-12 * Math.max(1, Math.abs(d)));
      }),
    );
  });

  test("special functions at known points", () => {
    assert.ok(Math.abs(normalSurvival(1.959963984540054) - 0.025) < 1e-15);
    assert.ok(Math.abs(normalSurvival(-1) - 0.8413447460685429) < 1e-15);
    assert.ok(Math.abs(normalSurvival(10) - 7.619853024160527e-24) < 1e-8 * 7.6e-24);
    // t with 1 degree of freedom is Cauchy: P(T > 1) = 1/4.
    assert.ok(Math.abs(studentTSurvival(1, 1) - 0.25) < 1e-15);
    assert.ok(Math.abs(regularizedBeta(0.5, 2, 2) - 0.5) < 1e-15);
    assert.equal(studentTSurvival(0, 5), 0.5);
  });

  test("summaries of a known sample", () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    assert.equal(s.mean, 5);
    assert.ok(Math.abs(s.sd - Math.sqrt(32 / 7)) < 1e-15);
    assert.ok(Math.abs(s.se - Math.sqrt(32 / 7) / Math.sqrt(8)) < 1e-15);
    assert.deepEqual([s.min, s.max, s.n], [2, 9, 8]);
    assert.ok(Number.isNaN(summarize([3]).sd));
  });

  test("too few values are one-line DataErrors; constant samples give NaN, not a crash", () => {
    assert.throws(() => welchTTest([1], [2, 3]), DataError);
    assert.throws(() => cohensD([1, 2], [3]), DataError);
    assert.throws(() => mannWhitneyU([], [1]), DataError);
    assert.throws(() => summarize([]), DataError);
    const w = welchTTest([1, 1, 1], [1, 1]);
    assert.ok(Number.isNaN(w.t) && Number.isNaN(w.p));
  });
});
