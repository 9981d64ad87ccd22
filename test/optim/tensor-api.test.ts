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

/** The message `f` throws (the test fails if it returns). */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail("expected a throw");
}

test("step on the same tensor records call after call (the remembered arrays) gives a fresh optimizer's numbers, bit for bit", () => {
  for (const name of ["adam", "adamw", "sgd", "nadam"]) {
    const opt = makeOptimizer(name, { lr: 0.01 });
    const p = { x: fromData(Float64Array.of(-1.5), []), y: fromData(Float64Array.of(2), []) };
    const g = { x: fromData(Float64Array.of(0), []), y: fromData(Float64Array.of(0), []) };
    let state = opt.init(p);
    const ref = { x: Float64Array.of(-1.5), y: Float64Array.of(2) };
    for (let k = 0; k < 50; k++) {
      // Rosenbrock's gradient, written into the same gradient tensors each step (as a jit plan does).
      const [x, y] = [p.x.data[0]!, p.y.data[0]!];
      g.x.data[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g.y.data[0] = 200 * (y - x * x);
      state = opt.step(p, g, state);
      // A fresh optimizer built and stepped from scratch on typed arrays each time: no remembered record.
      const fresh = makeOptimizer(name, { lr: 0.01 });
      const r = { x: Float64Array.of(-1.5), y: Float64Array.of(2) };
      let s = fresh.init(r);
      let [rx, ry] = [r.x[0]!, r.y[0]!];
      for (let j = 0; j <= k; j++) {
        [rx, ry] = [r.x[0]!, r.y[0]!];
        s = fresh.step(r, { x: Float64Array.of(-2 * (1 - rx) - 400 * rx * (ry - rx * rx)), y: Float64Array.of(200 * (ry - rx * rx)) }, s);
      }
      ref.x.set(r.x);
      ref.y.set(r.y);
      assert.ok(Object.is(p.x.data[0], ref.x[0]) && Object.is(p.y.data[0], ref.y[0]), `${name} step ${k + 1}`);
    }
  }
});

test("Adam's bias corrections, kept between parameters and steps, are the ones each step's t, β₁, β₂ give", () => {
  // Before each step, Adams with another β₂, another β₁, or the same βs at another t step too (each
  // of them last in turn), against Adam's loop written out here in the kernel's order of operations.
  for (const [b1, b2] of [[0.9, 0.999], [0.5, 0.9]] as const) {
    const opt = makeOptimizer("adam", { lr: 0.05, beta1: b1, beta2: b2 });
    const q = { x: fromData(Float64Array.of(3), []) };
    const between = [{ beta1: b1, beta2: 0.95 }, { beta1: 0.8, beta2: b2 }, { beta1: b1, beta2: b2 }].map((o, i) => {
      const other = makeOptimizer("adam", { lr: 0.05, ...o });
      let s = other.init(q);
      const times = i === 2 ? 2 : 1; // the same βs run at 2t
      return () => {
        for (let j = 0; j < times; j++) s = other.step(q, { x: q.x }, s);
      };
    });
    const p = { x: fromData(Float64Array.of(-1.5), []), y: fromData(Float64Array.of(2), []) };
    const g = { x: fromData(Float64Array.of(0.3), []), y: fromData(Float64Array.of(-0.7), []) };
    let state = opt.init(p);
    const want = { x: [-1.5, 0, 0], y: [2, 0, 0] }; // value, m, v
    for (let t = 1; t <= 30; t++) {
      for (let j = 1; j <= 3; j++) between[(t + j) % 3]!();
      state = opt.step(p, g, state);
      for (const k of ["x", "y"] as const) {
        const w = want[k];
        const gi = g[k].data[0]!;
        w[1] = w[1]! * b1 + (1 - b1) * gi;
        w[2] = w[2]! * b2 + (1 - b2) * gi * gi;
        w[0] = w[0]! + (-(0.05 / (1 - b1 ** t)) * w[1]!) / (Math.sqrt(w[2]!) * (1 / Math.sqrt(1 - b2 ** t)) + 1e-8);
        assert.ok(Object.is(p[k].data[0], w[0]), `β ${b1}/${b2}, step ${t}, ${k}: ${p[k].data[0]} vs ${w[0]}`);
      }
    }
  }
});

test("a remembered tensor record that changes is read afresh: the same errors as a fresh optimizer, and new tensors are updated", () => {
  const scalars = () => ({ x: fromData(Float64Array.of(1), []), y: fromData(Float64Array.of(2), []) }) as Record<string, Tensor>;
  const setup = () => {
    const opt = makeOptimizer("adam", { lr: 0.1 });
    const p = scalars();
    const g = scalars();
    let state = opt.init(p);
    for (let k = 0; k < 3; k++) state = opt.step(p, g, state); // the records are remembered now
    return { opt, p, g, state };
  };
  /** The message a fresh optimizer gives for the same bad call (nothing remembered). */
  const freshMessage = (bad: (p: Record<string, Tensor>, g: Record<string, Tensor>) => void) => {
    const opt = makeOptimizer("adam", { lr: 0.1 });
    const p = scalars();
    const g = scalars();
    const state = opt.init(p);
    bad(p, g);
    return thrown(() => opt.step(p, g, state));
  };
  const cases: Array<[string, (p: Record<string, Tensor>, g: Record<string, Tensor>) => void, RegExp]> = [
    ["a gradient key added", (_p, g) => { g.z = fromData(Float64Array.of(1), []); }, /no parameter value for parameter "z"/],
    ["a gradient of another length", (_p, g) => { g.y = fromData(Float64Array.of(1, 2, 3), [3]); }, /gradient "y" has 3 entries, parameter has 1/],
    ["a parameter of another length", (p) => { p.x = fromData(Float64Array.of(1, 2), [2]); }, /gradient "x" has 1 entries, parameter has 2/],
    ["a parameter key removed", (p) => { delete p.y; }, /no parameter value for parameter "y"/],
    ["a gradient that is not a tensor", (_p, g) => { (g as Record<string, unknown>).y = [1]; }, /gradient "y" must be a Tensor like the others/],
  ];
  for (const [what, bad, message] of cases) {
    const { opt, p, g, state } = setup();
    bad(p, g);
    const got = thrown(() => opt.step(p, g, state));
    assert.match(got, message, what);
    assert.equal(got, freshMessage(bad), what);
  }
  // Another state for the same remembered records: checked again.
  {
    const { opt, p, g } = setup();
    const partial = opt.init({ x: p.x! });
    assert.equal(thrown(() => opt.step(p, g, partial)), 'no adam state for parameter "y"');
    // A state's parameter set is fixed at init: it cannot be changed behind the check's back.
    assert.throws(() => { (partial.slots as Record<string, unknown>).y = {}; }, TypeError);
  }
  // A tensor replaced by another of the same size: the step writes into the new tensor's array.
  const { opt, p, g, state } = setup();
  const old = p.x!;
  const before = old.data[0];
  p.x = fromData(Float64Array.of(5), []);
  opt.step(p, g, state);
  assert.equal(old.data[0], before, "the replaced tensor is left alone");
  assert.notEqual(p.x.data[0], 5, "the new tensor is stepped");
  // Keys reordered (same tensors): still the same numbers as in the original order.
  const a = setup();
  const b = setup();
  const reordered: Record<string, Tensor> = { y: a.g.y!, x: a.g.x! };
  a.opt.step(a.p, reordered, a.state);
  b.opt.step(b.p, b.g, b.state);
  assert.deepEqual([a.p.x!.data[0], a.p.y!.data[0]], [b.p.x!.data[0], b.p.y!.data[0]]);
});
