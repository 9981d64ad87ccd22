/** Charts for the SGD view: full-data loss per epoch for each regime, and the decision boundaries on two-feature data. */
import { lineChart, type LineSeries } from "../../../src/plot/index.js";
import { linearScale } from "../../../src/plot/index.js";
import { OKABE_ITO, marker } from "../../../src/plot/index.js";
import { frameOf, toPixels } from "../ui/figure.js";
import type { TabularData } from "../compute/breast-cancer.js";
import type { RegimeResult } from "../compute/sgd.js";

const REGIME_COLORS = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.bluishGreen];

export function lossChart(results: readonly RegimeResult[], opts: { width: number; height: number; upto?: number }): string {
  const cut = opts.upto ?? Infinity;
  const series: LineSeries[] = results.map((r, i) => {
    const keep = r.epochs.filter((e) => e <= cut).length;
    return { name: `${r.name}${r.diverged ? " (diverged)" : ""}`, x: r.epochs.slice(0, keep), y: r.losses.slice(0, keep), color: REGIME_COLORS[i] };
  });
  return lineChart({ idPrefix: "sgd-loss", width: opts.width, height: opts.height, title: "Training loss (whole data set)", xLabel: "epoch", yLabel: "cross-entropy", series, logY: true });
}

const CLASS_STYLE = [
  { name: "malignant", color: "#c0392b", marker: "cross" as const },
  { name: "benign", color: "#7f8c8d", marker: "circle" as const },
];

/** The two features in original units, column by column. */
function originalColumns(data: TabularData): number[][] {
  return [0, 1].map((j) => Array.from({ length: data.n }, (_, i) => data.x[i * data.d + j]! * data.std[j]! + data.mean[j]!));
}

/** The data's x and y intervals, rounded outwards to ticks as the chart rounds them. */
export function boundaryDomains(data: TabularData): [number, number][] {
  return originalColumns(data).map((c) => linearScale([Math.min(...c), Math.max(...c)], [0, 1]).domain as [number, number]);
}

/**
 * Every data point onto a mounted boundary chart (the line chart draws at most 60 markers per
 * series, which would hide most of the 569 examples).
 */
export function drawAllPoints(svg: SVGSVGElement, data: TabularData): void {
  const [xd, yd] = boundaryDomains(data);
  const px = toPixels(frameOf(svg), xd!, yd!);
  const cols = originalColumns(data);
  let markup = "";
  for (let i = 0; i < data.n; i++) {
    const style = CLASS_STYLE[data.y[i] === 0 ? 0 : 1]!;
    const [x, y] = px(cols[0]![i]!, cols[1]![i]!);
    markup += marker(style.marker, x, y, 3.2, style.color, { "fill-opacity": 0.75 });
  }
  const layer = document.createElementNS("http://www.w3.org/2000/svg", "g");
  layer.setAttribute("class", "all-points");
  layer.innerHTML = markup;
  const clipped = svg.querySelector("g[clip-path]");
  clipped?.insertBefore(layer, clipped.firstChild);
}

/** Each regime's line w·z + b = 0 mapped back from z-scores, over the class legend (points come from drawAllPoints). */
export function boundaryChart(data: TabularData, results: readonly RegimeResult[], opts: { width: number; height: number }): string {
  const extent = boundaryDomains(data);
  // One invisible point per class keeps the legend; drawAllPoints adds the data.
  const series: LineSeries[] = CLASS_STYLE.map((c) => ({ ...c, x: [NaN], y: [NaN], style: "points" as const }));
  results.forEach((r, i) => {
    const [w1, w2] = r.params.w;
    const [mu1, mu2] = data.mean;
    const [s1, s2] = data.std;
    if (w1 === undefined || w2 === undefined || mu1 === undefined || mu2 === undefined || s1 === undefined || s2 === undefined) return;
    let line: { x: number[]; y: number[] };
    if (Math.abs(w2) > 1e-12) {
      const yAt = (x1: number) => mu2 + (s2 * (-r.params.b - (w1 * (x1 - mu1)) / s1)) / w2;
      line = { x: [...extent[0]!], y: extent[0]!.map(yAt) };
    } else if (Math.abs(w1) > 1e-12) {
      const x1 = mu1 + (s1 * -r.params.b) / w1;
      line = { x: [x1, x1], y: [...extent[1]!] };
    } else return;
    series.push({ name: `${r.name} boundary`, ...line, style: "line", color: REGIME_COLORS[i] });
  });
  return lineChart({
    idPrefix: "sgd-boundary",
    width: opts.width,
    height: opts.height,
    title: "Decision boundaries",
    xLabel: data.featureNames[0],
    yLabel: data.featureNames[1],
    series,
    xDomain: extent[0],
    yDomain: extent[1],
  });
}
