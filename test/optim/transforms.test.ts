import { test } from "node:test";
import assert from "node:assert/strict";
import {
  accumulateGradients,
  addDecayedWeights,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  clipByValue,
  clipGlobalNormInPlace,
  makeOptimizer,
  scaleByAdadelta,
  scaleByAdagrad,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  serializeState,
  skipNonFinite,
  traceMomentum,
} from "../../src/optim/index.js";
import type { GradientTransformation, Params } from "../../src/optim/index.js";
import { FUNCTIONS } from "./functions.js";

const himmel = FUNCTIONS.himmelblau!;

function trajectory(t: GradientTransformation<any>, steps: number): number[] {
  const params: Params = { p: Float64Array.of(0.5, -0.3) };
  let state = t.init(params);
  const g = new Float64Array(2);
  for (let k = 0; k < steps; k++) {
    himmel.grad(params.p as Float64Array, g);
    const r = t.update({ p: g.slice() }, state, params);
    state = r.state;
    applyUpdates(params, r.updates);
  }
  return Array.from(params.p!);
}

function close(a: number[], b: number[], what: string): void {
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) <= 1e-12 * (1 + Math.abs(b[i]!)), `${what}: ${a} vs ${b}`));
}

test("building blocks compose into the named optimizers", () => {
  const steps = 40;
  close(trajectory(chain(traceMomentum({ momentum: 0.9 }), scaleByLearningRate(0.002)), steps), trajectory(makeOptimizer("momentum", { lr: 0.002 }), steps), "momentum");
  close(
    trajectory(chain(addDecayedWeights(0.1), traceMomentum({ momentum: 0.9, nesterov: true }), scaleByLearningRate(0.002)), steps),
    trajectory(makeOptimizer("nesterov", { lr: 0.002, weight_decay: 0.1 }), steps),
    "nesterov + weight decay",
  );
  close(trajectory(chain(scaleByAdam({ amsgrad: true }), scaleByLearningRate(0.05)), steps), trajectory(makeOptimizer("adam", { lr: 0.05, amsgrad: true }), steps), "adam");
  close(trajectory(chain(scaleByRms({ alpha: 0.9, centered: true }), scaleByLearningRate(0.01)), steps), trajectory(makeOptimizer("rmsprop", { lr: 0.01, alpha: 0.9, centered: true }), steps), "rmsprop");
  close(trajectory(chain(scaleByAdagrad({ initial_accumulator_value: 0.1 }), scaleByLearningRate(0.3)), steps), trajectory(makeOptimizer("adagrad", { lr: 0.3, initial_accumulator_value: 0.1 }), steps), "adagrad");
  close(trajectory(chain(scaleByAdadelta(), scaleByLearningRate(1)), steps), trajectory(makeOptimizer("adadelta"), steps), "adadelta");
});

/** k steps of `t` on fixed pseudo-random gradients (no function, so lr = 1 cannot diverge). */
function steps(t: GradientTransformation<any>, float32: boolean, k = 12): Params {
  const Arr = float32 ? Float32Array : Float64Array;
  const params: Params = { w: Arr.of(0.5, -1.5, 2, 0, 3e-3), b: Arr.of(-0.25) };
  let state = t.init(params);
  for (let step = 1; step <= k; step++) {
    const w = Array.from(params.w!, (x, i) => Math.sin(7 * step + i) * (1 + x));
    const grads = { w: float32 ? Float32Array.from(w) : Float64Array.from(w), b: Arr.of(Math.cos(step)) };
    const r = t.update(grads, state, params);
    state = r.state;
    applyUpdates(params, r.updates);
  }
  return params;
}

test("each direction transform is its named rule's loop: bit for bit at lr = 1", () => {
  const cases: [string, GradientTransformation<any>, GradientTransformation<any>, boolean][] = [
    ["momentum", chain(traceMomentum({ momentum: 0.9 }), scaleByLearningRate(1)), makeOptimizer("momentum", { lr: 1 }), true],
    ["nesterov + weight decay", chain(addDecayedWeights(0.1), traceMomentum({ momentum: 0.9, nesterov: true }), scaleByLearningRate(1)),
      makeOptimizer("nesterov", { lr: 1, weight_decay: 0.1 }), false],
    ["adam + amsgrad", chain(scaleByAdam({ amsgrad: true, beta2: 0.99 }), scaleByLearningRate(1)), makeOptimizer("adam", { lr: 1, amsgrad: true, beta2: 0.99 }), true],
    ["adam + weight decay", chain(addDecayedWeights(0.01), scaleByAdam(), scaleByLearningRate(1)), makeOptimizer("adam", { lr: 1, weight_decay: 0.01 }), false],
    ["rmsprop centered", chain(scaleByRms({ alpha: 0.9, centered: true }), scaleByLearningRate(1)), makeOptimizer("rmsprop", { lr: 1, alpha: 0.9, centered: true }), true],
    ["adagrad", chain(scaleByAdagrad({ initial_accumulator_value: 0.1 }), scaleByLearningRate(1)), makeOptimizer("adagrad", { lr: 1, initial_accumulator_value: 0.1 }), true],
    ["adadelta", chain(scaleByAdadelta({ rho: 0.8 }), scaleByLearningRate(1)), makeOptimizer("adadelta", { lr: 1, rho: 0.8 }), true],
  ];
  for (const [what, chained, named, float32Too] of cases) {
    for (const float32 of float32Too ? [false, true] : [false]) {
      const a = steps(chained, float32);
      const b = steps(named, float32);
      assert.deepEqual(a, b, `${what}${float32 ? " (float32)" : ""}`);
      assert.ok(Object.values(a).every((v) => v.some((x, i) => x !== [0.5, -1.5, 2, 0, 3e-3, -0.25][i])), `${what}: the parameters moved`);
    }
  }
  // The check can fail: a different rule, or the same rule with another option, is not bit-equal.
  assert.notDeepEqual(steps(chain(scaleByAdam(), scaleByLearningRate(1)), false), steps(makeOptimizer("adam", { lr: 1, eps: 1e-6 }), false));
});

test("update is pure: grads, params and state are left untouched", () => {
  const transforms: GradientTransformation<any>[] = [
    makeOptimizer("adam", { amsgrad: true }),
    makeOptimizer("sgd", { momentum: 0.9 }),
    chain(clipByGlobalNorm(0.1), scaleByAdam(), scaleByLearningRate(0.1)),
    accumulateGradients(2, skipNonFinite(chain(scaleByRms({ centered: true }), scaleByLearningRate(0.1)))),
  ];
  for (const t of transforms) {
    const params = { a: Float64Array.of(1, 2), b: Float32Array.of(3) };
    let state = t.init(params);
    state = t.update({ a: Float64Array.of(0.1, 0.2), b: Float32Array.of(0.3) }, state, params).state;
    const grads = { a: Float64Array.of(0.5, -0.5), b: Float32Array.of(2) };
    const before = JSON.stringify(serializeState({ params, grads, state }));
    const r = t.update(grads, state, params);
    assert.equal(JSON.stringify(serializeState({ params, grads, state })), before);
    assert.notEqual(r.state, state);
  }
});

test("in-place step and pure update give identical numbers, float32 included", () => {
  for (const name of ["sgd", "rmsprop", "adam", "adamw", "nadam", "adadelta"]) {
    const opt = makeOptimizer(name, { lr: 0.01, ...(name === "sgd" ? { momentum: 0.9 } : {}) });
    const a = { w: Float32Array.of(0.1, -2, 3.3), v: Float64Array.of(1) };
    const b = { w: Float32Array.of(0.1, -2, 3.3), v: Float64Array.of(1) };
    const sa = opt.init(a);
    let sb = opt.init(b);
    for (let k = 0; k < 10; k++) {
      const g = { w: Float32Array.from(a.w, (x) => Math.sin(3 * x + k)), v: Float64Array.from(a.v, (x) => x * x - k) };
      opt.step(a, g, sa);
      const r = opt.update(g, sb, b);
      sb = r.state;
      applyUpdates(b, r.updates);
    }
    assert.deepEqual(a, b, name);
    assert.deepEqual(serializeState(sa), serializeState(sb), name);
  }
});

test("the learning rate can change between steps without resetting state", () => {
  const params = { w: Float64Array.of(1, -1) };
  const grads = { w: Float64Array.of(0.3, 0.4) };
  const slow = makeOptimizer("adam", { lr: 0.001 });
  let state = slow.init(params);
  for (let k = 0; k < 3; k++) state = slow.update(grads, state, params, { lr: 0.1 }).state;
  // The 4th step with hyper lr 0.01 equals an lr = 0.01 optimizer continuing from the same state.
  const viaHyper = slow.update(grads, state, params, { lr: 0.01 });
  const viaOption = makeOptimizer("adam", { lr: 0.01 }).update(grads, state, params);
  assert.deepEqual(viaHyper, viaOption);
  assert.equal(viaHyper.state.count, 4);
  // A chain reads the same hyper keys: scaleByLearningRate takes hyper.lr over its own value.
  const t = chain(scaleByAdam(), scaleByLearningRate(123));
  const s = t.init(params);
  const chained = t.update(grads, s, params, { lr: 0.01 }).updates.w!;
  const named = makeOptimizer("adam", { lr: 0.01 }).update(grads, makeOptimizer("adam").init(params), params).updates.w!;
  close(Array.from(chained), Array.from(named), "chain with hyper lr");
});

test("maximize ascends: it equals descending on the negated gradient", () => {
  for (const name of ["sgd", "momentum", "adagrad", "rmsprop", "adam", "adamax", "nadam", "radam", "adadelta"]) {
    const up = makeOptimizer(name, { lr: 0.01, maximize: true });
    const down = makeOptimizer(name, { lr: 0.01 });
    const pu = { w: Float64Array.of(0.2) };
    const pd = { w: Float64Array.of(0.2) };
    const su = up.init(pu);
    const sd = down.init(pd);
    const f = (x: number) => -((x - 1) ** 2); // concave, maximum at 1
    for (let k = 0; k < 20; k++) {
      const g = -2 * (pu.w[0]! - 1);
      up.step(pu, { w: Float64Array.of(g) }, su);
      down.step(pd, { w: Float64Array.of(-g) }, sd);
    }
    assert.equal(pu.w[0], pd.w[0], name);
    assert.ok(f(pu.w[0]!) > f(0.2), `${name} did not ascend`);
  }
});

test("global-norm clipping follows PyTorch's max/(norm + 1e-6) rule; value clipping clamps", () => {
  const params = { a: Float64Array.of(0), b: Float64Array.of(0) };
  const grads = { a: Float64Array.of(3), b: Float64Array.of(4) }; // ‖g‖ = 5
  const clipped = clipByGlobalNorm(1).update(grads, {}, params).updates;
  assert.deepEqual([clipped.a![0], clipped.b![0]], [3 * (1 / (5 + 1e-6)), 4 * (1 / (5 + 1e-6))]);
  assert.deepEqual(clipByGlobalNorm(10).update(grads, {}, params).updates, grads);
  assert.deepEqual(clipByValue(3.5).update(grads, {}, params).updates, { a: Float64Array.of(3), b: Float64Array.of(3.5) });
  const inPlace = { a: Float64Array.of(3), b: Float64Array.of(4) };
  assert.equal(clipGlobalNormInPlace(inPlace, 1), 5);
  assert.deepEqual(inPlace, clipped);
  assert.throws(() => clipByGlobalNorm(0), /invalid max_norm 0: must be > 0/);
});

test("skipNonFinite drops a bad step and keeps the state; accumulation averages k gradients", () => {
  const t = skipNonFinite(makeOptimizer("adam", { lr: 0.1 }));
  const params = { w: Float64Array.of(1) };
  const s0 = t.init(params);
  const bad = t.update({ w: Float64Array.of(NaN) }, s0, params);
  assert.deepEqual(bad.updates, { w: Float64Array.of(0) });
  assert.equal(bad.state.skipped, 1);
  assert.equal(bad.state.inner, s0.inner);
  const good = t.update({ w: Float64Array.of(2) }, bad.state, params);
  assert.deepEqual(good.updates, makeOptimizer("adam", { lr: 0.1 }).update({ w: Float64Array.of(2) }, s0.inner, params).updates);

  const acc = accumulateGradients(3, makeOptimizer("sgd", { lr: 0.5 }));
  let s = acc.init(params);
  const outs: number[] = [];
  for (const g of [1, 2, 6, 10]) {
    const r = acc.update({ w: Float64Array.of(g) }, s, params);
    s = r.state;
    outs.push(r.updates.w![0]!);
  }
  assert.deepEqual(outs, [0, 0, -0.5 * 3, 0]); // mean of 1, 2, 6 is 3
  assert.throws(() => accumulateGradients(0, acc), /invalid accumulation steps 0/);
});
