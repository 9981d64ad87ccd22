import { test } from "node:test";
import assert from "node:assert/strict";
import {
  applyUpdates,
  chain,
  clipByGlobalNorm,
  deserializeState,
  makeOptimizer,
  makeSchedule,
  scaleByAdam,
  scaleByLearningRate,
  serializeState,
  skipNonFinite,
} from "../../src/optim/index.js";
import type { GradientTransformation, Options, PlateauSchedule, StepSchedule } from "../../src/optim/index.js";
import { FUNCTIONS } from "./functions.js";

// Every optimizer with the options that add buffers or scalars to its state.
const CONFIGS: [string, Options][] = [
  ["sgd", { lr: 2e-4, momentum: 0.9, weight_decay: 0.01 }],
  ["nesterov", { lr: 2e-4 }],
  ["adagrad", { lr: 0.3, lr_decay: 0.01, initial_accumulator_value: 0.1 }],
  ["rmsprop", { lr: 0.01, momentum: 0.5, centered: true }],
  ["adam", { lr: 0.05, amsgrad: true }],
  ["adamw", { lr: 0.05 }],
  ["adamax", { lr: 0.05 }],
  ["nadam", { lr: 0.05 }],
  ["radam", { lr: 1e-3 }],
  ["adadelta", { lr: 1 }],
];

const rosen = FUNCTIONS.rosenbrock!;
/** Rosenbrock split over two named parameters, to exercise keyed state. */
function grads(params: { x: Float64Array; y: Float64Array }) {
  const g = new Float64Array(2);
  rosen.grad(Float64Array.of(params.x[0]!, params.y[0]!), g);
  return { x: g.subarray(0, 1), y: g.subarray(1, 2) };
}

/** Runs `steps` steps, going through JSON (stringify + parse) after `stopAt` steps if given. */
function run(name: string, options: Options, steps: number, stopAt?: number): number[] {
  const opt = makeOptimizer(name, options);
  const params = { x: Float64Array.of(-1.5), y: Float64Array.of(2) };
  let state = opt.init(params);
  for (let k = 0; k < steps; k++) {
    if (k === stopAt) state = deserializeState(JSON.parse(JSON.stringify(serializeState(state))));
    opt.step(params, grads(params), state);
  }
  return [params.x[0]!, params.y[0]!];
}

test("stopping after k steps and resuming from JSON is bit-identical for every optimizer", () => {
  for (const [name, options] of CONFIGS) {
    const straight = run(name, options, 30);
    assert.ok(straight.every(Number.isFinite), `${name} diverged`);
    for (const stopAt of [1, 7]) assert.deepEqual(run(name, options, 30, stopAt), straight, `${name} resumed at ${stopAt}`);
    // The state really matters: restarting from a fresh state lands elsewhere.
    assert.notDeepEqual(run(name, options, 30, undefined), run(name, options, 23), name);
  }
});

test("serialization spells out what JSON cannot carry and keeps dtypes", () => {
  const state = { a: Float32Array.of(0.1, -0, NaN), b: Float64Array.of(Infinity, 1 / 3), best: -Infinity, n: -0, list: [1, { z: NaN }] };
  const back = deserializeState<typeof state>(JSON.parse(JSON.stringify(serializeState(state))));
  assert.ok(back.a instanceof Float32Array && back.b instanceof Float64Array);
  assert.deepEqual(back, state);
  assert.ok(Object.is(back.a[1], -0) && Object.is(back.n, -0));
});

test("a composed chain with a schedule and reduce-on-plateau state resume bit-identically", () => {
  const schedule = makeSchedule("cosine", { t_max: 20 }, 0.05) as StepSchedule;
  const make = () => skipNonFinite(chain(clipByGlobalNorm(10), scaleByAdam(), scaleByLearningRate(schedule)));
  const plateau = makeSchedule("plateau", { patience: 1 }, 1) as PlateauSchedule;
  const runChain = (stopAt?: number) => {
    const t: GradientTransformation<any> = make();
    const params = { x: Float64Array.of(-1.5), y: Float64Array.of(2) };
    let state = t.init(params);
    let ps = plateau.init();
    for (let k = 0; k < 25; k++) {
      if (k === stopAt) {
        state = deserializeState(JSON.parse(JSON.stringify(serializeState(state))));
        ps = deserializeState(JSON.parse(JSON.stringify(serializeState(ps))));
      }
      const r = t.update(grads(params), state, params, { lr: schedule.lr(k) * plateau.lr(ps) });
      state = r.state;
      applyUpdates(params, r.updates);
      ps = plateau.observe(ps, rosen.value(Float64Array.of(params.x[0]!, params.y[0]!)));
    }
    return [params.x[0], params.y[0], plateau.lr(ps)];
  };
  assert.deepEqual(runChain(9), runChain());
});
