/**
 * The article as data: each section of the tour computes its runs with the core and says what they
 * show. The terminal and the HTML report both render these records; neither does maths.
 */
import { compile, resolveFunction } from "../expr/index.js";
import { optimizersSection } from "./optimizers-section.js";
import { sgdSection } from "./sgd-section.js";
import { curvatureSection } from "./curvature-section.js";
import { sharpnessSection } from "./sharpness-section.js";
import type { EpochRecord } from "../train/types.js";
import type { Curvature } from "../curvature/index.js";
import type { TrainingHistory } from "../train/types.js";
import { basinsOfAttraction, learningRateSweep, logSpace, minimize, type BasinGrid, type MinimizeResult, type SweepPoint } from "../minimize/index.js";

export interface TourFunction {
  name: string;
  source: string;
  variables: string[];
  /** Plotting interval per variable, in variable order. */
  domain: ReadonlyArray<readonly [number, number]>;
  minima: ReadonlyArray<{ readonly point: readonly number[]; readonly value: number; readonly kind: string }>;
  /** Lipschitz constant of the gradient, when known (quadratics): the stability edge is 2/L. */
  lipschitz?: number;
  value(p: readonly number[]): number;
}

export interface LabelledRun {
  label: string;
  run: MinimizeResult;
}

/** What a section shows besides its runs. */
export type Exhibit =
  | { kind: "iterates"; run: LabelledRun; rows: number }
  | { kind: "runs"; fn: TourFunction; runs: LabelledRun[]; picture: "curve" | "contour" | "paths+values" }
  | { kind: "sweep"; fn: TourFunction; points: SweepPoint[]; stabilityEdge?: number }
  | { kind: "basins"; fn: TourFunction; grid: BasinGrid; runs: LabelledRun[] }
  | { kind: "curvature"; fn: TourFunction; points: Curvature[] }
  | { kind: "sharpness"; dataset: string; history: EpochRecord[]; lr: number }
  | { kind: "training"; dataset: string; runs: TrainingRun[] };

/** One training run of the SGD section: batch, minibatch or stochastic gradient descent. */
export interface TrainingRun {
  label: string;
  batchSize: number;
  /** Parameter updates made over all epochs. */
  updates: number;
  history: TrainingHistory;
}

export interface TourSection {
  id: string;
  heading: string;
  /** Short explanations, in order. */
  paragraphs: string[];
  exhibits: Exhibit[];
}

/**
 * The rows an iterate table shows: the first `rows` iterates, then "…" and the last one, each as
 * [step, point, f, |∇f|]. The terminal and the report format these the same way.
 */
export function iterateRows(run: MinimizeResult, rows: number): ([number, readonly number[], number, number] | "…")[] {
  const n = Math.min(rows, run.trajectory.length);
  const at = (k: number) => [k, run.trajectory[k]!, run.values[k]!, run.gradNorms[k]!] as [number, readonly number[], number, number];
  const out: ([number, readonly number[], number, number] | "…")[] = Array.from({ length: n }, (_, k) => at(k));
  if (run.trajectory.length > n) out.push("…", at(run.trajectory.length - 1));
  return out;
}

/** The training comparison as a table: columns, and one row of raw values per run. */
export function trainingTable(e: Extract<Exhibit, { kind: "training" }>): { columns: string[]; rows: [string, number, number, number, number, number][] } {
  return {
    columns: ["run", "batch size", "updates", "final train loss", `test ${e.runs[0]?.history.metric ?? "metric"}`, "seconds"],
    rows: e.runs.map((r) => {
      const h = r.history.history;
      const last = h[h.length - 1]!;
      return [r.label, r.batchSize, r.updates, last.trainLoss, last.testMetric, h.reduce((s, x) => s + x.seconds, 0)];
    }),
  };
}

/** The curvature exhibit as a table: one row per point. */
export function curvatureTable(e: Extract<Exhibit, { kind: "curvature" }>): { columns: string[]; rows: [string, string, string, string, string, string][] } {
  const n = (v: number | null): string => (v === null ? "–" : String(+v.toPrecision(6)));
  return {
    columns: ["point", "kind", "Hessian eigenvalues", "L", "condition number", "2/L"],
    rows: e.points.map((c) => [
      `${e.fn.name} at (${c.point.map((v) => n(v)).join(", ")})`, c.kind, c.eigenvalues.map(n).join(", "), n(c.L), n(c.conditionNumber), n(c.maxStableLearningRate),
    ]),
  };
}

/** The sharpness exhibit as a table: every measured epoch (every other one past 20 rows). */
export function sharpnessTable(e: Extract<Exhibit, { kind: "sharpness" }>): { columns: string[]; rows: [number, number, number, number][] } {
  const measured = e.history.filter((r) => r.sharpness !== undefined);
  const step = measured.length > 20 ? Math.ceil(measured.length / 20) : 1;
  return {
    columns: ["epoch", "sharpness", "2/η", "train loss"],
    rows: measured.filter((_, i) => i % step === 0 || i === measured.length - 1).map((r) => [r.epoch, r.sharpness!, 2 / e.lr, r.trainLoss]),
  };
}

/** The table's column header for the point: "x" or "(x, y)". */
export function pointHeader(run: MinimizeResult): string {
  return run.variables.length === 1 ? run.variables[0]! : `(${run.variables.join(", ")})`;
}

export function tourFunction(name: string): TourFunction & { objective: ReturnType<typeof compile> } {
  const fn = resolveFunction(name);
  const objective = compile(fn.expr, fn.variables);
  return {
    name: fn.name ?? name,
    source: fn.source,
    variables: [...fn.variables],
    domain: fn.domain,
    minima: fn.minima,
    ...(fn.lipschitz !== undefined ? { lipschitz: fn.lipschitz } : {}),
    value: (p) => objective.value(p),
    objective,
  };
}

function run(fn: ReturnType<typeof tourFunction>, label: string, start: number[], options: Parameters<typeof minimize>[2]): LabelledRun {
  return { label, run: minimize(fn.objective, start, options) };
}

export function oneDimension(): TourSection[] {
  const f = tourFunction("article-1d");
  const main = run(f, "η = 0.03 from x = −0.9", [-0.9], { lr: 0.03, steps: 200, tol: 1e-6 });
  const overshoot = run(f, "η = 0.15 from x = 0.75", [0.75], { lr: 0.15, steps: 200, tol: 1e-6 });
  const diverge = run(f, "η = 0.2 from x = −0.9", [-0.9], { lr: 0.2, steps: 1000, tol: 1e-6 });
  // Log-spaced rates plus two beside the stability edge 2/L, so the sweep shows where it lies.
  const edge = 2 / f.lipschitz!;
  const lrs = [...logSpace(0.003, 0.3, 25), 0.98 * edge, 1.02 * edge].sort((a, b) => a - b);
  const sweep = learningRateSweep(f.objective, [-0.9], lrs, { steps: 500, tol: 1e-6 });
  return [
    {
      id: "one-dimension",
      heading: "Gradient descent in one dimension",
      paragraphs: [
        "f(x) = 6x² − 12x + 3 has derivative f′(x) = 12x − 12 and its minimum at x = 1.",
        "From x = −0.9 with η = 0.03 the first gradient is 12·(−0.9) − 12 = −22.8, so the first update is x ← −0.9 − 0.03·(−22.8) = −0.216.",
        "Each step is smaller than the one before, because the slope softens near the minimum.",
      ],
      exhibits: [
        { kind: "iterates", run: main, rows: 8 },
        { kind: "runs", fn: f, runs: [main], picture: "curve" },
      ],
    },
    {
      id: "overshoot",
      heading: "Too large a learning rate overshoots",
      paragraphs: [
        "With η = 0.15 from x = 0.75 each step jumps across the minimum: 0.75, 1.2, 0.84, … The swings shrink, so the run still converges.",
        "For this function an update multiplies the distance to the minimum by (1 − 12η). Past η = 1/6 that factor is below −1: every swing is larger than the last and the run diverges.",
      ],
      exhibits: [
        { kind: "iterates", run: overshoot, rows: 6 },
        { kind: "iterates", run: diverge, rows: 6 },
        { kind: "runs", fn: f, runs: [overshoot, diverge], picture: "curve" },
        { kind: "sweep", fn: f, points: sweep, stabilityEdge: edge },
      ],
    },
  ];
}

export function twoDimensions(): TourSection[] {
  const f = tourFunction("article-2d");
  const starts: number[][] = [[-0.5, 2.0], [2.5, -0.5], [0.0, -0.8]];
  const runs = starts.map((s) => run(f, `from (${s.join(", ")})`, s, { lr: 0.03, steps: 500, tol: 1e-6 }));
  return [
    {
      id: "two-dimensions",
      heading: "Gradient descent in two dimensions",
      paragraphs: [
        "f(x, y) = 6x² + 9y² − 12x − 14y + 3 has gradient (12x − 12, 18y − 14) and its minimum at (1, 7/9).",
        "Each coordinate moves against its own partial derivative. From three different starts, all three runs reach the minimum.",
      ],
      exhibits: [{ kind: "runs", fn: f, runs, picture: "contour" }],
    },
  ];
}

export function twoMinima(): TourSection[] {
  const f = tourFunction("two-minima");
  const starts: number[][] = [[-1.5, 2.5], [0.4, 0.1], [1.8, -2.0], [-0.2, -1.2]];
  const runs = starts.map((s) => run(f, `from (${s.join(", ")})`, s, { lr: 0.1, steps: 2000, tol: 1e-6 }));
  const grid = basinsOfAttraction(f.objective, { x: f.domain[0]!, y: f.domain[1]! }, f.minima.map((m) => [...m.point]), { resolution: 60, lr: 0.1, steps: 400, tol: 1e-4, radius: 0.1 });
  return [
    {
      id: "two-minima",
      heading: "Several minima: the start decides",
      paragraphs: [
        "This landscape has a deep (global) minimum near (−0.98, 0.98) and a shallow (local) one near (0.89, −0.89).",
        "Gradient descent follows the steepest way down from where it starts, so the start decides which minimum it reaches. The basin map colours every start by the minimum it ends in.",
      ],
      exhibits: [
        { kind: "runs", fn: f, runs, picture: "contour" },
        { kind: "basins", fn: f, grid, runs },
      ],
    },
  ];
}

/** The tour's sections in the article's order. */
export function tourSections(): TourSection[] {
  return [...oneDimension(), ...twoDimensions(), curvatureSection(), ...twoMinima(), ...optimizersSection(), sgdSection(), sharpnessSection()];
}
