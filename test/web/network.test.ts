import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { netDataset, NET_DATASETS, surfaceValue } from "../../web/src/compute/datasets2d.js";
import { createNetworkRun, type NetworkConfig } from "../../web/src/compute/network.js";
import { defaultState } from "../../web/src/state.js";

/** The network view's defaults (spiral, 8,8 tanh, Adam η = 0.03, batch 10) as a run config. */
function defaults(patch: Partial<NetworkConfig> = {}): NetworkConfig {
  const s = defaultState("network");
  return { dataset: s.netData as NetworkConfig["dataset"], noise: s.noise, ratio: s.ratio, hidden: s.layers, activation: s.activation, optimizer: s.optimizers[0]!, lr: s.lr, schedule: s.schedule, batch: s.batch, seed: s.seed, ...patch };
}

describe("network view data sets", () => {
  test("deterministic for a seed, different for another", () => {
    for (const name of NET_DATASETS) {
      const a = netDataset(name, 0.1, 3);
      assert.deepEqual(a.features, netDataset(name, 0.1, 3).features, name);
      assert.notDeepEqual(a.features, netDataset(name, 0.1, 4).features, name);
      assert.equal(a.n, name === "spiral3" ? 399 : 400);
    }
  });
  test("classes, balance and the regression surface", () => {
    const three = netDataset("spiral3", 0, 1);
    assert.deepEqual(three.classes, ["0", "1", "2"]);
    assert.deepEqual([0, 1, 2].map((k) => three.targets.filter((t) => t === k).length), [133, 133, 133]);
    const circle = netDataset("circle", 0, 1);
    for (let i = 0; i < circle.n; i++) {
      const r = Math.hypot(circle.features[2 * i]!, circle.features[2 * i + 1]!);
      // Without noise the inner class lies inside radius 0.45, the outer one beyond 0.65.
      assert.ok(circle.targets[i] === 1 ? r <= 0.45 + 1e-6 : r >= 0.65 - 1e-6, `point ${i} at r = ${r}`);
    }
    const surface = netDataset("surface", 0, 1);
    assert.equal(surface.task, "regression");
    for (let i = 0; i < 10; i++) assert.ok(Math.abs(surface.targets[i]! - surfaceValue(surface.features[2 * i]!, surface.features[2 * i + 1]!)) < 1e-6);
  });
});

describe("network run (the worker's engine)", () => {
  test("snapshotAt gives back a recorded point: its scores, its weights' map, and the whole curves", () => {
    const run = createNetworkRun(defaults({ dataset: "circle" }));
    const first = run.snapshot(8);
    run.advance(30);
    const mid = run.snapshot(8);
    run.advance(300);
    const end = run.snapshot(8);
    assert.equal(run.snapshotAt(-1, 8), null);
    const back = run.snapshotAt(100, 8)!;
    // The last point at or before update 100 is the one recorded at 30.
    assert.deepEqual([back.updates, back.epoch, back.trainLoss, back.testMetric], [mid.updates, mid.epoch, mid.trainLoss, mid.testMetric]);
    assert.deepEqual(back.grid.values, mid.grid.values, "the map is drawn with the weights of update 30");
    assert.notDeepEqual(back.grid.values, end.grid.values);
    assert.deepEqual(run.snapshotAt(0, 8)!.grid.values, first.grid.values);
    assert.deepEqual(back.series, end.series, "the curves are the whole history's");
    // Looking back leaves the run where it was.
    assert.deepEqual(run.snapshot(8).grid.values, end.grid.values);
  });
  test("the default spiral reaches 90 % training accuracy within 5000 updates", () => {
    const run = createNetworkRun(defaults());
    assert.equal(run.snapshot(4).updates, 0);
    let reached = -1;
    for (let k = 1; k <= 50 && reached < 0; k++) {
      run.advance(100);
      if (run.snapshot(4).trainMetric >= 0.9) reached = k * 100;
    }
    assert.ok(reached > 0 && reached <= 5000, `reached 90 % after ${reached} updates`);
  });
  test("without hidden layers the boundary is a line: the circle stays far from separable", () => {
    const run = createNetworkRun(defaults({ dataset: "circle", hidden: [] }));
    run.advance(3000);
    const s = run.snapshot(4);
    assert.ok(s.trainMetric < 0.75, `linear model accuracy ${s.trainMetric}`);
    const deep = createNetworkRun(defaults({ dataset: "circle" }));
    deep.advance(3000);
    assert.ok(deep.snapshot(4).trainMetric > 0.97);
  });
  test("grid outputs are class probabilities (3 spirals) or values (surface, scored by R²)", () => {
    const run = createNetworkRun(defaults({ dataset: "spiral3" }));
    run.advance(200);
    const s = run.snapshot(8);
    assert.equal(s.grid.classes, 3);
    assert.equal(s.grid.values.length, 8 * 8 * 3);
    for (let c = 0; c < 64; c++) assert.ok(Math.abs(s.grid.values[3 * c]! + s.grid.values[3 * c + 1]! + s.grid.values[3 * c + 2]! - 1) < 1e-5);
    const surface = createNetworkRun(defaults({ dataset: "surface" }));
    surface.advance(2000);
    const r = surface.snapshot(8);
    assert.equal(r.metric, "r2");
    assert.equal(r.grid.values.length, 64);
    assert.ok(r.trainMetric > 0.9 && r.testMetric > 0.85, `R² ${r.trainMetric} / ${r.testMetric}`);
  });
  test("the same settings give the same numbers; a step is one minibatch update", () => {
    const a = createNetworkRun(defaults());
    const b = createNetworkRun(defaults());
    a.advance(37);
    for (let i = 0; i < 37; i++) b.advance(1);
    const sa = a.snapshot(4);
    const sb = b.snapshot(4);
    assert.equal(sa.updates, 37);
    assert.equal(sa.trainLoss, sb.trainLoss);
    // 200 training rows in batches of 10: 20 updates per epoch.
    assert.equal(sa.epoch, 37 / 20);
  });
  test("a learning rate far too large stops the run with the trainer's message", () => {
    const run = createNetworkRun(defaults({ optimizer: "sgd", lr: 1e6, dataset: "surface", activation: "identity" }));
    run.advance(500);
    const s = run.snapshot(4);
    assert.match(s.stopped ?? "", /^diverged: the loss became (NaN|infinite) at epoch \d+, batch \d+; try a smaller learning rate/);
    assert.equal(run.advance(10), 0);
  });
  test("bad settings throw the library's one-line errors", () => {
    assert.throws(() => createNetworkRun(defaults({ optimizer: "adamm" })), /unknown optimizer "adamm"/);
    assert.throws(() => createNetworkRun(defaults({ schedule: "cosine" })), /t_max/);
  });
});

describe("loss landscape (Li et al. 2018)", () => {
  test("the slices pass through now and the line through the start; the path lies on its PCA plane", async () => {
    const { computeLandscape, flatten } = await import("../../web/src/compute/landscape.js");
    const run = createNetworkRun(defaults({ dataset: "circle" }));
    const start = flatten(run.model.spec, run.model.params);
    const startLoss = run.snapshot(2).trainLoss;
    const trajectory = [start];
    for (let k = 0; k < 10; k++) {
      run.advance(50);
      trajectory.push(flatten(run.model.spec, run.model.params));
    }
    const now = run.snapshot(2).trainLoss;
    const scratch = Object.fromEntries(Object.entries(run.model.params).map(([k, v]) => [k, new Float32Array(v)]));
    const l = computeLandscape({ spec: run.model.spec, theta: flatten(run.model.spec, run.model.params), start, trajectory, scratch, seed: 1, lossAt: (p) => run.lossAt(p), size: 25 });
    assert.equal(l.random.xs[12], 0);
    assert.ok(Math.abs(l.random.values[12 * 25 + 12]! - now) < 1e-5 * now);
    const at = (t: number) => l.line.loss[l.line.t.findIndex((s) => Math.abs(s - t) < 1e-9)]!;
    assert.ok(Math.abs(at(1) - now) < 1e-5 * now);
    assert.ok(Math.abs(at(0) - startLoss) < 1e-4 * startLoss);
    assert.ok(l.pca !== null);
    // The path ends at now, the plane's origin; two directions explain most of a short path.
    assert.deepEqual(l.pca.path[l.pca.path.length - 1], [0, 0]);
    assert.ok(l.pca.explained[0] + l.pca.explained[1] > 0.8, `explained ${l.pca.explained}`);
  });
});
