// minimize with the new optimizers follows the same reference trajectories as the optimizer tests:
// schedule-free runs report x (the average), Muon reads the point as one [n, 1] weight, and
// Prodigy keeps lr = 1 unless given one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { expressionObjective, minimize } from "../../src/minimize/index.js";

interface Case {
  kind: string;
  function?: string;
  start?: number[];
  optimizer: { name: string; options: Record<string, number | boolean | string> };
  steps: number;
  trajectory: number[][];
  eval_trajectory?: number[][];
}
const cases = (JSON.parse(readFileSync(new URL("../fixtures/optim/modern-optimizers.json", import.meta.url), "utf8")) as { cases: Case[] }).cases;

function deviation(got: number[][], ref: number[][]): number {
  let worst = 0;
  ref.forEach((point, k) => point.forEach((r, i) => (worst = Math.max(worst, Math.abs(got[k]![i]! - r) / (1 + Math.abs(r))))));
  return worst;
}

// The compiled expressions' gradients round differently from the hand-written ones the oracle
// uses; over 100 steps that stays below 1e-10.
const TOLERANCE = 1e-10;

for (const name of ["adamw-schedulefree", "sgd-schedulefree", "muon", "prodigy", "lion"]) {
  test(`minimize with ${name} records the reference's ${name.includes("schedulefree") ? "evaluation points x" : "iterates"}`, () => {
    // quadratic3 is a test function only, not one of the named ones.
    const named = cases.filter((k) => k.kind === "function" && k.optimizer.name === name && k.function !== "quadratic3");
    // Without cases the loop below asserts nothing: a regenerated fixture must keep some.
    assert.ok(named.length > 0, `the fixture has no case of ${name} on a named function`);
    for (const c of named) {
      const r = minimize(expressionObjective(c.function!), c.start!, { optimizer: c.optimizer, steps: c.steps, tol: 0 });
      assert.equal(r.trajectory.length, c.steps + 1);
      const reference = c.eval_trajectory ?? c.trajectory;
      const dev = deviation(r.trajectory, reference);
      assert.ok(dev <= TOLERANCE, `${c.function} ${JSON.stringify(c.optimizer.options)}: deviation ${dev}`);
      assert.equal(r.point.join(), r.trajectory.at(-1)!.join());
    }
  });
}

test("minimize keeps Prodigy's lr at 1 rather than its own default of 0.01", () => {
  const r = minimize(expressionObjective("rosenbrock"), [-1, 1], { optimizer: { name: "prodigy" }, steps: 5 });
  assert.equal(r.optimizer, "prodigy:lr=1");
  const sgd = minimize(expressionObjective("rosenbrock"), [-1, 1], { optimizer: { name: "adam" }, steps: 5 });
  assert.equal(sgd.optimizer, "adam:lr=0.01");
});
