/**
 * Basins of attraction: run gradient descent from every point of a grid and label each start by the
 * known minimum it reaches (or −1 when it diverges or ends near none). The picture the article's
 * "the start decides which minimum is reached" asks for.
 */
import { OptionError } from "../errors.js";
import type { Optimizer } from "../optim/index.js";
import { DEFAULT_DIVERGENCE, divergenceReason, type DivergenceRule } from "./divergence.js";
import { checkRunOptions, minimize, norm, resolveOptimizer, scheduleFunction, type MinimizeOptions } from "./minimize.js";
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
  const optimizer = resolveOptimizer(options.optimizer, options.lr);
  const runOptions: MinimizeOptions = { ...rest, optimizer, record: false };
  const starts = xs.length * ys.length;
  const points = new Float64Array(2 * starts);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      points[2 * (r * n + c)] = xs[c]!;
      points[2 * (r * n + c) + 1] = ys[r]!;
    }
  }
  // Coupled optimizers read every coordinate of the batch; schedule-free ones report another point.
  const independent = optimizer.coupled !== true && optimizer.eval === undefined;
  if (objective.variables.length === 2 && independent && batchable(runOptions)) {
    const ends = descendTogether(objective, points, optimizer, runOptions);
    for (let i = 0; i < starts; i++) {
      if (ends.diverged[i] === 0) labels[i] = nearest([ends.points[2 * i]!, ends.points[2 * i + 1]!], minima, radius);
    }
  } else {
    for (let i = 0; i < starts; i++) {
      const run = minimize(objective, [points[2 * i]!, points[2 * i + 1]!], runOptions);
      if (run.status !== "diverged") labels[i] = nearest(run.point, minima, radius);
    }
  }
  return { xs, ys, labels, minima };
}

/**
 * Runs that share nothing but the step count can run as one: every optimizer here is element-wise
 * (its update of one coordinate reads only that coordinate's gradient and state, and the step
 * number), so stepping all starts' coordinates in one call gives each start exactly the numbers
 * of its own run. Noise (one random stream per run), line search and schedules that watch the
 * value differ per run, and L-BFGS is not element-wise: those run one by one.
 */
export function batchable(o: MinimizeOptions): boolean {
  const schedule = o.schedule;
  const perRunSchedule = schedule !== undefined && typeof schedule !== "function" && schedule.kind !== "step";
  return !(o.noise !== undefined && o.noise > 0) && (o.lineSearch ?? "none") === "none" && !perRunSchedule;
}

/**
 * minimize's loop for every start at once (start i at points[2i], points[2i + 1]), with its
 * stopping rules applied per start: a start that converges or diverges stops there (its
 * coordinates are held while the others go on). Returns the end points and which diverged.
 */
function descendTogether(objective: Objective, points: Float64Array, optimizer: Optimizer, options: MinimizeOptions) {
  checkRunOptions(options);
  const count = points.length / 2;
  const steps = options.steps ?? 1000;
  const tol = options.tol ?? 1e-6;
  const rule: DivergenceRule = { ...DEFAULT_DIVERGENCE, ...options.divergence };
  // Only schedules of the step number reach here (batchable), so no start's value is needed.
  const lrAt = scheduleFunction(options.schedule);
  const x = points.slice();
  const g = new Float64Array(x.length);
  const held = new Float64Array(x.length); // where stopped starts stay
  const active = new Uint8Array(count).fill(1);
  const diverged = new Uint8Array(count);
  const startValue = new Float64Array(count);
  const gradNorm = new Float64Array(count);
  const xi = new Float64Array(2);
  const gi = new Float64Array(2);
  const evaluate = (i: number): number => {
    xi[0] = x[2 * i]!;
    xi[1] = x[2 * i + 1]!;
    const v = objective.valueAndGrad(xi, gi);
    g[2 * i] = gi[0]!;
    g[2 * i + 1] = gi[1]!;
    return v;
  };
  for (let i = 0; i < count; i++) {
    const v = evaluate(i);
    const problem = divergenceReason(v, gi, xi, v, rule);
    if (problem !== null) throw new OptionError(`cannot start at (${xi[0]}, ${xi[1]}): ${problem}`);
    startValue[i] = v;
    gradNorm[i] = norm(gi);
  }
  const params = { x };
  const grads = { x: g };
  let state = optimizer.init(params);
  let running = count;
  for (let k = 0; k < steps && running > 0; k++) {
    for (let i = 0; i < count; i++) {
      if (active[i] === 1 && tol > 0 && gradNorm[i]! < tol) stop(i);
    }
    if (running === 0) break;
    state = optimizer.step(params, grads, state, lrAt === null ? undefined : { lr: lrAt(k, NaN) });
    for (let i = 0; i < count; i++) {
      if (active[i] === 0) {
        x[2 * i] = held[2 * i]!;
        x[2 * i + 1] = held[2 * i + 1]!;
        continue;
      }
      const v = evaluate(i);
      if (divergenceReason(v, gi, xi, startValue[i]!, rule) !== null) {
        diverged[i] = 1;
        stop(i);
      } else {
        gradNorm[i] = norm(gi);
      }
    }
  }
  return { points: x, diverged };

  function stop(i: number): void {
    active[i] = 0;
    held[2 * i] = x[2 * i]!;
    held[2 * i + 1] = x[2 * i + 1]!;
    g[2 * i] = 0;
    g[2 * i + 1] = 0;
    running--;
  }
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
