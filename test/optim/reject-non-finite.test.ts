import { test } from "node:test";
import assert from "node:assert/strict";
import { makeOptimizer, rejectNonFiniteSteps } from "../../src/optim/index.js";

test("rejectNonFiniteSteps: finite steps are the optimizer's own, bit for bit", () => {
  const plain = makeOptimizer("adam", { lr: 0.1 });
  const guarded = rejectNonFiniteSteps(makeOptimizer("adam", { lr: 0.1 }));
  const a = { w: Float32Array.of(0.5, -1, 2) };
  const b = { w: Float32Array.of(0.5, -1, 2) };
  const sa = plain.init(a);
  const sb = guarded.init(b);
  for (let k = 0; k < 5; k++) {
    const g = { w: Float32Array.of(k - 2, 0.3 * k, -1) };
    plain.step(a, g, sa);
    guarded.step(b, g, sb);
  }
  assert.deepEqual(Array.from(b.w), Array.from(a.w));
  assert.equal(guarded.rejected, 0);
  assert.equal(guarded.name, "adam");
});

test("rejectNonFiniteSteps: a step that leaves a parameter non-finite is undone and counted", () => {
  const guarded = rejectNonFiniteSteps(makeOptimizer("sgd", { lr: 1 }));
  const params = { w: Float32Array.of(1, 2), b: Float32Array.of(3) };
  const state = guarded.init(params);
  guarded.step(params, { w: Float32Array.of(0.5, 0.5), b: Float32Array.of(1) }, state);
  assert.deepEqual([Array.from(params.w), Array.from(params.b)], [[0.5, 1.5], [2]]);
  // One bad entry in one parameter: every parameter goes back to where the step found it.
  guarded.step(params, { w: Float32Array.of(1, 1), b: Float32Array.of(NaN) }, state);
  assert.deepEqual([Array.from(params.w), Array.from(params.b)], [[0.5, 1.5], [2]]);
  guarded.step(params, { w: Float32Array.of(-Infinity, 0), b: Float32Array.of(0) }, state);
  assert.equal(guarded.rejected, 2);
  assert.deepEqual(Array.from(params.w), [0.5, 1.5]);
});
