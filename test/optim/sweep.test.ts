// Every optimizer, with a small learning rate, lowers the value of a few hand-differentiated
// functions: a sanity sweep over sign conventions and state handling.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeOptimizer, OPTIMIZER_NAMES } from "../../src/optim/index.js";
import { FUNCTIONS } from "./functions.js";

const STARTS: Record<string, number[]> = {
  "article-2d": [-0.5, 2],
  rosenbrock: [-1.5, 2],
  himmelblau: [0, 0],
  quadratic3: [3, -2, 5],
};

test("every optimizer decreases every test function with a small learning rate", () => {
  for (const name of OPTIMIZER_NAMES) {
    for (const [fname, start] of Object.entries(STARTS)) {
      const f = FUNCTIONS[fname]!;
      const params = { x: Float64Array.from(start) };
      const g = new Float64Array(start.length);
      f.grad(params.x, g);
      // "Small" for plain gradient descent too: scaled so the first SGD step moves at most 1e-3.
      const lr = 1e-3 / Math.max(1, Math.hypot(...g));
      const opt = makeOptimizer(name, { lr });
      const state = opt.init(params);
      const values = [f.value(params.x)];
      for (let k = 0; k < 30; k++) {
        f.grad(params.x, g);
        opt.step(params, { x: g }, state);
        values.push(f.value(params.x));
      }
      // Small steps along −g: each of the first steps goes down, and so does the whole run.
      for (let k = 1; k <= 5; k++) assert.ok(values[k]! < values[k - 1]!, `${name} on ${fname}: step ${k} went up (${values[k - 1]} → ${values[k]})`);
      assert.ok(values[30]! < values[0]!, `${name} on ${fname}: ${values[0]} → ${values[30]}`);
    }
  }
});
