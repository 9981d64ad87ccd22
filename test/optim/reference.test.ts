import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { makeOptimizer } from "../../src/optim/index.js";
import { applyUpdates } from "../../src/optim/index.js";
import { FUNCTIONS } from "./functions.js";

interface Case {
  function: string;
  start: number[];
  optimizer: { name: string; options: Record<string, number | boolean> };
  steps: number;
  trajectory: number[][];
  tolerance: number;
}

// The shared reference sits beside the repository: /work/shared next to /work/main.
const REFERENCE = new URL("../../../shared/reference/optimizer-trajectories.json", import.meta.url);
const cases: Case[] = JSON.parse(readFileSync(REFERENCE, "utf8")).cases;

/** max |got − ref| / (1 + |ref|) over a trajectory, as the reference defines its tolerance. */
function deviation(got: number[][], ref: number[][]): number {
  let worst = 0;
  ref.forEach((point, k) => point.forEach((r, i) => (worst = Math.max(worst, Math.abs(got[k]![i]! - r) / (1 + Math.abs(r))))));
  return worst;
}

function runCase(c: Case, path: "step" | "update"): number[][] {
  const fn = FUNCTIONS[c.function]!;
  const opt = makeOptimizer(c.optimizer.name, c.optimizer.options);
  const params = { x: Float64Array.from(c.start) };
  const grads = { x: new Float64Array(params.x.length) };
  let state = opt.init(params);
  const traj = [Array.from(params.x)];
  for (let k = 0; k < c.steps; k++) {
    fn.grad(params.x, grads.x);
    if (path === "step") opt.step(params, grads, state);
    else {
      const r = opt.update(grads, state, params);
      state = r.state;
      applyUpdates(params, r.updates);
    }
    traj.push(Array.from(params.x));
  }
  return traj;
}

test("the reference file has all 45 PyTorch cases", () => {
  assert.equal(cases.length, 45);
});

test("every PyTorch reference trajectory matches within its tolerance (step and update paths)", () => {
  const failures: string[] = [];
  let worstRatio = 0;
  for (const c of cases) {
    const viaStep = runCase(c, "step");
    const viaUpdate = runCase(c, "update");
    assert.deepEqual(viaUpdate, viaStep, `step and update+applyUpdates differ for ${c.function} ${JSON.stringify(c.optimizer)}`);
    const dev = deviation(viaStep, c.trajectory);
    worstRatio = Math.max(worstRatio, dev / c.tolerance);
    if (!(dev <= c.tolerance)) failures.push(`${c.function} ${JSON.stringify(c.optimizer)}: ${dev} > ${c.tolerance}`);
  }
  assert.deepEqual(failures, []);
  console.log(`worst deviation / tolerance: ${worstRatio.toExponential(2)}`);
});
