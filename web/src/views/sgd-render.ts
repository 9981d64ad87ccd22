/**
 * Charts for the SGD view at an epoch of the computed runs: the full-data loss of each regime up
 * to that epoch, and each regime's decision boundary at that epoch over the data. Both keep the
 * whole run's axes, so a replay moves the lines and never the frame.
 */
import { finiteExtent, lineChart, type LineSeries } from "../../../src/plot/index.js";
import { linearScale } from "../../../src/plot/index.js";
import { OKABE_ITO, marker } from "../../../src/plot/index.js";
import { frameOf, toPixels } from "../ui/figure.js";
import { recordAt, type RegimeResult } from "../compute/sgd.js";
import type { SgdPlot } from "../compute/sgd-data.js";

const REGIME_COLORS = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.bluishGreen];

/** The loss curves up to `epoch` (all of them when absent), on the whole run's axes. */
export function lossChart(results: readonly RegimeResult[], opts: { width: number; height: number; epoch?: number }): string {
  const cut = opts.epoch ?? Infinity;
  const series: LineSeries[] = results.map((r, i) => {
    const keep = r.epochs.filter((e) => e <= cut + 1e-9).length;
    return { name: `${r.name}${r.diverged ? " (diverged)" : ""}`, x: r.epochs.slice(0, keep), y: r.losses.slice(0, keep), color: REGIME_COLORS[i] };
  });
  const xDomain = finiteExtent(results.flatMap((r) => r.epochs));
  const yDomain = finiteExtent(results.flatMap((r) => r.losses), true);
  return lineChart({
    idPrefix: "sgd-loss", width: opts.width, height: opts.height, title: "Training loss (whole data set)", xLabel: "epoch", yLabel: "cross-entropy", series, logY: true,
    ...(xDomain ? { xDomain } : {}), ...(yDomain ? { yDomain } : {}),
  });
}

/** Colour and marker per class (index 0 and 1). */
const CLASS_STYLE = [
  { color: "#c0392b", marker: "cross" as const },
  { color: "#7f8c8d", marker: "circle" as const },
];

/** The data's x and y intervals, rounded outwards to ticks as the chart rounds them. */
export function boundaryDomains(plot: SgdPlot): [number, number][] {
  return [plot.xs, plot.ys].map((c) => linearScale(finiteExtent(c) ?? [0, 1], [0, 1]).domain as [number, number]);
}

/**
 * Every data point onto a mounted boundary chart (the line chart draws at most 60 markers per
 * series, which would hide most of the examples).
 */
export function drawAllPoints(svg: SVGSVGElement, plot: SgdPlot): void {
  const [xd, yd] = boundaryDomains(plot);
  const px = toPixels(frameOf(svg), xd!, yd!);
  let markup = "";
  for (let i = 0; i < plot.xs.length; i++) {
    const style = CLASS_STYLE[plot.labels[i] === 0 ? 0 : 1]!;
    const [x, y] = px(plot.xs[i]!, plot.ys[i]!);
    markup += marker(style.marker, x, y, 3.2, style.color, { "fill-opacity": 0.75 });
  }
  const layer = document.createElementNS("http://www.w3.org/2000/svg", "g");
  layer.setAttribute("class", "all-points");
  layer.innerHTML = markup;
  const clipped = svg.querySelector("g[clip-path]");
  clipped?.insertBefore(layer, clipped.firstChild);
}

/** The line w_x·z_x + w_y·z_y + b = 0 in the drawn columns' own units, across the frame; null if w = 0. */
export function boundaryLine(plot: SgdPlot, [w1, w2, b]: readonly [number, number, number], extent: readonly [number, number][]): { x: number[]; y: number[] } | null {
  const [mu1, mu2] = plot.mean;
  const [s1, s2] = plot.std;
  if (Math.abs(w2) > 1e-12) {
    const yAt = (x1: number) => mu2 + (s2 * (-b - (w1 * (x1 - mu1)) / s1)) / w2;
    return { x: [...extent[0]!], y: extent[0]!.map(yAt) };
  }
  if (Math.abs(w1) > 1e-12) {
    const x1 = mu1 + (s1 * -b) / w1;
    return { x: [x1, x1], y: [...extent[1]!] };
  }
  return null;
}

/** Each regime's boundary at `epoch` (the end when absent), over the class legend (points come from drawAllPoints). */
export function boundaryChart(plot: SgdPlot, results: readonly RegimeResult[], opts: { width: number; height: number; epoch?: number; title: string }): string {
  const extent = boundaryDomains(plot);
  // One invisible point per class keeps the legend; drawAllPoints adds the data.
  const series: LineSeries[] = CLASS_STYLE.map((c, i) => ({ ...c, name: plot.classes[i]!, x: [NaN], y: [NaN], style: "points" as const }));
  results.forEach((r, i) => {
    const at = opts.epoch === undefined ? r.boundary.length - 1 : recordAt(r, opts.epoch);
    const line = boundaryLine(plot, r.boundary[at]!, extent);
    if (line) series.push({ name: `${r.name} boundary`, ...line, style: "line", color: REGIME_COLORS[i] });
  });
  return lineChart({
    idPrefix: "sgd-boundary",
    width: opts.width,
    height: opts.height,
    title: opts.title,
    xLabel: plot.xName,
    yLabel: plot.yName,
    series,
    xDomain: extent[0],
    yDomain: extent[1],
  });
}
