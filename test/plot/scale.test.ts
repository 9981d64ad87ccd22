import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatTick, linearScale, logScale } from "../../src/plot/scale.js";

describe("scales", () => {
  test("linear scale maps the domain ends to the range ends", () => {
    const s = linearScale([0, 10], [100, 300]);
    assert.equal(s.map(0), 100);
    assert.equal(s.map(10), 300);
    assert.equal(s.map(2.5), 150);
    assert.deepEqual(s.ticks(5), [0, 2, 4, 6, 8, 10]);
  });

  test("linear domain is niced outwards", () => {
    const s = linearScale([0.13, 9.7], [0, 1]);
    assert.deepEqual(s.domain, [0, 10]);
  });

  test("a degenerate domain is widened", () => {
    const s = linearScale([3, 3], [0, 100]);
    assert.ok(s.domain[0] < 3 && s.domain[1] > 3);
  });

  test("log ticks are exact powers of ten and the domain is whole decades", () => {
    const s = logScale([3e-7, 42], [400, 0]);
    assert.deepEqual(s.domain, [1e-7, 100]);
    const t = s.ticks(20);
    assert.deepEqual(t, [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100]);
    assert.equal(s.map(1e-7), 400);
    assert.equal(s.map(100), 0);
    assert.ok(Number.isNaN(s.map(0)));
  });

  test("log ticks stay powers of ten for any positive domain", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (a, b) => {
        const ticks = logScale([a, b], [0, 1]).ticks();
        assert.ok(ticks.length >= 2);
        for (const t of ticks) assert.match(t.toExponential(), /^1e[-+]\d+$/, `tick ${t}`);
        for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i]! > ticks[i - 1]!);
      }),
    );
  });

  test("tick labels read well", () => {
    assert.equal(formatTick(0), "0");
    assert.equal(formatTick(0.001), "0.001");
    assert.equal(formatTick(1e-6), "1e-6");
    assert.equal(formatTick(2.5e-5), "2.5e-5");
    assert.equal(formatTick(0.30000000000000004), "0.3");
    assert.equal(formatTick(1500), "1500");
    assert.equal(formatTick(10000), "10k");
    assert.equal(formatTick(-25000), "-25k");
    assert.equal(formatTick(2.5e6), "2.5M");
    assert.equal(formatTick(1e12), "1e12");
  });
});
