/**
 * The contour map of a 2-D function, everything numeric the 2-D and race views' figure needs: f on
 * the grid and the filled bands traced through it (src/plot's `contourBands`). Computed in a worker
 * (contour-worker.ts), so a change of function costs the page only the drawing.
 */
import { contourBands, type ContourBands, type Grid, type ThresholdMode } from "../../../src/plot/index.js";
import type { ContourRequest, FromContourWorker } from "./contour-protocol.js";
import { sampleProblem } from "./paths.js";
import { resolveProblem, type Problem } from "./problem.js";

export interface ContourMap {
  grid: Grid;
  bands: ContourBands;
}

/** Functions that span many decades (Rosenbrock, Beale …) read better with log-spaced contours. */
const LOG_SHADED = new Set(["rosenbrock", "beale", "himmelblau", "booth"]);

/** How the problem's contour levels are spaced. */
export function thresholdMode(problem: Problem): ThresholdMode {
  return LOG_SHADED.has(problem.fn.name ?? "") ? "log" : "quantile";
}

/** f on the view's grid and its contour bands. */
export function contourMap(problem: Problem): ContourMap {
  const grid = sampleProblem(problem);
  return { grid, bands: contourBands(grid, { thresholds: thresholdMode(problem) }) };
}

/** What the worker answers to a request (the page calls the same function in Node tests). */
export function answerContourRequest(request: ContourRequest): FromContourWorker {
  try {
    const t0 = performance.now();
    const map = contourMap(resolveProblem(request.f, 2));
    return { type: "contours", id: request.id, f: request.f, map, ms: performance.now() - t0 };
  } catch (e) {
    return { type: "error", id: request.id, f: request.f, message: (e as Error).message };
  }
}

/** The buffers an answer hands over (moved, not copied, to the page). */
export function transferables(m: FromContourWorker): ArrayBuffer[] {
  if (m.type !== "contours") return [];
  const { grid, bands } = m.map;
  return [grid.values.buffer as ArrayBuffer, ...bands.coords.map((c) => c.buffer as ArrayBuffer), ...bands.ringEnds.map((e) => e.buffer as ArrayBuffer)];
}
