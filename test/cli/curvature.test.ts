/** `descent curvature` and `descent gradient --hessian`. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { run } from "./helpers.js";

describe("descent curvature", () => {
  test("article-1d without --at: curvature 12 at its minimum, 2/L = 1/6", async () => {
    const r = await run(["curvature", "article-1d"]);
    assert.equal(r.code, 0);
    assert.match(r.out, /at x = 1: minimum, f = -3/);
    assert.match(r.out, /2\/L = 0\.166667 for plain gradient descent/);
  });

  test("--json: the 2-D article function's eigenvalues 18 and 12, condition number 1.5", async () => {
    const r = await run(["curvature", "article-2d", "--json", "--momentum", "0.5"]);
    const j = JSON.parse(r.out);
    assert.equal(j.function, "article-2d");
    assert.deepEqual(j.hessian, [["12", "0"], ["0", "18"]]);
    const [p] = j.points;
    assert.deepEqual(p.eigenvalues, [18, 12]);
    assert.equal(p.conditionNumber, 1.5);
    assert.equal(p.maxStableLearningRate, 2 / 18);
    assert.deepEqual(p.heavyBall, { momentum: 0.5, maxStableLearningRate: 3 / 18 });
    assert.equal(p.kind, "minimum");
  });

  test("a saddle at --at, and one-line errors for bad points", async () => {
    const r = await run(["curvature", "saddle", "--at", "x=0,y=0"]);
    assert.match(r.out, /: saddle, f = 0/);
    const outside = await run(["curvature", "log(x) + y^2", "--at", "x=-1,y=0"]);
    assert.equal(outside.code, 2);
    assert.equal(outside.err.trim().split("\n").length, 1);
    assert.match(outside.err, /f is not defined at x=-1, y=0/);
    const cusp = await run(["curvature", "abs(x)", "--at", "x=0"]);
    assert.equal(cusp.code, 2);
    assert.match(cusp.err, /Hessian at x=0 is not finite/);
    const where = await run(["curvature", "x^2 + y^2"]);
    assert.equal(where.code, 2);
    assert.match(where.err, /say where with --at x=…,y=…/);
    const ackley = await run(["curvature", "ackley"]);
    assert.match(ackley.err, /no known minimum where it is twice differentiable/);
  });
});

describe("descent gradient --hessian", () => {
  test("prints the second partials of Rosenbrock, text and JSON", async () => {
    const r = await run(["gradient", "rosenbrock", "--hessian"]);
    assert.match(r.out, /∂²f\/∂x∂y = -400\*x\n/);
    assert.match(r.out, /∂²f\/∂y² = 200\n/);
    const j = JSON.parse((await run(["gradient", "article-2d", "--hessian", "--json"])).out);
    assert.deepEqual(j, { gradient: { x: "12*x - 12", y: "18*y - 14" }, hessian: { x: { x: "12", y: "0" }, y: { x: "0", y: "18" } } });
  });
});

describe("descent train --sharpness-every", () => {
  test("--json history carries sharpness and 2/η every K epochs", async () => {
    const r = await run(["train", "--data", "iris", "--model", "mlp:8:tanh", "--batch-size", "full", "--optimizer", "sgd:lr=0.5", "--epochs", "4", "--sharpness-every", "2", "--json"]);
    assert.equal(r.code, 0, r.err);
    const h = JSON.parse(r.out).history;
    assert.equal(h[0].sharpness, undefined);
    assert.ok(h[1].sharpness > 0 && h[3].sharpness > 0);
    assert.equal(h[1].stabilityEdge, 4);
    const bad = await run(["train", "--data", "iris", "--sharpness-every", "0"]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--sharpness-every/);
  });
});

describe("descent lr-find and train --lr auto", () => {
  test("lr-find --json: lrs, smoothed losses, the valley suggestion and the steepest point", async () => {
    const r = await run(["lr-find", "--data", "breast-cancer", "--model", "logistic", "--iterations", "40", "--json"]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.rule, "valley");
    assert.equal(j.lrs.length, 40);
    assert.equal(j.suggestion, j.suggestions.valley);
    assert.ok(j.suggestions.steep > 0);
    const text = await run(["lr-find", "--data", "breast-cancer", "--model", "logistic", "--iterations", "40"]);
    assert.match(text.out, /suggested learning rate: [0-9.e-]+ \(fastai's valley rule\); steepest descent at/);
    assert.match(text.out, /weights are unchanged/);
    const bad = await run(["lr-find", "--data", "breast-cancer", "--iterations", "5"]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--iterations 5: must be a whole number >= 20/);
  });

  test("train --lr auto says which learning rate lr-find chose and trains with it", async () => {
    const r = await run(["train", "--data", "breast-cancer", "--model", "logistic", "--lr", "auto", "--epochs", "3"]);
    assert.equal(r.code, 0, r.err);
    const m = /learning rate ([0-9.e-]+) from lr-find \(valley rule/.exec(r.out);
    assert.ok(m, r.out);
    assert.match(r.out, new RegExp(`adam:lr=${m![1]!.replace(".", "\\.")}`));
  });
});
