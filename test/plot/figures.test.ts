import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  figure1D,
  figureBasins,
  figureContour,
  figureLrSweep,
  figureOptimizerPaths,
  figureOvershoot,
  figureTraining,
  figureValueOnly,
  figureValueVsStep,
} from "../../src/plot/figures.js";
import type { TrainingHistory } from "../../src/train/types.js";
import { gdRun } from "./fixtures.js";
import { assertWellFormedXml } from "./xml.js";

const f1 = (x: number) => 3 * x * x - 12 * x + 2;
const run1 = (lr: number, steps = 10) => gdRun((p) => [6 * p[0]! - 12], (p) => f1(p[0]!), [0], lr, steps);
const f2 = (x: number, y: number) => x * x + 4 * y * y;
const run2 = (start: number[], lr: number) => gdRun((p) => [2 * p[0]!, 8 * p[1]!], (p) => f2(p[0]!, p[1]!), start, lr, 30);
const domain = { x: [-3, 3] as const, y: [-2, 2] as const };

describe("article figures", () => {
  test("1-D figures: convergence, zig-zag and a labelled divergence", () => {
    const good = figure1D(f1, run1(0.05));
    assertWellFormedXml(good);
    assert.ok(!good.includes("diverged at step"));
    const panels = figureOvershoot(f1, [run1(0.05), run1(0.3), run1(0.5, 60)]);
    assert.equal(panels.length, 3);
    panels.forEach(assertWellFormedXml);
    assert.ok(panels[2]!.includes("diverged at step 60"));
    assert.ok(panels[0]!.includes('id="overshoot-0-clip"') && panels[1]!.includes('id="overshoot-1-clip"'));
  });

  test("contour figures name paths by start or optimizer", () => {
    const c = figureContour(f2, domain, [run2([-2.5, 1.5], 0.05), run2([2, -1.5], 0.05)], [{ point: [0, 0], label: "minimum" }], { n: 30 });
    assertWellFormedXml(c);
    assert.ok(c.includes("from (-2.5, 1.5)"));
    const o = figureOptimizerPaths(f2, domain, [run2([-2.5, 1.5], 0.05), run2([-2.5, 1.5], 0.5)], [], { n: 30 });
    assert.ok(o.includes("sgd:lr=0.05") && o.includes("sgd:lr=0.5 (diverged)"));
  });

  test("value vs step subtracts f* and says so on the axis", () => {
    const svg = figureValueVsStep([run1(0.05), run1(0.1)], { minValue: -10 });
    assertWellFormedXml(svg);
    assert.ok(svg.includes("f − f* (f* = -10), log scale"));
  });

  test("training: train dashed and test solid, loss and metric figures", () => {
    const history: TrainingHistory = {
      metric: "accuracy",
      history: [1, 2, 3].map((epoch) => ({ epoch, trainLoss: 1 / epoch, testLoss: 1.2 / epoch, trainMetric: 0.5 + epoch / 10, testMetric: 0.45 + epoch / 10, seconds: 1 })),
    };
    const { loss, metric } = figureTraining([{ name: "mlp", history }]);
    assertWellFormedXml(loss);
    assertWellFormedXml(metric);
    assert.equal((loss.match(/stroke-dasharray="6 4"/g) ?? []).length, 2, "one dashed train curve + its legend sample");
    assert.ok(metric.includes("accuracy"));
  });

  test("learning-rate sweep marks 2/L and diverged rates", () => {
    const svg = figureLrSweep({ lrs: [0.01, 0.03, 0.1, 0.3, 1], finals: [1e-2, 1e-5, 1e-9, Infinity, NaN], stabilityEdge: 1 / 3 });
    assertWellFormedXml(svg);
    assert.ok(svg.includes("2/L = 0.333") && svg.includes(">diverged<"));
  });

  test("basins and value-only figures", () => {
    assertWellFormedXml(figureBasins({ xs: [0, 1], ys: [0, 1], labels: [0, 1, 1, -1], names: ["a", "b"] }));
    const many = gdRun((p) => p.map((v) => 2 * v), (p) => p.reduce((s, v) => s + v * v, 0), [1, 2, 3], 0.1, 20);
    const svg = figureValueOnly(many);
    assertWellFormedXml(svg);
    assert.ok(svg.includes("path not drawn for 3 variables"));
  });
});
