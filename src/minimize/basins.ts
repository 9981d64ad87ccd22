/**
 * Basins of attraction: run gradient descent from every point of a grid and label each start by the
 * known minimum it reaches (or −1 when it diverges or ends near none). The picture the article's
 * "the start decides which minimum is reached" asks for.
 */
import { minimize, resolveOptimizer, type MinimizeOptions } from "./minimize.js";
import type { Objective } from "./objective.js";

export interface BasinGrid {
  xs: number[];
  ys: number[];
  /** Row-major (ys rows, xs columns): index into `minima`, or −1. */
  labels: Int32Array;
  minima: number[][];
}

export interface BasinOptions extends Omit<MinimizeOptions, "record" | "onStep"> {
  /** Grid points per axis (default 50). */
  resolution?: number;
  /** An end point within this distance of a minimum counts as reaching it (default 0.05). */
  radius?: number;
}

function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? (a + b) / 2 : a + ((b - a) * i) / (n - 1)));
}

export function basinsOfAttraction(
  objective: Objective,
  domain: { x: readonly [number, number]; y: readonly [number, number] },
  minima: number[][],
  options: BasinOptions = {},
): BasinGrid {
  const n = options.resolution ?? 50;
  const radius = options.radius ?? 0.05;
  const xs = linspace(domain.x[0], domain.x[1], n);
  const ys = linspace(domain.y[0], domain.y[1], n);
  const labels = new Int32Array(n * n).fill(-1);
  // One optimizer for every start (each run gets fresh state from init): building and validating
  // it 10,000 times was a measurable share of a 100 × 100 map.
  const { lr: _lr, ...rest } = options;
  const runOptions: MinimizeOptions = { ...rest, optimizer: resolveOptimizer(options.optimizer, options.lr), record: false };
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const run = minimize(objective, [xs[c]!, ys[r]!], runOptions);
      if (run.status === "diverged") continue;
      labels[r * n + c] = nearest(run.point, minima, radius);
    }
  }
  return { xs, ys, labels, minima };
}

/** Index of the minimum within `radius` of p, or −1. */
export function nearest(p: number[], minima: number[][], radius: number): number {
  let best = -1;
  let bestD = radius;
  minima.forEach((m, i) => {
    const d = Math.hypot(...m.map((v, j) => v - p[j]!));
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}
