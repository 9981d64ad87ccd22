/** expNeg and log1pUnit against Math.exp and Math.log1p over their whole domains, edges included. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { expNeg, log1pUnit } from "../../src/util/exp-log.js";
import { Rng } from "../../src/random.js";

const ULP = 2 ** -52;

test("expNeg(a) is within 3 ulp of Math.exp(−a) wherever the result is a normal double", () => {
  const rng = new Rng(1);
  let worst = 0;
  for (let i = 0; i < 200_000; i++) {
    const a = i % 3 === 0 ? rng.uniform(0, 708) : i % 3 === 1 ? rng.uniform(0, 20) : rng.uniform(0, 1e-3);
    const exact = Math.exp(-a);
    worst = Math.max(worst, Math.abs(expNeg(a) - exact) / exact);
  }
  assert.ok(worst <= 3 * ULP, `worst relative error ${worst}`);
});

test("expNeg at the edges: 1 at 0, subnormals near 745, 0 beyond, NaN for NaN", () => {
  assert.equal(expNeg(0), 1);
  assert.equal(expNeg(-0), 1);
  assert.equal(expNeg(745.1), Math.exp(-745.1)); // the smallest subnormal
  assert.ok(Math.abs(expNeg(720) - Math.exp(-720)) <= Math.exp(-720) * 1e-12, "subnormal range keeps ~12 digits");
  assert.equal(expNeg(745.2), 0);
  assert.equal(expNeg(Infinity), 0);
  assert.ok(Number.isNaN(expNeg(NaN)));
});

test("log1pUnit(e) is within 4 ulp of Math.log1p on [0, 1], including tiny e and the branch at √2 − 1", () => {
  const rng = new Rng(2);
  let worst = 0;
  const points = [0.41421356237309503, 0.414213562373095, 0.41421356237309515, 1, 0.5, 1e-300, 2 ** -1022];
  for (let i = 0; i < 200_000; i++) points.push(i % 2 ? rng.uniform(0, 1) : 10 ** rng.uniform(-20, 0));
  for (const e of points) {
    const exact = Math.log1p(e);
    worst = Math.max(worst, Math.abs(log1pUnit(e) - exact) / exact);
  }
  assert.ok(worst <= 4 * ULP, `worst relative error ${worst}`);
  assert.equal(log1pUnit(0), 0);
  for (const sub of [5e-324, 1e-310]) assert.ok(Math.abs(log1pUnit(sub) - sub) <= 1e-323, "subnormal e: absolute error of a few subnormal steps");
  assert.ok(Number.isNaN(log1pUnit(NaN)));
});
