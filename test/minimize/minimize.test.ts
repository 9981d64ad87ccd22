import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { minimize, objectiveFromFunctions, basinsOfAttraction, learningRateSweep } from "../../src/minimize/index.js";
import { OptionError } from "../../src/errors.js";

// The article's functions with hand-written gradients, so these tests do not depend on the parser.
const article1d = objectiveFromFunctions(
  ["x"],
  (p) => 6 * p[0]! ** 2 - 12 * p[0]! + 3,
  (p, g) => void (g[0] = 12 * p[0]! - 12),
);
const article2d = objectiveFromFunctions(
  ["x", "y"],
  (p) => 6 * p[0]! ** 2 + 9 * p[1]! ** 2 - 12 * p[0]! - 14 * p[1]! + 3,
  (p, g) => {
    g[0] = 12 * p[0]! - 12;
    g[1] = 18 * p[1]! - 14;
  },
);

describe("minimize on the article's 1-D function", () => {
  test("one step from -0.9 with lr 0.03 gives -0.216", () => {
    const r = minimize(article1d, [-0.9], { lr: 0.03, steps: 1 });
    assert.equal(r.steps, 1);
    assert.ok(Math.abs(r.trajectory[1]![0]! - -0.216) < 1e-15);
    assert.deepEqual(r.trajectory[0], [-0.9]);
    assert.equal(r.status, "max-steps");
  });

  test("the iterates follow x <- x - 0.03(12x - 12) and reach 1", () => {
    const r = minimize(article1d, [-0.9], { lr: 0.03, steps: 200, tol: 1e-10 });
    assert.equal(r.status, "converged");
    assert.ok(Math.abs(r.point[0]! - 1) < 1e-10);
    assert.ok(Math.abs(r.trajectory[2]![0]! - 0.22176) < 1e-12);
    for (let k = 0; k < r.trajectory.length; k++) {
      const x = r.trajectory[k]![0]!;
      assert.ok(Math.abs(r.values[k]! - (6 * x * x - 12 * x + 3)) < 1e-12);
    }
  });

  test("lr 0.15 from 0.75 overshoots (0.75, 1.2, 0.84, ...) and still converges", () => {
    const r = minimize(article1d, [0.75], { lr: 0.15, steps: 500, tol: 1e-9 });
    const xs = r.trajectory.map((p) => p[0]!);
    assert.ok(Math.abs(xs[1]! - 1.2) < 1e-12 && Math.abs(xs[2]! - 0.84) < 1e-12);
    assert.ok(xs[1]! > 1 && xs[2]! < 1, "crosses the minimum");
    assert.equal(r.status, "converged");
  });

  test("lr 0.2 (past 1/6) diverges within 1000 steps and returns only finite numbers", () => {
    const r = minimize(article1d, [-0.9], { lr: 0.2, steps: 1000 });
    assert.equal(r.status, "diverged");
    assert.ok(r.steps < 1000);
    assert.match(r.reason, /^diverged at step \d+: /);
    for (const p of r.trajectory) assert.ok(p.every(Number.isFinite));
    assert.ok(r.values.every(Number.isFinite) && r.gradNorms.every(Number.isFinite));
    assert.ok(Number.isFinite(r.value) && Number.isFinite(r.gradNorm));
  });

  test("a non-finite value stops the run at the last finite point", () => {
    const blowUp = objectiveFromFunctions(["x"], (p) => (p[0]! > 2 ? NaN : -p[0]!), (_p, g) => void (g[0] = -1));
    const r = minimize(blowUp, [0], { lr: 1, steps: 10 });
    assert.equal(r.status, "diverged");
    assert.equal(r.steps, 2);
    assert.deepEqual(r.point, [2]);
    assert.match(r.reason, /step 3: the value became NaN/);
  });
});

describe("minimize on the article's 2-D function", () => {
  for (const start of [[-0.5, 2], [2.5, -1], [0, 0]]) {
    test(`from (${start}) reaches (1, 7/9)`, () => {
      const r = minimize(article2d, start, { lr: 0.03, steps: 1000, tol: 1e-9 });
      assert.equal(r.status, "converged");
      assert.ok(Math.abs(r.point[0]! - 1) < 1e-9 && Math.abs(r.point[1]! - 7 / 9) < 1e-9);
    });
  }
  test("start by name, in any order", () => {
    const r = minimize(article2d, { y: 2, x: -0.5 }, { lr: 0.01, steps: 1 });
    assert.deepEqual(r.trajectory[0], [-0.5, 2]);
  });
});

describe("options and errors", () => {
  test("bad options and starts name the problem", () => {
    assert.throws(() => minimize(article1d, [0], { lr: -1 }), { name: "OptionError", message: "invalid lr -1: must be a number > 0" });
    assert.throws(() => minimize(article1d, [0], { steps: 1.5 }), /invalid steps 1.5/);
    assert.throws(() => minimize(article2d, { x: 1 }), { message: 'start misses variable "y" (give x=…,y=…)' });
    assert.throws(() => minimize(article2d, [1]), OptionError);
    assert.throws(() => minimize(article2d, { x: 1, y: 2, z: 3 }), /start names "z"/);
  });

  test("a named optimizer plugs in, and lr overrides its own", () => {
    const r = minimize(article2d, [-0.5, 2], { optimizer: { name: "adam", options: { lr: 0.5 } }, lr: 0.05, steps: 3000, tol: 1e-8 });
    assert.equal(r.status, "converged");
    assert.match(r.optimizer, /^adam:.*lr=0.05/);
  });

  test("a schedule sets the learning rate per step", () => {
    const r = minimize(article1d, [-0.9], { lr: 0.5, schedule: () => 0.03, steps: 1 });
    assert.ok(Math.abs(r.point[0]! - -0.216) < 1e-15);
  });

  test("noise is seeded: same seed, same run; different seed, different run", () => {
    const a = minimize(article2d, [0, 0], { lr: 0.01, steps: 50, noise: 1, seed: 3 });
    const b = minimize(article2d, [0, 0], { lr: 0.01, steps: 50, noise: 1, seed: 3 });
    const c = minimize(article2d, [0, 0], { lr: 0.01, steps: 50, noise: 1, seed: 4 });
    assert.deepEqual(a.trajectory, b.trajectory);
    assert.notDeepEqual(a.trajectory, c.trajectory);
  });

  test("onStep sees every update and can stop the run", () => {
    const seen: number[] = [];
    const r = minimize(article1d, [-0.9], { lr: 0.03, steps: 100, onStep: (s) => (seen.push(s.step), s.step < 5) });
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(r.steps, 5);
  });
});

describe("basins and sweeps", () => {
  test("a quadratic has a single basin", () => {
    const b = basinsOfAttraction(article2d, { x: [-1, 3], y: [-1, 2] }, [[1, 7 / 9]], { resolution: 5, lr: 0.03, steps: 2000, tol: 1e-8 });
    assert.deepEqual([...b.labels], new Array(25).fill(0));
  });
  test("the 1-D sweep diverges past 2/L = 1/6", () => {
    const s = learningRateSweep(article1d, [-0.9], [0.1, 0.16, 0.17, 0.3], { steps: 1000 });
    assert.deepEqual(s.map((p) => p.status), ["converged", "converged", "diverged", "diverged"]);
  });
});

describe("objectives", () => {
  test("an expression string, an autodiff function and hand gradients give the same run", async () => {
    const { tensorObjective } = await import("../../src/minimize/index.js");
    const viaString = minimize("6x^2 + 9y^2 - 12x - 14y + 3", [-0.5, 2], { lr: 0.03, steps: 20 });
    const viaTensors = minimize(
      tensorObjective(["x", "y"], (x, y) => x.square().mul(6).add(y.square().mul(9)).sub(x.mul(12)).sub(y.mul(14)).add(3)),
      [-0.5, 2],
      { lr: 0.03, steps: 20 },
    );
    const viaHand = minimize(article2d, [-0.5, 2], { lr: 0.03, steps: 20 });
    for (let k = 0; k <= 20; k++) {
      for (let i = 0; i < 2; i++) {
        assert.ok(Math.abs(viaString.trajectory[k]![i]! - viaHand.trajectory[k]![i]!) < 1e-12);
        assert.ok(Math.abs(viaTensors.trajectory[k]![i]! - viaHand.trajectory[k]![i]!) < 1e-12);
      }
    }
  });
});
