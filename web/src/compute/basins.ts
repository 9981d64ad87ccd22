/**
 * Basins of attraction for the 2-D view. Built-in functions know their minima; for a typed
 * expression the end points themselves are grouped (within `radius`) and each group is a minimum found.
 */
import { basinsOfAttraction, minimize, nearest, type BasinGrid } from "../../../src/minimize/index.js";
import { linspace } from "../../../src/plot/index.js";
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
export function computeBasins(problem: Problem, state: PlaygroundState, settings: BasinSettings): BasinOverlay {
  const [first] = optimizerChoices(state.optimizers.slice(0, 1), state.lr);
  const domain = domainOf(problem);
  const options = { steps: settings.steps, tol: 1e-6, optimizer: first!.choice, resolution: settings.resolution };
  const known = problem.fn.minima.map((m) => [...m.point]);
  const span = Math.max(domain.x[1] - domain.x[0], domain.y[1] - domain.y[0]);
  const radius = 0.02 * span;
  if (known.length > 0) {
    const grid = basinsOfAttraction(problem.compiled, domain, known, { ...options, radius });
    return { ...grid, names: known.map((p, i) => `${problem.fn.minima[i]!.kind} min (${p.map((v) => v.toFixed(2)).join(", ")})`), source: "known" };
  }
  const n = settings.resolution;
  const xs = linspace(domain.x[0], domain.x[1], n);
  const ys = linspace(domain.y[0], domain.y[1], n);
  const labels = new Int32Array(n * n).fill(-1);
  const found: number[][] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const run = minimize(problem.compiled, [xs[c]!, ys[r]!], { ...options, record: false });
      // Only runs that stopped on a (near-)stationary point inside the picture count as reaching a minimum.
      if (run.status !== "converged" && run.gradNorm > 1e-3) continue;
      let label = nearest(run.point, found, radius);
      if (label < 0 && found.length < 8 && looksLikeMinimum(problem, run.point, radius / 2)) {
        found.push(run.point);
        label = found.length - 1;
      }
      labels[r * n + c] = label;
    }
  }
  return { xs, ys, labels, minima: found, names: found.map((p) => `found (${p.map((v) => v.toFixed(2)).join(", ")})`), source: "found" };
}
