/**
 * Basins of attraction for the 2-D view, labelled by the library's `basinsOfAttraction`. Built-in
 * functions know their minima; for a typed expression the minima are first found on a coarse grid
 * (end points grouped within `radius`, each group checked to be a minimum), then the full grid is
 * labelled by them. Pure computation: the page runs it in a worker (basins-worker.ts).
 */
import { basinsOfAttraction, minimize, nearest, type BasinGrid } from "../../../src/minimize/index.js";
import { OKABE_ITO, THEME, linspace, paletteColor } from "../../../src/plot/index.js";
import type { PlaygroundState } from "../state.js";
import { optimizerChoices } from "./optimizers.js";
import { domainOf } from "./paths.js";
import type { Problem } from "./problem.js";

export interface BasinOverlay extends BasinGrid {
  /** Legend names of the minima. */
  names: string[];
  /** Where the minima came from. */
  source: "known" | "found";
}

export interface BasinSettings {
  resolution: number;
  /** Updates per start (capped so the map stays interactive). */
  steps: number;
}

/** Starts per axis of the coarse grid a typed function's minima are looked for on. */
export const DISCOVERY_RESOLUTION = 30;
/** Most minima a typed function's map names (more would need more colours than the legend has). */
const MAX_FOUND = 8;

/** True when no point a step `h` away in 8 directions is lower: a saddle or ridge end point is not a minimum. */
function looksLikeMinimum(problem: Problem, p: readonly number[], h: number): boolean {
  const f0 = problem.compiled.value(p);
  for (let k = 0; k < 8; k++) {
    const a = (k * Math.PI) / 4;
    if (problem.compiled.value([p[0]! + h * Math.cos(a), p[1]! + h * Math.sin(a)]) < f0 - 1e-12 * Math.max(1, Math.abs(f0))) return false;
  }
  return true;
}

/** Basin map with the state's first optimizer and learning rate. */
export function computeBasins(problem: Problem, state: Pick<PlaygroundState, "optimizers" | "lr">, settings: BasinSettings): BasinOverlay {
  const [first] = optimizerChoices(state.optimizers.slice(0, 1), state.lr);
  const domain = domainOf(problem);
  const options = { steps: settings.steps, tol: 1e-6, optimizer: first!.choice };
  const span = Math.max(domain.x[1] - domain.x[0], domain.y[1] - domain.y[0]);
  const radius = 0.02 * span;
  const known = problem.fn.minima.map((m) => [...m.point]);
  const minima = known.length > 0 ? known : findMinima(problem, options, Math.min(settings.resolution, DISCOVERY_RESOLUTION), radius);
  const grid = basinsOfAttraction(problem.compiled, domain, minima, { ...options, resolution: settings.resolution, radius });
  const names = known.length > 0
    ? known.map((p, i) => `${problem.fn.minima[i]!.kind} min (${p.map((v) => v.toFixed(2)).join(", ")})`)
    : minima.map((p) => `found (${p.map((v) => v.toFixed(2)).join(", ")})`);
  return { ...grid, names, source: known.length > 0 ? "known" : "found" };
}

/**
 * The minima runs from an n × n grid of starts end in: runs that stop on a (near-)stationary point
 * inside the picture, grouped within `radius`, each group kept only if it is a minimum.
 */
function findMinima(problem: Problem, options: Parameters<typeof minimize>[2], n: number, radius: number): number[][] {
  const domain = domainOf(problem);
  const xs = linspace(domain.x[0], domain.x[1], n);
  const ys = linspace(domain.y[0], domain.y[1], n);
  const found: number[][] = [];
  for (const y of ys) {
    for (const x of xs) {
      const run = minimize(problem.compiled, [x, y], { ...options, record: false });
      if (run.status !== "converged" && run.gradNorm > 1e-3) continue;
      if (found.length < MAX_FOUND && nearest(run.point, found, radius) < 0 && looksLikeMinimum(problem, run.point, radius / 2)) found.push(run.point);
    }
  }
  return found;
}

/**
 * Basin colours. The paths over the map are orange, vermillion, reddish purple, bluish green,
 * yellow and black (one per optimizer, series-style.ts), so the basins take the hues between
 * green and purple that no path has: blue, violet, sky blue and indigo, told apart by lightness
 * too (the map is shaded in grey while basins are shown). Past four basins, which no built-in
 * function has, the colours are Paul Tol's muted teal, olive, wine and sand, near path hues.
 */
export const BASIN_COLORS: readonly string[] = Object.freeze([OKABE_ITO.blue, "#9F7FD0", OKABE_ITO.skyBlue, "#332288", "#44AA99", "#999933", "#882255", "#DDCC77"]);
/** How many basin colours share no hue with a path. */
export const BASIN_HUES_APART = 4;

/** The colour of basin `label` (−1: diverged or no minimum), as the map and its legend show it. */
export function basinColor(label: number): string {
  return label < 0 ? THEME.diverged : paletteColor(label, BASIN_COLORS);
}

/**
 * The map as RGBA pixels, one per start, top row first (the grid's rows run up the y axis), for
 * an image of xs.length × ys.length.
 */
export function basinPixels(b: Pick<BasinOverlay, "xs" | "ys" | "labels" | "minima">): Uint8ClampedArray<ArrayBuffer> {
  const nx = b.xs.length;
  const ny = b.ys.length;
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const colours = [rgb(basinColor(-1)), ...b.minima.map((_, i) => rgb(basinColor(i)))];
  const out = new Uint8ClampedArray(4 * nx * ny);
  for (let r = 0; r < ny; r++) {
    const row = (ny - 1 - r) * nx;
    for (let c = 0; c < nx; c++) {
      const label = b.labels[r * nx + c]!;
      const colour = colours[label + 1] ?? colours[0]!;
      out.set(colour, 4 * (row + c));
      out[4 * (row + c) + 3] = 255;
    }
  }
  return out;
}
