/** Charts for the SGD view: full-data loss per epoch for each regime, and the decision boundaries on two-feature data. */
import { lineChart, type LineSeries } from "../../../src/plot/line-chart.js";
import { OKABE_ITO } from "../../../src/plot/theme.js";
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

/** Points in original units, and each regime's line w·z + b = 0 mapped back from z-scores. */
export function boundaryChart(data: TabularData, results: readonly RegimeResult[], opts: { width: number; height: number }): string {
  const cols = [0, 1].map((j) => Array.from({ length: data.n }, (_, i) => data.x[i * data.d + j]! * data.std[j]! + data.mean[j]!));
  const extent = cols.map((c) => {
    const lo = Math.min(...c);
    const hi = Math.max(...c);
    const pad = 0.04 * (hi - lo);
    return [lo - pad, hi + pad] as [number, number];
  });
  const classes = [0, 1].map((label) => {
    const idx = Array.from({ length: data.n }, (_, i) => i).filter((i) => data.y[i] === label);
    return { name: label === 0 ? "malignant" : "benign", x: idx.map((i) => cols[0]![i]!), y: idx.map((i) => cols[1]![i]!) };
  });
  const series: LineSeries[] = [
    { ...classes[0]!, style: "points", color: "#c0392b", marker: "cross" },
    { ...classes[1]!, style: "points", color: "#7f8c8d", marker: "circle" },
  ];
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
