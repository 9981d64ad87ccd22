/**
 * The article's figures, built from the records the core computes (`MinimizeResult`,
 * `TrainingHistory`). Functions to draw are passed in already compiled; nothing here optimizes.
 */
import type { MinimizeResult } from "../minimize/types.js";
import type { TrainingHistory } from "../train/types.js";
import { basinMap, type BasinMapOptions } from "./basin-map.js";
import type { ChartOptions } from "./chart.js";
import { contourPlot, type MinimumMark, type ThresholdMode } from "./contour.js";
import { functionPlot1D } from "./function-plot.js";
import { linspace, sampleGrid, type Domain2D } from "./grid.js";
import { lineChart, type LineSeries } from "./line-chart.js";
import { finiteExtent, formatTick } from "./scale.js";
import { paletteColor } from "./theme.js";

type Fn1 = (x: number) => number;
type Fn2 = (x: number, y: number) => number;

export interface Figure1DOptions extends ChartOptions {
  /** x interval drawn; default: the finite iterates padded by 25%. */
  domain?: readonly [number, number];
  /** Curve samples (default 240). */
  samples?: number;
}

/** The step at which a run diverged, or undefined. */
function divergedAt(run: MinimizeResult): number | undefined {
  return run.status === "diverged" ? run.steps : undefined;
}

/** The x interval covering the iterates worth showing: all of them, or the first few of a diverged run. */
function iterateDomain(runs: readonly MinimizeResult[]): [number, number] {
  const xs = runs.flatMap((r) => {
    const pts = r.status === "diverged" ? r.trajectory.slice(0, 4) : r.trajectory;
    return pts.map((p) => p[0]!).filter((v) => Math.abs(v) < 1e6);
  });
  const [lo, hi] = finiteExtent(xs) ?? [-1, 1];
  const pad = Math.max((hi - lo) * 0.25, 0.5);
  return [lo - pad, hi + pad];
}

/** f on the interval as a curve. */
function curve(fn: Fn1, domain: readonly [number, number], samples: number) {
  const x = linspace(domain[0], domain[1], Math.max(2, samples));
  return { x, y: x.map(fn) };
}

/** A 1-D function with one run's iterates joined by arrows. */
export function figure1D(fn: Fn1, run: MinimizeResult, opts: Figure1DOptions = {}): string {
  const domain = opts.domain ?? iterateDomain([run]);
  const c = curve(fn, domain, opts.samples ?? 240);
  const finiteY = c.y.filter(Number.isFinite);
  return functionPlot1D({
    title: `${run.optimizer}: ${run.status === "diverged" ? "diverged" : `${run.steps} steps`}`,
    xLabel: run.variables[0] ?? "x",
    yLabel: `f(${run.variables[0] ?? "x"})`,
    ...opts,
    curve: c,
    steps: { x: run.trajectory.map((p) => p[0]!), y: run.values },
    stepsName: `${run.optimizer} steps`,
    divergedAt: divergedAt(run),
    yDomain: finiteY.length > 0 ? [Math.min(...finiteY), Math.max(...finiteY)] : undefined,
  });
}

/** One panel per run over a shared interval: small steps, zig-zag overshoot, divergence (labelled). */
export function figureOvershoot(fn: Fn1, runs: readonly MinimizeResult[], opts: Figure1DOptions = {}): string[] {
  const calm = runs.filter((r) => r.status !== "diverged");
  const domain = opts.domain ?? iterateDomain(calm.length > 0 ? calm : runs);
  return runs.map((run, i) => figure1D(fn, run, { ...opts, domain, idPrefix: `${opts.idPrefix ?? "overshoot"}-${i}` }));
}

export interface ContourFigureOptions extends ChartOptions {
  /** Grid points per side (default 120). */
  n?: number;
  thresholds?: ThresholdMode | readonly number[];
  levels?: number;
  /** Path names; default "optimizer from (x0, y0)". */
  names?: readonly string[];
}

function startLabel(run: MinimizeResult): string {
  const s = run.trajectory[0] ?? run.point;
  return `(${s.map((v) => formatTick(Number(v.toPrecision(3)))).join(", ")})`;
}

function contourFigure(f2: Fn2, domain: Domain2D, runs: readonly MinimizeResult[], minima: readonly MinimumMark[], names: string[], opts: ContourFigureOptions): string {
  const vars = runs[0]?.variables ?? ["x", "y"];
  return contourPlot({
    xLabel: vars[0] ?? "x",
    yLabel: vars[1] ?? "y",
    ...opts,
    grid: sampleGrid(f2, domain, opts.n ?? 120),
    paths: runs.map((r, i) => ({ name: opts.names?.[i] ?? names[i]!, points: r.trajectory, diverged: r.status === "diverged" })),
    minima,
  });
}

/** Shaded contours (lighter = lower) with each run's trajectory and its start, and the known minima. */
export function figureContour(f2: Fn2, domain: Domain2D, runs: readonly MinimizeResult[], minima: readonly MinimumMark[] = [], opts: ContourFigureOptions = {}): string {
  return contourFigure(f2, domain, runs, minima, runs.map((r) => `from ${startLabel(r)}`), { title: "Gradient descent on the contours", ...opts });
}

/** Several optimizers on one landscape, named by their spec strings. */
export function figureOptimizerPaths(f2: Fn2, domain: Domain2D, runs: readonly MinimizeResult[], minima: readonly MinimumMark[] = [], opts: ContourFigureOptions = {}): string {
  return contourFigure(f2, domain, runs, minima, runs.map((r) => r.optimizer), { title: "Optimizer paths", ...opts });
}

/** Basins of attraction: which minimum each start reached. */
export function figureBasins(basinGrid: Pick<BasinMapOptions, "xs" | "ys" | "labels" | "names" | "minima">, opts: ChartOptions = {}): string {
  return basinMap({ title: "Basins of attraction", xLabel: "x", yLabel: "y", ...opts, ...basinGrid });
}

export interface ValueVsStepOptions extends ChartOptions {
  /** The known minimum value f*; the plot shows f − f* so a log axis reaches the convergence. */
  minValue?: number;
  names?: readonly string[];
}

/** f (or f − f*) per step for each run, on a log axis when every plotted value is positive. */
export function figureValueVsStep(runs: readonly MinimizeResult[], opts: ValueVsStepOptions = {}): string {
  const shift = opts.minValue ?? 0;
  const series: LineSeries[] = runs.map((r, i) => ({
    name: opts.names?.[i] ?? r.optimizer,
    x: r.values.map((_, k) => k),
    // Exactly-zero gaps cannot sit on a log axis; they leave a gap, which reads as "reached f*".
    y: r.values.map((v) => v - shift),
  }));
  const finite = series.flatMap((s) => s.y.filter(Number.isFinite));
  const logY = finite.some((v) => v > 0) && (opts.minValue !== undefined || finite.every((v) => v > 0));
  const yLabel = opts.minValue !== undefined ? `f − f* (f* = ${formatTick(opts.minValue)})${logY ? ", log scale" : ""}` : `f${logY ? " (log scale)" : ""}`;
  return lineChart({ title: "Value per step", xLabel: "step", yLabel, ...opts, series, logY });
}

export interface NamedHistory {
  name: string;
  history: TrainingHistory;
}

/** Loss per epoch (train dashed, test solid, one colour per run) and the metric per epoch. */
export function figureTraining(histories: readonly NamedHistory[], opts: ChartOptions = {}): { loss: string; metric: string } {
  const lossSeries: LineSeries[] = [];
  const metricSeries: LineSeries[] = [];
  histories.forEach((h, i) => {
    const epochs = h.history.history.map((e) => e.epoch);
    const color = paletteColor(i);
    lossSeries.push({ name: `${h.name} train`, x: epochs, y: h.history.history.map((e) => e.trainLoss), dashed: true, color });
    lossSeries.push({ name: `${h.name} test`, x: epochs, y: h.history.history.map((e) => e.testLoss), color });
    metricSeries.push({ name: `${h.name} train`, x: epochs, y: h.history.history.map((e) => e.trainMetric), dashed: true, color });
    metricSeries.push({ name: `${h.name} test`, x: epochs, y: h.history.history.map((e) => e.testMetric), color });
  });
  const allLoss = lossSeries.flatMap((s) => s.y.filter(Number.isFinite));
  const logY = allLoss.length > 0 && allLoss.every((v) => v > 0) && Math.max(...allLoss) / Math.min(...allLoss) > 30;
  const metricName = histories[0]?.history.metric === "r2" ? "R²" : "accuracy";
  const loss = lineChart({ title: "Loss per epoch", xLabel: "epoch", yLabel: `loss${logY ? " (log scale)" : ""}`, subtitle: "train dashed, test solid", ...opts, series: lossSeries, logY, idPrefix: `${opts.idPrefix ?? "training"}-loss` });
  const metric = lineChart({ title: `${metricName[0]!.toUpperCase()}${metricName.slice(1)} per epoch`, xLabel: "epoch", yLabel: metricName, subtitle: "train dashed, test solid", ...opts, series: metricSeries, idPrefix: `${opts.idPrefix ?? "training"}-metric` });
  return { loss, metric };
}

export interface LrSweepData {
  lrs: readonly number[];
  /** Final value (or loss) per learning rate; non-finite = diverged. */
  finals: readonly number[];
  /** The learning rate beyond which plain gradient descent diverges (2/L), marked when given. */
  stabilityEdge?: number;
}

/** Final value against learning rate (log x); diverged rates are marked along the top. */
export function figureLrSweep(data: LrSweepData, opts: ChartOptions = {}): string {
  const ok = data.lrs.map((lr, i) => ({ lr, v: data.finals[i]! })).filter((p) => Number.isFinite(p.v));
  const bad = data.lrs.filter((_, i) => !Number.isFinite(data.finals[i]!));
  const logY = ok.length > 0 && ok.every((p) => p.v > 0);
  const [lo, hi] = finiteExtent(ok.map((p) => p.v), logY) ?? [logY ? 1 : 0, 1];
  const top = logY ? hi * 10 : hi + (hi - lo || 1) * 0.15;
  const series: LineSeries[] = [{ name: "final value", x: ok.map((p) => p.lr), y: ok.map((p) => p.v), style: "line+points" }];
  if (bad.length > 0) series.push({ name: "diverged", x: bad, y: bad.map(() => top), style: "points", marker: "cross", color: "#D55E00" });
  return lineChart({
    title: "Learning-rate sweep",
    xLabel: "learning rate (log scale)",
    yLabel: `final value${logY ? " (log scale)" : ""}`,
    ...opts,
    series,
    logX: true,
    logY,
    verticalLines: data.stabilityEdge !== undefined ? [{ x: data.stabilityEdge, label: `2/L = ${formatTick(Number(data.stabilityEdge.toPrecision(3)))}` }] : [],
  });
}

/** For more than two variables: the value per step, with a note that the path is not drawn. */
export function figureValueOnly(run: MinimizeResult, opts: ChartOptions = {}): string {
  const ys = run.values;
  const logY = ys.filter(Number.isFinite).every((v) => v > 0);
  return lineChart({
    title: `${run.optimizer}: value per step`,
    subtitle: `path not drawn for ${run.variables.length} variables`,
    xLabel: "step",
    yLabel: `f${logY ? " (log scale)" : ""}`,
    ...opts,
    series: [{ name: "", x: ys.map((_, k) => k), y: ys }],
    logY,
  });
}
