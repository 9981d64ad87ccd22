// Lion, schedule-free SGD/AdamW, Muon and Prodigy against ports of their reference implementations
// (scripts/oracles/make_modern_optimizers.py, PyTorch float64), through the in-place step and the
// pure update, on the named functions and on a small MLP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { applyUpdates, makeOptimizer, type Optimizer, type OptimizerState, type Params } from "../../src/optim/index.js";
import { FUNCTIONS } from "./functions.js";

type Point = number[] | Record<string, number[]>;
interface Case {
  kind: "function" | "mlp";
  function?: string;
  start?: number[];
  x?: number[][];
  y?: number[][];
  optimizer: { name: string; options: Record<string, number | boolean | string> };
  steps: number;
  trajectory: Point[];
  eval_trajectory?: Point[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/optim/modern-optimizers.json", import.meta.url), "utf8")) as { cases: Case[] };

/**
 * The documented tolerance, max |descent − reference| / (1 + |reference|) over every step: the
 * ports run the same operations, but not always in the same order (descent's updates are additive,
 * p + (−lr·wd·p − lr·u) where the references write p·(1 − lr·wd) − lr·u; Prodigy's dot products and
 * Muon's matrix products sum in another order), so the trajectories agree to rounding, amplified
 * at most this much over 100 steps (measured worst: lion 9e-16, schedule-free 5e-15, muon 6e-15,
 * prodigy 2.6e-13, whose d estimate divides two sums).
 */
export const TOLERANCE: Record<string, number> = {
  lion: 1e-13,
  "sgd-schedulefree": 1e-13,
  "adamw-schedulefree": 1e-13,
  muon: 1e-13,
  prodigy: 1e-12,
};

const MLP_SHAPES = { "dense0.weight": [3, 4], "dense0.bias": [4], "dense1.weight": [4, 2], "dense1.bias": [2] };

/** Loss gradients of the fixture's 3-4-2 tanh MLP (squared error, mean over every output), float64. */
function mlpGradients(p: Params, x: number[][], y: number[][]): Params {
  const [w0, b0, w1, b1] = [p["dense0.weight"]!, p["dense0.bias"]!, p["dense1.weight"]!, p["dense1.bias"]!];
  const n = x.length, d = 3, h = 4, o = 2;
  const g: Params = { "dense0.weight": new Float64Array(d * h), "dense0.bias": new Float64Array(h), "dense1.weight": new Float64Array(h * o), "dense1.bias": new Float64Array(o) };
  for (let r = 0; r < n; r++) {
    const hidden = new Float64Array(h);
    for (let j = 0; j < h; j++) {
      let s = b0[j]!;
      for (let i = 0; i < d; i++) s += x[r]![i]! * w0[i * h + j]!;
      hidden[j] = Math.tanh(s);
    }
    const dOut = new Float64Array(o);
    for (let k = 0; k < o; k++) {
      let s = b1[k]!;
      for (let j = 0; j < h; j++) s += hidden[j]! * w1[j * o + k]!;
      dOut[k] = (2 * (s - y[r]![k]!)) / (n * o);
      g["dense1.bias"]![k] += dOut[k]!;
      for (let j = 0; j < h; j++) g["dense1.weight"]![j * o + k] += hidden[j]! * dOut[k]!;
    }
    for (let j = 0; j < h; j++) {
      let back = 0;
      for (let k = 0; k < o; k++) back += dOut[k]! * w1[j * o + k]!;
      const dPre = back * (1 - hidden[j]! * hidden[j]!);
      g["dense0.bias"]![j] += dPre;
      for (let i = 0; i < d; i++) g["dense0.weight"]![i * h + j] += x[r]![i]! * dPre;
    }
  }
  return g;
}

const snapshot = (p: Params): Record<string, number[]> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.from(v)]));

/** Runs a case through one path; returns the trajectory and, for schedule-free, the evaluation points. */
function run(c: Case, path: "step" | "update"): { traj: Point[]; evals: Point[] } {
  const opt: Optimizer = makeOptimizer(c.optimizer.name, c.optimizer.options);
  const isFn = c.kind === "function";
  const params: Params = isFn
    ? { x: Float64Array.from(c.start!) }
    : Object.fromEntries(Object.entries(c.trajectory[0] as Record<string, number[]>).map(([k, v]) => [k, Float64Array.from(v)]));
  const shapes = isFn ? { x: [c.start!.length, 1] } : MLP_SHAPES;
  let state: OptimizerState = opt.init(params, shapes);
  const view = (p: Params): Point => (isFn ? Array.from(p.x!) : snapshot(p));
  const traj = [view(params)];
  const evals = [view(params)];
  for (let k = 0; k < c.steps; k++) {
    let grads: Params;
    if (isFn) {
      grads = { x: new Float64Array(c.start!.length) };
      FUNCTIONS[c.function!]!.grad(params.x as Float64Array, grads.x as Float64Array);
    } else {
      grads = mlpGradients(params, c.x!, c.y!);
    }
    if (path === "step") opt.step(params, grads, state);
    else {
      const r = opt.update(grads, state, params);
      state = r.state;
      applyUpdates(params, r.updates);
    }
    traj.push(view(params));
    if (opt.eval) {
      const at = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float64Array(v.length)]));
      opt.eval(at, state);
      evals.push(view(at));
    }
  }
  return { traj, evals };
}

function deviation(got: Point[], ref: Point[]): number {
  let worst = 0;
  const flat = (p: Point): number[] => (Array.isArray(p) ? p : Object.keys(p).sort().flatMap((k) => p[k]!));
  ref.forEach((point, k) => {
    const g = flat(got[k]!);
    flat(point).forEach((r, i) => (worst = Math.max(worst, Math.abs(g[i]! - r) / (1 + Math.abs(r)))));
  });
  return worst;
}

test("the fixture covers every new optimizer on functions and on the MLP", () => {
  for (const name of Object.keys(TOLERANCE)) {
    assert.ok(fixture.cases.some((c) => c.optimizer.name === name && c.kind === "function"), `${name} on a function`);
    assert.ok(fixture.cases.some((c) => c.optimizer.name === name && c.kind === "mlp"), `${name} on the MLP`);
  }
});

for (const c of fixture.cases) {
  const label = `${c.optimizer.name} ${JSON.stringify(c.optimizer.options)} on ${c.kind === "function" ? c.function : "the MLP"}`;
  test(`${label} follows its reference (step and update paths)`, () => {
    const viaStep = run(c, "step");
    const viaUpdate = run(c, "update");
    assert.deepEqual(viaUpdate.traj, viaStep.traj, "step and update + applyUpdates differ");
    const tolerance = TOLERANCE[c.optimizer.name]!;
    const dev = deviation(viaStep.traj, c.trajectory);
    if (process.env.SHOW_DEVIATION) console.log(`${label}: ${dev.toExponential(2)}`);
    assert.ok(dev <= tolerance, `deviation ${dev} > ${tolerance}`);
    if (c.eval_trajectory) {
      assert.deepEqual(viaUpdate.evals, viaStep.evals);
      const evalDev = deviation(viaStep.evals, c.eval_trajectory);
      assert.ok(evalDev <= tolerance, `evaluation point deviation ${evalDev} > ${tolerance}`);
    }
  });
}
