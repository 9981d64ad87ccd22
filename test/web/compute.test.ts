import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { fromData, matmul, mean, mul, softplus, sub, add, valueAndGrad, type Tensor } from "../../src/autodiff/index.js";
import { parseBreastCancer } from "../../web/src/compute/breast-cancer.js";
import { computeOneD } from "../../web/src/compute/one-d.js";
import { computePaths } from "../../web/src/compute/paths.js";
import { basinPixels, computeBasins } from "../../web/src/compute/basins.js";
import { resolveProblem } from "../../web/src/compute/problem.js";
import { optimizerChoices } from "../../web/src/compute/optimizers.js";
import { computeSgd, POINTS_PER_EPOCH, recordAt } from "../../web/src/compute/sgd.js";
import { builtinInput, csvInput, plotOf } from "../../web/src/compute/sgd-data.js";
import { defaultState } from "../../web/src/state.js";

describe("1-D record", () => {
  test("the issue's run: one step to −0.216, edge 2/12", () => {
    const r = computeOneD({ ...defaultState("1d"), f: "6x^2-12x+3", x0: -0.9, lr: 0.03, steps: 1 });
    assert.equal(r.rows.length, 2);
    assert.ok(Math.abs(r.rows[1]!.x - -0.216) < 1e-12);
    assert.equal(r.rows[1]!.derivative, 12 * r.rows[1]!.x - 12);
    assert.deepEqual({ constant: r.curvature.constant, second: r.curvature.second }, { constant: true, second: 12 });
    assert.ok(Math.abs(r.curvature.edge! - 1 / 6) < 1e-15);
    assert.deepEqual(r.overshoots, []);
  });
  test("between 1/f'' and 2/f'' every step overshoots; beyond 2/f'' it diverges", () => {
    const r = computeOneD({ ...defaultState("1d"), lr: 0.15, steps: 4 });
    assert.deepEqual(r.overshoots, [1, 2, 3, 4]);
    const d = computeOneD({ ...defaultState("1d"), lr: 0.5, steps: 500 });
    assert.equal(d.run.status, "diverged");
  });
  test("a typed non-quadratic gets its local curvature", () => {
    const r = computeOneD({ ...defaultState("1d"), f: "x^4", x0: 1, steps: 0 });
    assert.deepEqual({ constant: r.curvature.constant, second: r.curvature.second }, { constant: false, second: 12 });
  });
  test("a 2-D function in the 1-D view is refused by name", () => {
    assert.throws(() => computeOneD({ ...defaultState("1d"), f: "rosenbrock" }), /"rosenbrock" is a function of x, y: this view needs x/);
  });
});

describe("2-D paths and basins", () => {
  test("runs are start × optimizer, named by what differs", () => {
    const p = resolveProblem("two-minima", 2);
    const runs = computePaths(p, [[0.4, 0.2], [1, -1]], { ...defaultState("2d"), optimizers: ["sgd", "adam:lr=0.1"] });
    assert.deepEqual(runs.map((r) => r.name), ["sgd from (0.4, 0.2)", "adam:lr=0.1 from (0.4, 0.2)", "sgd from (1, -1)", "adam:lr=0.1 from (1, -1)"]);
    assert.equal(runs[0]!.run.trajectory[0]![0], 0.4);
  });
  test("known minima label the basins; the start decides", () => {
    const p = resolveProblem("two-minima", 2);
    const b = computeBasins(p, { ...defaultState("2d"), lr: 0.5 }, { resolution: 7, steps: 300 });
    const at = (x: number, y: number) => b.labels[b.ys.indexOf(y) * 7 + b.xs.indexOf(x)];
    assert.equal(at(-1, 1), 0); // the deeper well
    assert.equal(at(1, -1), 1);
    assert.equal(b.source, "known");
  });
  test("the map's pixels: one per start, top row first, in each basin's colour", () => {
    // Row 0 is y = 0 (the bottom): labels [0, −1] at the bottom, [1, 1] at the top.
    const px = basinPixels({ xs: [0, 1], ys: [0, 1], labels: Int32Array.from([0, -1, 1, 1]), minima: [[0, 0], [1, 1]] });
    const hex = (i: number) => "#" + [...px.slice(4 * i, 4 * i + 3)].map((v) => v.toString(16).padStart(2, "0")).join("").toUpperCase();
    assert.deepEqual([0, 1, 2, 3].map(hex), ["#9F7FD0", "#9F7FD0", "#0072B2", "#BDBDBD"]);
    assert.deepEqual([3, 7, 11, 15].map((i) => px[i]), [255, 255, 255, 255]);
  });
  test("a typed function's minima are found by grouping end points", () => {
    const p = resolveProblem("(x^2 - 1)^2 + y^2", 2);
    const b = computeBasins(p, { ...defaultState("2d"), lr: 0.05 }, { resolution: 9, steps: 400 });
    assert.equal(b.source, "found");
    assert.equal(b.minima.length, 2);
    for (const m of b.minima) assert.ok(Math.abs(Math.abs(m[0]!) - 1) < 0.02 && Math.abs(m[1]!) < 0.02, `minimum ${m}`);
  });
});

describe("breast cancer and the SGD experiment", () => {
  const csv = readFileSync("data/breast_cancer.csv", "utf8");
  test("parses 569 × 30 (or the two drawable features), standardized", () => {
    const all = parseBreastCancer(csv);
    assert.deepEqual([all.n, all.d, all.featureNames[0], all.featureNames[29]], [569, 30, "mean radius", "worst fractal dimension"]);
    assert.equal(Array.from(all.y).filter((v) => v === 1).length, 357); // benign
    const two = parseBreastCancer(csv, [0, 1]);
    assert.ok(Math.abs(two.mean[0]! - 14.127291739894552) < 1e-9);
    let m = 0;
    for (let i = 0; i < two.n; i++) m += two.x[i * 2]!;
    assert.ok(Math.abs(m / two.n) < 1e-12);
  });
  test("three regimes, same seed ⇒ same curves; updates per epoch follow the batch size", () => {
    const data = parseBreastCancer(csv, [0, 1]);
    const state = { ...defaultState("sgd"), epochs: 2, batch: 100 };
    const a = computeSgd(data, state);
    assert.deepEqual(a.map((r) => [r.name, r.updates]), [["batch (569)", 2], ["minibatch (100)", 12], ["stochastic (1)", 1138]]);
    assert.deepEqual(computeSgd(data, state), a);
    for (const r of a) assert.ok(r.losses[r.losses.length - 1]! < r.losses[0]!, `${r.name} lowers the loss`);
    assert.ok(Math.abs(a[0]!.losses[0]! - Math.log(2)) < 1e-6, "zero weights: the loss is log 2 (float32)");
  });
});

describe("the SGD experiment over time and on the user's CSV", () => {
  const csv = readFileSync("data/breast_cancer.csv", "utf8");
  test("the boundary is recorded with every loss point and moves as it trains", () => {
    const input = builtinInput("two-feature", csv);
    const [full, mini] = computeSgd(input.train, { ...defaultState("sgd"), epochs: 3, batch: 32 }, { drawn: input.drawn });
    // Full batch: one update, one record per epoch; the start is the zero model.
    assert.deepEqual(full!.epochs, [0, 1, 2, 3]);
    assert.deepEqual(full!.boundary[0], [0, 0, 0]);
    assert.equal(mini!.boundary.length, mini!.epochs.length);
    // The last record is the final model.
    const [wx, wy, b] = mini!.boundary[mini!.boundary.length - 1]!;
    assert.deepEqual([wx, wy, b], [mini!.params.w[0], mini!.params.w[1], mini!.params.b]);
    const one = mini!.boundary[recordAt(mini!, 1)]!;
    assert.notDeepEqual(one, [wx, wy, b]);
    assert.equal(mini!.epochs[recordAt(mini!, 1)], 1);
    assert.equal(recordAt(mini!, 0), 0);
    assert.equal(recordAt(mini!, 1 + 0.5 / POINTS_PER_EPOCH), recordAt(mini!, 1));
  });
  test("30 features: the boundary is drawn in the two chosen columns with the others at their means", () => {
    const input = builtinInput("breast-cancer", csv);
    const [full] = computeSgd(input.train, { ...defaultState("sgd"), epochs: 2 }, { drawn: [0, 1] });
    const last = full!.boundary[full!.boundary.length - 1]!;
    assert.deepEqual(last, [full!.params.w[0], full!.params.w[1], full!.params.b]);
    const plot = plotOf(input);
    assert.deepEqual([plot.xName, plot.yName, plot.xs.length, plot.rows], ["mean radius", "mean texture", 569, 569]);
    assert.ok(Math.abs(plot.xs[0]! - 17.99) < 1e-9, "points in the file's units");
  });
  test("a CSV is read by the library's reader, split and standardized on its training rows, and scored held out", () => {
    const lines = ["width,colour,height,kind"];
    for (let i = 0; i < 40; i++) lines.push(`${5 + (i % 2) * 3 + (i % 7) / 10},${i % 3 === 0 ? "red" : "green"},${i === 4 ? "" : 9 - (i % 2) * 2},${i % 2 ? "pear" : "apple"}`);
    const text = lines.join("\n");
    const file = { text, name: "fruit.csv", target: "", xColumn: "", yColumn: "", missing: "" as const };
    assert.throws(() => csvInput(file, 75, 1), /^DataError: fruit\.csv: missing cells in 1 column: height \(1\)/);
    const input = csvInput({ ...file, missing: "mean", yColumn: "height" }, 75, 1);
    assert.deepEqual([input.train.n, input.test!.n, input.classes], [30, 10, ["apple", "pear"]]);
    assert.deepEqual(input.columns, { features: ["width", "colour", "height"], drawable: ["width", "height"], target: "kind" });
    assert.deepEqual(input.drawn.map((j) => input.train.featureNames[j]), ["width", "height"]);
    let m = 0;
    for (let i = 0; i < input.train.n; i++) m += input.train.x[i * input.train.d + input.drawn[0]]!;
    assert.ok(Math.abs(m / input.train.n) < 1e-6, "standardized on the training rows");
    const regimes = computeSgd(input.train, { ...defaultState("sgd"), epochs: 30, lr: 0.5 }, { drawn: input.drawn, test: input.test! });
    for (const r of regimes) assert.equal(r.heldOut, 1, `${r.name} separates the held-out fruit`);
    assert.throws(() => csvInput({ ...file, missing: "mean", target: "width" }, 75, 1), /the target "width" holds numbers; this view fits logistic regression, which needs a target with two classes/);
  });
});

describe("2-D defaults", () => {
  test("the default starts lie close together yet end in different minima (the start decides)", () => {
    const state = defaultState("2d");
    const runs = computePaths(resolveProblem(state.f, 2), state.starts, state);
    const ends = runs.map((r) => r.run.trajectory[r.run.trajectory.length - 1]!.map((v) => Number(v.toFixed(4))));
    assert.deepEqual(ends, [[-0.9804, 0.9804], [0.894, -0.894]]);
  });
});

describe("honest run status", () => {
  test("a tiny gradient on a plateau or a saddle is not called converged", async () => {
    const { honestStatus } = await import("../../web/src/compute/status.js");
    const twoMinima = resolveProblem("two-minima", 2);
    const far = { ...defaultState("2d"), lr: 100 };
    assert.deepEqual(computePaths(twoMinima, far.starts, far).map((r) => [r.run.status, honestStatus(twoMinima, r.run)]), [["converged", "stalled on a plateau"], ["converged", "stalled on a plateau"]]);
    const near = defaultState("2d");
    assert.deepEqual(computePaths(twoMinima, near.starts, near).map((r) => honestStatus(twoMinima, r.run)), ["converged", "converged"]);
    const saddle = resolveProblem("saddle", 2);
    const s = { ...defaultState("2d"), f: "saddle", starts: [[1, 0]] as [number, number][], lr: 0.1 };
    assert.deepEqual(computePaths(saddle, s.starts, s).map((r) => honestStatus(saddle, r.run)), ["not a minimum (saddle)"]);
  });
});

describe("a sensible η per built-in", () => {
  test("half the edge 2/L at the function's minimum, to two digits", async () => {
    const { sensibleLearningRate } = await import("../../web/src/views/controls.js");
    // article-1d: f'' = 12 → 2/L = 1/6 → 0.083; article-2d: Hessian diag(12, 18) → 1/18 → 0.056.
    assert.equal(sensibleLearningRate("article-1d", 1), 0.083);
    assert.equal(sensibleLearningRate("article-2d", 2), 0.056);
    // rosenbrock at (1, 1): L = 1001.6 → 1/L ≈ 0.001.
    assert.equal(sensibleLearningRate("rosenbrock", 2), 0.001);
    assert.equal(sensibleLearningRate("x^3", 1), null);
  });
});

test("the page's learning rate fills in every optimizer's lr except a learning-rate-free one's (Prodigy keeps 1)", () => {
  const choices = optimizerChoices(["prodigy", "adam", "sgd:lr=0.05"], 0.3);
  assert.deepEqual(choices.map((c) => c.choice.options?.lr), [undefined, 0.3, 0.05]);
  assert.equal(choices[0]!.choice.name, "prodigy");
});
