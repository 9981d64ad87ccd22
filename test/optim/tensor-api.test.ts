/**
 * Optimizers on records of tensors: `apply` gives the numbers `step` gives, new tensors, inputs
 * untouched; `step` on tensors writes those numbers into the tensors' own arrays, allocating none.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fromData, tensor, type Tensor } from "../../src/autodiff/index.js";
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

/** Runs `f` counting the float typed arrays made meanwhile (`new`, `from`, `of`, `slice`, `map`). */
function countTypedArrays(f: () => void): number {
  let made = 0;
  const saved = { Float32Array, Float64Array };
  const proto = Object.getPrototypeOf(Float32Array.prototype) as { slice: (...a: unknown[]) => unknown; map: (...a: unknown[]) => unknown };
  const { slice, map } = proto;
  const counting = <C extends object>(C: C): C => new Proxy(C, {
    construct: (target, args) => { made++; return Reflect.construct(target as never, args); },
    get: (target, key) => {
      const v = Reflect.get(target, key);
      return key === "from" || key === "of" ? (...a: unknown[]) => { made++; return (v as (...x: unknown[]) => unknown).apply(target, a); } : v;
    },
  });
  globalThis.Float32Array = counting(saved.Float32Array);
  globalThis.Float64Array = counting(saved.Float64Array);
  proto.slice = function (this: unknown, ...a: unknown[]) { made++; return slice.apply(this, a); };
  proto.map = function (this: unknown, ...a: unknown[]) { made++; return map.apply(this, a); };
  try {
    f();
  } finally {
    Object.assign(globalThis, saved);
    Object.assign(proto, { slice, map });
  }
  return made;
}

for (const name of ["sgd", "adam", "adamw", "lion", "muon"]) {
  test(`${name}: step on tensors writes apply's numbers into the tensors' own arrays, allocating no typed array`, () => {
    const opt = makeOptimizer(name, { lr: 0.1 });
    const own = { w: fromData(Float32Array.from(params.w.data), [2, 2]), b: fromData(Float32Array.from(params.b.data), [2]) };
    const arrays = { w: own.w.data, b: own.b.data };
    let state = opt.init(own);
    let p: Record<string, Tensor> = params;
    let applyState = opt.init(params);
    state = opt.step(own, grads, state); // the first step may make lazily created buffers
    ({ params: p, state: applyState } = opt.apply(p, grads, applyState));
    const made = countTypedArrays(() => {
      for (let k = 0; k < 2; k++) state = opt.step(own, grads, state);
    });
    const copies = countTypedArrays(() => {
      for (let k = 0; k < 2; k++) ({ params: p, state: applyState } = opt.apply(p, grads, applyState));
    });
    assert.equal(made, 0, "typed arrays made by two steps");
    assert.ok(copies >= 4, `the count sees apply's copies (${copies})`);
    assert.equal(own.w.data, arrays.w, "the same arrays, updated in place");
    assert.deepEqual(own.w.data, p.w!.data);
    assert.deepEqual(own.b.data, p.b!.data);
    assert.deepEqual(state.count, 3);
  });
}

test("step takes a tensor record for the parameters and typed arrays for the gradients (and the reverse)", () => {
  const opt = makeOptimizer("adam", { lr: 0.1 });
  const a = { w: fromData(Float32Array.of(1, 2)) };
  const b = { w: Float32Array.of(1, 2) };
  const sa = opt.init(a);
  const sb = opt.init(b);
  opt.step(a, { w: Float32Array.of(0.5, -1) }, sa);
  opt.step(b, { w: fromData(Float32Array.of(0.5, -1)) }, sb);
  assert.deepEqual(a.w.data, b.w);
  // One optimizer stepping a typed-array record, then a tensor record on the same arrays (a record
  // of arrays is remembered between calls; another record is looked at afresh).
  const c = makeOptimizer("sgd", { lr: 1 });
  const arrays = { w: Float32Array.of(1, 2) };
  const sc = c.init(arrays);
  c.step(arrays, { w: Float32Array.of(1, 1) }, sc);
  c.step({ w: fromData(arrays.w) }, { w: fromData(Float32Array.of(1, 1)) }, sc);
  c.step(arrays, { w: Float32Array.of(1, 1) }, sc);
  assert.deepEqual(Array.from(arrays.w), [-2, -1]);
});

test("schedule-free eval and train write into a tensor record's arrays", () => {
  const opt = makeOptimizer("sgd-schedulefree", { lr: 0.1 });
  const p = { w: fromData(Float64Array.of(1, -2)) };
  const q = { w: Float64Array.of(1, -2) };
  const sp = opt.init(p);
  const sq = opt.init(q);
  for (let k = 0; k < 3; k++) {
    opt.step(p, { w: fromData(Float64Array.of(1, 1)) }, sp);
    opt.step(q, { w: Float64Array.of(1, 1) }, sq);
  }
  opt.eval!(p, sp);
  opt.eval!(q, sq);
  assert.deepEqual(p.w.data, q.w);
  opt.train!(p, sp);
  opt.train!(q, sq);
  assert.deepEqual(p.w.data, q.w);
});

test("a scheduled optimizer's apply follows the schedule", () => {
  const opt = withSchedule(makeOptimizer("sgd", { lr: 1 }), makeSchedule("step", { step_size: 1, gamma: 0.5 }, 1) as StepSchedule);
  const p0 = { x: fromData(Float64Array.of(0)) };
  const g = { x: fromData(Float64Array.of(1)) };
  let state = opt.init(p0);
  let p = p0;
  for (let k = 0; k < 3; k++) ({ params: p, state } = opt.apply(p, g, state) as { params: typeof p0; state: typeof state });
  assert.deepEqual(Array.from(p.x.data), [-(1 + 0.5 + 0.25)]);
});
