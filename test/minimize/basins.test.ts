/**
 * The basin map steps every start at once when the runs are independent; each start must end
 * exactly where its own minimize() run ends (and diverge exactly when it does).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { basinsOfAttraction, expressionObjective, minimize } from "../../src/minimize/index.js";
import { batchable, nearest } from "../../src/minimize/basins.js";
import { makeSchedule, parseOptimizerSpec } from "../../src/optim/index.js";
import { resolveFunction } from "../../src/expr/index.js";

const fn = resolveFunction("two-minima");
const objective = expressionObjective("two-minima");
const minima = fn.minima.map((m) => [...m.point]);
const domain = { x: fn.domain[0]!, y: fn.domain[1]! };

/** The map computed the slow way: one minimize() per grid point. */
function oneByOne(options: Parameters<typeof basinsOfAttraction>[3] & { resolution: number }): number[] {
  const n = options.resolution;
  const lin = (a: number, b: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  const xs = lin(domain.x[0], domain.x[1]);
  const ys = lin(domain.y[0], domain.y[1]);
  const labels: number[] = [];
  const { resolution: _r, radius, lr, ...rest } = options;
  for (const y of ys) {
    for (const x of xs) {
      const run = minimize(objective, [x, y], { ...rest, ...(lr !== undefined ? { lr } : {}), record: false });
      labels.push(run.status === "diverged" ? -1 : nearest(run.point, minima, radius ?? 0.05));
    }
  }
  return labels;
}

const CASES: Array<[string, Parameters<typeof basinsOfAttraction>[3] & { resolution: number }]> = [
  ["plain gradient descent", { resolution: 12, steps: 150, lr: 0.05, tol: 0 }],
  ["momentum, stopping at tol", { resolution: 12, steps: 300, optimizer: parseOptimizerSpec("momentum:lr=0.02"), tol: 1e-3 }],
  ["Adam", { resolution: 11, steps: 120, optimizer: parseOptimizerSpec("adam:lr=0.05") }],
  ["NAdam (scalar state per step)", { resolution: 10, steps: 100, optimizer: parseOptimizerSpec("nadam:lr=0.05") }],
  ["RMSprop with a step schedule", { resolution: 10, steps: 100, optimizer: parseOptimizerSpec("rmsprop:lr=0.01"), schedule: (k: number) => 0.01 * 0.99 ** k }],
  ["a learning rate that diverges for some starts", { resolution: 12, steps: 200, lr: 3.5, tol: 0 }],
  ["Lion (element-wise: stepped together)", { resolution: 8, steps: 100, optimizer: parseOptimizerSpec("lion:lr=0.02") }],
  // Prodigy's estimate and Muon's matrix read every coordinate, and schedule-free reports x rather
  // than the point it steps: stepping all starts as one would mix them, so these run one by one.
  ["Prodigy (coupled)", { resolution: 6, steps: 80, optimizer: parseOptimizerSpec("prodigy") }],
  ["Muon (coupled)", { resolution: 6, steps: 80, optimizer: parseOptimizerSpec("muon:lr=0.05") }],
  ["schedule-free AdamW (reports x)", { resolution: 6, steps: 80, optimizer: parseOptimizerSpec("adamw-schedulefree:lr=0.05") }],
];

for (const [name, options] of CASES) {
  test(`basin map, ${name}: all starts stepped together label every start as its own run does`, () => {
    const together = basinsOfAttraction(objective, domain, minima, options);
    assert.deepEqual([...together.labels], oneByOne(options));
  });
}

test("the diverging case really has diverged starts and reached minima (the comparison is not vacuous)", () => {
  const labels = [...basinsOfAttraction(objective, domain, minima, CASES[5]![1]).labels];
  assert.ok(labels.includes(-1), "some start diverges");
  const plain = [...basinsOfAttraction(objective, domain, minima, CASES[0]![1]).labels];
  assert.ok(plain.includes(0) && plain.includes(1), "both minima have a basin");
});

test("runs that differ per start (gradient noise) still go one by one and match minimize", () => {
  const options = { resolution: 6, steps: 80, lr: 0.05, noise: 0.5, seed: 3 };
  assert.deepEqual([...basinsOfAttraction(objective, domain, minima, options).labels], oneByOne(options));
});

test("which maps are stepped together: independent runs are, runs with noise, a line search or a plateau schedule are not", () => {
  assert.equal(batchable({}), true);
  assert.equal(batchable({ optimizer: parseOptimizerSpec("adam:lr=0.05"), schedule: makeSchedule("cosine", { t_max: 50 }, 0.05) }), true);
  assert.equal(batchable({ schedule: (k: number) => 0.1 / (1 + k) }), true);
  assert.equal(batchable({ noise: 0.5 }), false);
  assert.equal(batchable({ noise: 0 }), true);
  assert.equal(batchable({ lineSearch: "armijo" }), false);
  assert.equal(batchable({ schedule: makeSchedule("plateau", {}, 0.1) }), false);
});
