import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deserializeState, makeOptimizer, makeSchedule, serializeState, withSchedule } from "../../src/optim/index.js";
import type { PlateauSchedule, StepSchedule } from "../../src/optim/index.js";
import { OptionError } from "../../src/errors.js";

// Values produced by PyTorch's lr_scheduler (scripts/oracles/make_schedule_values.py).
const fixture = JSON.parse(readFileSync(new URL("../fixtures/optim/schedule-values.json", import.meta.url), "utf8"));

function close(got: number, want: number, what: string): void {
  assert.ok(Math.abs(got - want) <= 1e-12 * fixture.base_lr, `${what}: got ${got}, PyTorch ${want}`);
}

test("every step schedule matches PyTorch's lr_scheduler values", () => {
  assert.ok(fixture.schedules.length >= 14);
  for (const c of fixture.schedules as { name: string; options: Record<string, number>; values: number[] }[]) {
    const s = makeSchedule(c.name, c.options, fixture.base_lr) as StepSchedule;
    assert.equal(s.kind, "step");
    c.values.forEach((v, k) => close(s.lr(k), v, `${c.name} ${JSON.stringify(c.options)} step ${k}`));
  }
});

test("reduce-on-plateau matches PyTorch's ReduceLROnPlateau on a metric sequence", () => {
  for (const c of fixture.plateau as { options: Record<string, number>; values: number[] }[]) {
    const s = makeSchedule("plateau", c.options, fixture.base_lr) as PlateauSchedule;
    let state = s.init();
    const seen = fixture.plateau_metrics.map((m: number) => {
      state = s.observe(state, m);
      return s.lr(state);
    });
    seen.forEach((v: number, k: number) => close(v, c.values[k]!, `plateau ${JSON.stringify(c.options)} observation ${k}`));
  }
});

test("reduce-on-plateau is pure: observing does not change the old state", () => {
  const s = makeSchedule("plateau", { patience: 0 }, 1) as PlateauSchedule;
  const s0 = s.init();
  const s1 = s.observe(s0, 5);
  const s2 = s.observe(s1, 5);
  assert.equal(s0.observations, 0);
  assert.equal(s.lr(s1), 1);
  assert.equal(s.lr(s2), 0.1);
});

test("closed forms by hand: cosine half-way, step decay, warm restarts", () => {
  const cosine = makeSchedule("cosine", { t_max: 10, eta_min: 0.01 }, 0.11) as StepSchedule;
  assert.ok(Math.abs(cosine.lr(5) - 0.06) < 1e-15);
  assert.equal(cosine.lr(0), 0.11);
  const step = makeSchedule("step", { step_size: 3, gamma: 0.5 }, 1) as StepSchedule;
  assert.deepEqual([0, 2, 3, 5, 6].map((k) => step.lr(k)), [1, 1, 0.5, 0.5, 0.25]);
  const restarts = makeSchedule("cosine_restarts", { t_0: 2, t_mult: 2 }, 1) as StepSchedule;
  // Cycles of length 2, 4, 8 start at steps 0, 2, 6: the rate is back at 1 there.
  assert.deepEqual([0, 2, 6, 14].map((k) => restarts.lr(k)), [1, 1, 1, 1]);
  assert.ok(Math.abs(restarts.lr(4) - 0.5) < 1e-15);
});

test("schedule errors name the schedule, the option and the rule", () => {
  assert.throws(() => makeSchedule("cosin", {}, 0.1), /unknown schedule "cosin" \(valid: constant, step, multistep/);
  assert.throws(() => makeSchedule("cosine", {}, 0.1), /cosine schedule needs option t_max/);
  assert.throws(() => makeSchedule("step", { step_size: 0 }, 0.1), /invalid step_size 0 for step schedule: must be an integer >= 1/);
  assert.throws(() => makeSchedule("onecycle", { total_steps: 10, anneal_strategy: "cubic" }, 0.1), /must be one of cos, linear/);
  assert.throws(() => makeSchedule("cosine", { t_max: 5, tmax: 3 }, 0.1), OptionError);
  assert.throws(() => (makeSchedule("cosine", { t_max: 5 }, 0.1) as StepSchedule).lr(-1), /invalid step -1/);
});

test("withSchedule drives an optimizer's lr from its own step count and resumes with its state", () => {
  const schedule = makeSchedule("step", { step_size: 2, gamma: 0.5 }, 0.1) as StepSchedule;
  const run = (stopAt?: number) => {
    const opt = withSchedule(makeOptimizer("sgd", { lr: 0.1 }), schedule);
    const params = { w: Float64Array.of(1) };
    let state = opt.init(params);
    const moves: number[] = [];
    for (let k = 0; k < 6; k++) {
      if (k === stopAt) state = deserializeState(JSON.parse(JSON.stringify(serializeState(state))));
      const before = params.w[0]!;
      opt.step(params, { w: Float64Array.of(1) }, state);
      moves.push(before - params.w[0]!);
    }
    return moves;
  };
  const moves = run();
  // g = 1, so each move is the lr: 0.1, 0.1, 0.05, 0.05, 0.025, 0.025 (up to rounding of p).
  [0.1, 0.1, 0.05, 0.05, 0.025, 0.025].forEach((lr, k) => assert.ok(Math.abs(moves[k]! - lr) < 1e-15, `step ${k}: ${moves[k]}`));
  assert.deepEqual(run(3), moves);
  // An explicit hyper lr overrides the schedule.
  const opt = withSchedule(makeOptimizer("sgd", { lr: 0.1 }), schedule);
  const p = { w: Float64Array.of(0) };
  opt.step(p, { w: Float64Array.of(1) }, opt.init(p), { lr: 0.3 });
  assert.equal(p.w[0], -0.3);
});
