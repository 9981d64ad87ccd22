import { test, describe } from "node:test";
import assert from "node:assert/strict";
import type { Series } from "../../web/src/compute/network.js";
import { growAxes, type CurveAxes } from "../../web/src/views/live-axes.js";

/** A run's curves after `n` updates, recorded every 40: a loss falling from 0.7 towards 0.002. */
function run(n: number, r2 = false): Series {
  const updates = Array.from({ length: Math.floor(n / 40) + 1 }, (_, i) => 40 * i);
  const loss = updates.map((u) => 0.002 + 0.7 * Math.exp(-u / 800));
  const score = updates.map((u) => (r2 ? 1 - 3 * Math.exp(-u / 300) : 1 - 0.5 * Math.exp(-u / 500)));
  return { updates, trainLoss: loss, testLoss: loss.map((v) => 1.1 * v), trainMetric: score, testMetric: score.map((v) => v - 0.02) };
}

describe("the network view's live curve axes", () => {
  test("they only grow, always hold the data, and change a few times over a long run", () => {
    let axes: CurveAxes | null = null;
    const seen: string[] = [];
    for (let n = 0; n <= 6000; n += 40) {
      const s = run(n);
      const next = growAxes(axes, s, "accuracy");
      if (axes) {
        assert.ok(next.updates >= axes.updates && next.loss[0] <= axes.loss[0] && next.loss[1] >= axes.loss[1], `grown only at ${n}`);
      }
      assert.ok(next.updates >= n, `the update axis holds update ${n}`);
      const all = [...s.trainLoss, ...s.testLoss];
      assert.ok(Math.min(...all) >= next.loss[0] && Math.max(...all) <= next.loss[1], `the loss axis holds the losses at ${n}`);
      assert.deepEqual(next.metric, [0, 1]);
      axes = next;
      const key = JSON.stringify(next);
      if (seen.at(-1) !== key) seen.push(key);
    }
    // 151 redraws: the update axis passes 10, 50, 100, 200, 500, 1000, 2000, 5000, 10000 and the
    // loss axis from [0.1, 1] to [0.001, 1] in decades.
    assert.ok(seen.length <= 12, `${seen.length} different axes: ${seen.join(" ")}`);
    assert.deepEqual(JSON.parse(seen.at(-1)!), { updates: 10000, loss: [0.001, 1], metric: [0, 1] });
  });

  test("the update axis ends on 1, 2 or 5 × 10ᵏ at least a quarter past the count", () => {
    for (const [n, end] of [[0, 10], [9, 10], [40, 50], [41, 100], [160, 200], [161, 500], [1600, 2000], [1640, 5000]] as const) {
      assert.equal(growAxes(null, { ...run(0), updates: [n] }, "accuracy").updates, end, `after ${n} updates`);
    }
  });

  test("R² grows its axis down by quarters, to −1 at the lowest", () => {
    const early = growAxes(null, run(40, true), "r2");
    assert.deepEqual(early.metric, [-1, 1]);
    const later = growAxes(null, { ...run(4000, true), updates: [4000], trainMetric: [0.9], testMetric: [-0.3] }, "r2");
    assert.deepEqual(later.metric, [-0.5, 1]);
    // Once down, it stays down for the run.
    assert.deepEqual(growAxes(later, { ...run(40), trainMetric: [0.95], testMetric: [0.9] }, "r2").metric, [-0.5, 1]);
  });
});
