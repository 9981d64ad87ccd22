/** Optimizers on records of tensors: `apply` gives the numbers `step` gives, new tensors, inputs untouched. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fromData, tensor } from "../../src/autodiff/index.js";
import { makeOptimizer, makeSchedule, withSchedule } from "../../src/optim/index.js";
import type { StepSchedule } from "../../src/optim/schedules.js";

const params = { w: tensor([[0.5, -1], [2, 0]], { dtype: "float32" }), b: tensor([0.1, 0.2], { dtype: "float32" }) };
const grads = { w: tensor([[1, 2], [-3, 0.5]], { dtype: "float32" }), b: tensor([0.01, -4], { dtype: "float32" }) };

for (const name of ["sgd", "adam", "adamw", "lion", "muon"]) {
  test(`${name}: apply on tensors gives step's numbers over three steps`, () => {
    const opt = makeOptimizer(name, { lr: 0.1 });
    let p = params;
    let state = opt.init(p);
    const arrays = { w: Float32Array.from(params.w.data), b: Float32Array.from(params.b.data) };
    let arrayState = opt.init(arrays, { w: [2, 2], b: [2] });
    for (let k = 0; k < 3; k++) {
      ({ params: p, state } = opt.apply(p, grads, state) as { params: typeof params; state: typeof state });
      arrayState = opt.step(arrays, { w: grads.w.data, b: grads.b.data }, arrayState);
    }
    assert.deepEqual(p.w.data, arrays.w);
    assert.deepEqual(p.b.data, arrays.b);
    assert.deepEqual(p.w.shape, [2, 2]);
    assert.deepEqual(Array.from(params.w.data), [0.5, -1, 2, 0], "the given tensors are unchanged");
  });
}

test("a scheduled optimizer's apply follows the schedule", () => {
  const opt = withSchedule(makeOptimizer("sgd", { lr: 1 }), makeSchedule("step", { step_size: 1, gamma: 0.5 }, 1) as StepSchedule);
  const p0 = { x: fromData(Float64Array.of(0)) };
  const g = { x: fromData(Float64Array.of(1)) };
  let state = opt.init(p0);
  let p = p0;
  for (let k = 0; k < 3; k++) ({ params: p, state } = opt.apply(p, g, state) as { params: typeof p0; state: typeof state });
  assert.deepEqual(Array.from(p.x.data), [-(1 + 0.5 + 0.25)]);
});
