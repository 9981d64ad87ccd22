/**
 * One colour per optimizer and one marker per start in the 2-D and race figures: every
 * (optimizer, start) pair is drawn with its own (colour, marker), and the legend names each colour
 * and each shape once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DISTINCT_SHAPES, OVERLAY_COLORS, marker } from "../../src/plot/index.js";
import { contourBands } from "../../src/plot/index.js";
import { computePaths, sampleProblem } from "../../web/src/compute/paths.js";
import { resolveProblem } from "../../web/src/compute/problem.js";
import { defaultState, LIMITS } from "../../web/src/state.js";
import { contourFigure } from "../../web/src/views/contour-render.js";
import { seriesStyle } from "../../web/src/views/series-style.js";
import { BASIN_COLORS, BASIN_HUES_APART } from "../../web/src/compute/basins.js";
import { valueChart } from "../../web/src/views/value-chart.js";

/** The drawn paths of a contour SVG: name, colour and marker, read from each path group. */
function drawnPaths(svg: string): { name: string; color: string; marker: string }[] {
  return [...svg.matchAll(/<g class="path" data-name="([^"]*)" data-color="([^"]*)" data-marker="([^"]*)">/g)].map((m) => ({ name: m[1]!, color: m[2]!, marker: m[3]! }));
}

test("the state never allows more optimizers than colours or more starts than shapes", () => {
  assert.ok(LIMITS.maxOptimizers <= new Set(OVERLAY_COLORS).size);
  assert.ok(LIMITS.maxStarts <= new Set(DISTINCT_SHAPES).size);
  assert.ok(!DISTINCT_SHAPES.includes("star") && !DISTINCT_SHAPES.includes("ring"), "star marks minima and ring marks starts");
});

test("the twelve start shapes draw twelve different marks", () => {
  const drawn = DISTINCT_SHAPES.map((shape) => marker(shape, 10, 10, 5, "#000000"));
  assert.equal(new Set(drawn).size, DISTINCT_SHAPES.length);
  for (const svg of drawn) assert.match(svg, /^<(circle|rect|path) [^>]*\/>$/);
});

test("the most runs the 2-D view allows: one colour per optimizer, one marker per start, no pair twice", () => {
  const problem = resolveProblem("two-minima", 2);
  const optimizers = ["sgd", "momentum", "nesterov", "adagrad:lr=0.1", "rmsprop:lr=0.01", "adam:lr=0.05"].slice(0, LIMITS.maxOptimizers);
  const starts = Array.from({ length: LIMITS.maxStarts }, (_, i): [number, number] => [-2 + (4 * i) / (LIMITS.maxStarts - 1), 0.5]);
  const state = { ...defaultState("2d"), optimizers, starts, steps: 5, lr: 0.05 };
  const runs = computePaths(problem, starts, state);
  const grid = sampleProblem(problem, 20);
  const svg = contourFigure(problem, { grid, bands: contourBands(grid) }, runs, { width: 820, title: "t", idPrefix: "t" });
  const drawn = drawnPaths(svg);
  assert.equal(drawn.length, optimizers.length * starts.length);
  assert.equal(new Set(drawn.map((d) => `${d.color} ${d.marker}`)).size, drawn.length, "no (colour, marker) pair repeats");
  runs.forEach((r, i) => {
    assert.equal(drawn[i]!.color, OVERLAY_COLORS[r.optimizer], `${r.name}: the colour of optimizer ${r.optimizer}`);
    assert.equal(drawn[i]!.marker, DISTINCT_SHAPES[r.start], `${r.name}: the shape of start ${r.start}`);
  });
  for (let o = 0; o < optimizers.length; o++) {
    assert.equal(new Set(drawn.filter((_, i) => runs[i]!.optimizer === o).map((d) => d.color)).size, 1, `optimizer ${o} has one colour`);
  }
  assert.equal(new Set(drawn.map((d) => d.color)).size, optimizers.length);
  assert.equal(new Set(drawn.map((d) => d.marker)).size, starts.length);
  // The legend names each optimizer and each start once, not every pair.
  const legend = svg.slice(svg.indexOf('<g class="legend">'));
  for (const o of optimizers) assert.equal(legend.split(`>${o}<`).length - 1, 1, `legend names ${o} once`);
  assert.equal((legend.match(/>from \(/g) ?? []).length, starts.length);
  assert.ok(!legend.includes(" from ("), "no legend row names an (optimizer, start) pair");
  // The figure is tall enough for its legend: 6 + 12 rows, plus start, minimum and shading rows.
  const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)![1]);
  assert.ok(height >= 20 * (optimizers.length + starts.length + 4), `height ${height}`);
});

test("the race's value chart colours each optimizer as its path on the map", () => {
  const problem = resolveProblem("rosenbrock", 2);
  const state = { ...defaultState("race"), steps: 10 };
  const runs = computePaths(problem, [[state.x0, state.y0]], state);
  const svg = valueChart(runs, { width: 600, height: 400, idPrefix: "v" });
  const strokes = [...svg.matchAll(/<g class="series"><path d="[^"]*" fill="none" stroke="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(strokes, runs.map((r) => seriesStyle(r).color));
  assert.equal(new Set(strokes).size, state.optimizers.length);
});

/** Hue in degrees of a #rrggbb colour, or null for a grey (black, white). */
function hue(hex: string): number | null {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d < 0.1) return null;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (60 * h + 360) % 360;
}

test("the basins' colours share no hue with the paths drawn over them", () => {
  const paths = OVERLAY_COLORS.slice(0, LIMITS.maxOptimizers).map(hue).filter((h): h is number => h !== null);
  assert.equal(paths.length, LIMITS.maxOptimizers - 1, "every path colour but black has a hue");
  for (const colour of BASIN_COLORS.slice(0, BASIN_HUES_APART)) {
    const h = hue(colour);
    assert.ok(h !== null, `${colour} is a colour, not a grey`);
    const apart = Math.min(...paths.map((p) => Math.min(Math.abs(p - h), 360 - Math.abs(p - h))));
    assert.ok(apart >= 30, `basin colour ${colour} (hue ${h.toFixed(0)}°) is ${apart.toFixed(0)}° from a path's hue`);
  }
  assert.equal(new Set(BASIN_COLORS).size, BASIN_COLORS.length);
});
