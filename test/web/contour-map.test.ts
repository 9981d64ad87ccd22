/**
 * The 2-D and race views' contour maps are computed in a worker (web/src/compute/contour-worker.ts)
 * and only drawn on the page. Here the worker module itself runs in a Node worker thread, behind a
 * `self` that speaks the browser's worker API, and its answers, moved across the thread as the page
 * receives them, must draw the very figure the main thread drew when it traced the contours itself.
 */
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { ShapeError } from "../../src/errors.js";
import { contourBands, contourPlot } from "../../src/plot/index.js";
import { answerContourRequest, thresholdMode } from "../../web/src/compute/contour-map.js";
import type { FromContourWorker } from "../../web/src/compute/contour-protocol.js";
import { computePaths, sampleProblem } from "../../web/src/compute/paths.js";
import { resolveProblem } from "../../web/src/compute/problem.js";
import { defaultState } from "../../web/src/state.js";
import { contourFigure } from "../../web/src/views/contour-render.js";

const WORKER = new URL("../../web/src/compute/contour-worker.ts", import.meta.url).href;

/** The worker module in a thread (browser-worker-shim.ts gives it the browser's `self`), through tsx as data-parallel.node.ts starts its workers. */
function startWorker(): Worker {
  const shim = new URL("./browser-worker-shim.ts", import.meta.url).href;
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(shim)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: { module: WORKER } });
}

describe("the contour worker", () => {
  const worker = startWorker();
  after(() => worker.terminate());
  const answers: FromContourWorker[] = [];
  const waiters: (() => void)[] = [];
  worker.on("message", (m: FromContourWorker) => {
    answers.push(m);
    waiters.shift()?.();
  });
  const next = () => new Promise<FromContourWorker>((resolve) => (answers.length > 0 ? resolve(answers.shift()!) : waiters.push(() => resolve(answers.shift()!))));

  test("its maps draw the same figure as contours traced on the main thread (built-ins, log and quantile levels, a typed function)", async () => {
    const fs = ["two-minima", "rosenbrock", "himmelblau", "x^2 + 3*y^2 - x*y + sin(3*x)"];
    for (const [i, f] of fs.entries()) {
      worker.postMessage({ id: i + 1, f });
      const m = await next();
      assert.equal(m.type, "contours", m.type === "error" ? m.message : "");
      if (m.type !== "contours") continue;
      assert.deepEqual([m.id, m.f], [i + 1, f]);
      const problem = resolveProblem(f, 2);
      // The page's grid, sampled here, equals the worker's.
      const grid = sampleProblem(problem);
      assert.deepEqual(m.map.grid.xs, grid.xs);
      assert.deepEqual(m.map.grid.ys, grid.ys);
      assert.deepEqual(m.map.grid.values, grid.values);
      assert.ok(m.map.bands.coords.reduce((n, c) => n + c.length, 0) > 1000, `${f}: contour rings were traced`);
      // The figure from the worker's bands is the one the plot draws tracing its own, byte for byte.
      const state = { ...defaultState("2d"), optimizers: ["sgd", "adam:lr=0.1"], steps: 40, lr: 0.01 };
      const runs = computePaths(problem, [[0.5, 0.5], [-1, 1]], state);
      const opts = { width: 820, title: f, idPrefix: "t" };
      const fromWorker = contourFigure(problem, m.map, runs, opts);
      const traced = contourFigure(problem, { grid, bands: contourBands(grid, { thresholds: thresholdMode(problem) }) }, runs, opts);
      // (ok, not equal: a failure would print two 100 kB strings.)
      assert.ok(fromWorker === traced, `${f}: the same SVG`);
      assert.ok(fromWorker.includes('fill-rule="evenodd"'));
      // And that is the plot's own contour figure of the grid, with the function's level spacing.
      assert.ok(contourPlot({ grid, thresholds: thresholdMode(problem), width: 400 }) === contourPlot({ grid, bands: m.map.bands, width: 400 }), `${f}: the plot's own figure`);
    }
    assert.equal(thresholdMode(resolveProblem("rosenbrock", 2)), "log");
    // Bands traced on another grid are refused, not drawn misplaced.
    const other = answerContourRequest({ id: 0, f: "two-minima" });
    assert.throws(() => contourPlot({ grid: sampleProblem(resolveProblem("two-minima", 2), 20), bands: other.type === "contours" ? other.map.bands : undefined }), ShapeError);
  });

  test("requests that queue up while it works: only the newest is answered", async () => {
    for (const [k, f] of ["rosenbrock", "beale", "himmelblau"].entries()) worker.postMessage({ id: 100 + k, f });
    const m = await next();
    assert.deepEqual([m.type, m.id, m.f], ["contours", 102, "himmelblau"]);
    // Nothing else comes for the two it skipped.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answers.length, 0);
  });

  test("a function that does not parse is answered with the parser's message", async () => {
    worker.postMessage({ id: 200, f: "6x^^2" });
    const m = await next();
    assert.equal(m.type, "error");
    assert.equal(m.id, 200);
    assert.match(m.type === "error" ? m.message : "", /parse|unexpected/i);
    assert.deepEqual(answerContourRequest({ id: 200, f: "6x^^2" }), m);
  });
});
