import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { armijoStep, cubicInterpolate, lbfgs } from "../../src/optim/index.js";
import { FUNCTIONS } from "./functions.js";

// Iterates of torch.optim.LBFGS (scripts/oracles/make_schedule_values.py).
const fixture = JSON.parse(readFileSync(new URL("../fixtures/optim/lbfgs-trajectories.json", import.meta.url), "utf8"));

const objectiveOf = (name: string) => {
  const f = FUNCTIONS[name]!;
  return (x: Float64Array, g: Float64Array) => {
    f.grad(x, g);
    return f.value(x);
  };
};

type LbfgsCase = { function: string; start: number[]; history_size: number; line_search: "strong_wolfe" | "none"; trajectory: number[][] };

function iterates(c: LbfgsCase, start: number[]): number[][] {
  const path: number[][] = [start];
  lbfgs(objectiveOf(c.function), start, {
    historySize: c.history_size,
    lineSearch: c.line_search,
    maxIter: c.trajectory.length - 1,
    maxEval: 1e9, // the oracle restarts PyTorch's step() every iteration, so its evaluation budget never binds
    onIteration: (x) => path.push(Array.from(x)),
  });
  return path;
}

const deviation = (a: number[][], b: number[][]) =>
  Math.max(...a.map((p, k) => Math.max(...p.map((v, i) => Math.abs(v - b[k]![i]!) / (1 + Math.abs(b[k]![i]!))))));

test("L-BFGS iterates match PyTorch's LBFGS (strong Wolfe and fixed step, short and long history)", () => {
  for (const c of fixture.cases as LbfgsCase[]) {
    const path = iterates(c, c.start);
    assert.ok(path.length >= 5, `${c.function}: only ${path.length - 1} iterations`);
    // Tolerance as the optimizer reference defines it: 10x the spread a 1e-13 nudge of the start
    // causes (rounding grows along Rosenbrock's valley, most with a 3-pair history), at least 1e-11.
    const nudged = iterates(c, c.start.map((v) => v * (1 + 1e-13) + 1e-13));
    const tolerance = Math.max(1e-11, 10 * deviation(nudged.slice(0, path.length), path));
    const dev = deviation(path, c.trajectory);
    assert.ok(dev <= tolerance, `${c.function} h=${c.history_size} ${c.line_search}: deviation ${dev} > ${tolerance}`);
    assert.ok(tolerance < 1e-5);
  }
});

test("L-BFGS reaches Rosenbrock's minimum and says why it stopped", () => {
  const r = lbfgs(objectiveOf("rosenbrock"), [-1.5, 2]);
  assert.ok(Math.abs(r.x[0]! - 1) < 1e-5 && Math.abs(r.x[1]! - 1) < 1e-5);
  assert.ok(["tol_grad", "tol_change", "no_descent"].includes(r.reason), r.reason);
  assert.ok(r.f < 1e-9);
  assert.ok(r.evaluations >= r.iterations);
});

test("cubic interpolation finds the exact minimizer of a cubic", () => {
  // f(t) = (t − 1)³/3 − (t − 1)... simpler: f(t) = t³ − 3t has its local minimum at t = 1.
  const f = (t: number) => t ** 3 - 3 * t;
  const df = (t: number) => 3 * t * t - 3;
  assert.ok(Math.abs(cubicInterpolate(0, f(0), df(0), 2, f(2), df(2)) - 1) < 1e-12);
  // Clamped to the bounds.
  assert.equal(cubicInterpolate(0, f(0), df(0), 2, f(2), df(2), [1.5, 3]), 1.5);
});

test("Armijo backtracking halves the step until sufficient decrease holds", () => {
  // f = 6x² + 9y² − 12x − 14y + 3 at (−0.5, 2): g = (−18, 22). lr0 = 1 overshoots badly.
  const obj = objectiveOf("article-2d");
  const x = Float64Array.from([-0.5, 2]);
  const g = new Float64Array(2);
  const f0 = obj(x, g);
  const r = armijoStep(obj, x, g, f0, 1);
  assert.ok(r.accepted);
  // Accepted step satisfies the condition, and twice it did not.
  const gg = g[0]! ** 2 + g[1]! ** 2;
  assert.ok(r.f <= f0 - 1e-4 * r.lr * gg);
  const fTwice = FUNCTIONS["article-2d"]!.value(Float64Array.from([x[0]! - 2 * r.lr * g[0]!, x[1]! - 2 * r.lr * g[1]!]));
  assert.ok(fTwice > f0 - 1e-4 * 2 * r.lr * gg);
  assert.equal(r.lr, 1 / 2 ** (r.evaluations - 1));
  assert.deepEqual(Array.from(x), [-0.5, 2]);
});
