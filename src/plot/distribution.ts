/** Distributions of final values per configuration: a jittered strip plot and overlaid histograms. */
import { chartSkeleton, type ChartOptions } from "./chart.js";
import type { LegendEntry } from "./legend.js";
import { finiteExtent } from "./scale.js";
import { el, num } from "./svg.js";
import { THEME, marker, markerShape, paletteColor } from "./theme.js";

export interface ValueGroup {
  name: string;
  values: readonly number[];
}

export interface DistributionOptions extends ChartOptions {
  groups: readonly ValueGroup[];
  logX?: boolean;
  xDomain?: readonly [number, number];
}

/** Deterministic jitter in [-0.5, 0.5): the golden-ratio sequence spreads points evenly without randomness. */
export function jitter(i: number): number {
  return ((i * 0.6180339887498949) % 1) - 0.5;
}

function drawable(v: number, logX: boolean | undefined): boolean {
  return Number.isFinite(v) && (!logX || v > 0);
}

/** One row per group, values along x, points jittered vertically, the median as a black tick. */
export function stripPlot(options: DistributionOptions): string {
  const { groups } = options;
  // Rows count from the top: group 0 is drawn highest.
  const names = groups.map((g) => {
    const hidden = g.values.filter((v) => !drawable(v, options.logX)).length;
    return hidden > 0 ? `${g.name} (${hidden} not shown)` : g.name;
  });
  const raw = finiteExtent(groups.flatMap((g) => [...g.values]), options.logX);
  // Pad so points at the extremes are not cut in half by the frame.
  const padded: [number, number] | null = raw && (options.logX ? [raw[0] / 1.3, raw[1] * 1.3] : [raw[0] - (raw[1] - raw[0]) * 0.03, raw[1] + (raw[1] - raw[0]) * 0.03]);
  const xExtent = options.xDomain ?? padded ?? [options.logX ? 1 : 0, 1];
  const reversed = [...names].reverse();
  const chart = chartSkeleton(
    options,
    { domain: xExtent, log: options.logX },
    { domain: [-0.5, groups.length - 0.5], categories: reversed },
    [],
  );
  const { x, y } = chart;
  const layers: string[] = [];
  groups.forEach((g, gi) => {
    const row = groups.length - 1 - gi;
    const color = paletteColor(gi);
    const shape = markerShape(gi);
    const bandHalf = Math.abs(y.map(0) - y.map(1)) * 0.32;
    g.values.forEach((v, i) => {
      if (!drawable(v, options.logX)) return;
      layers.push(marker(shape, x.map(v), y.map(row) + jitter(i) * 2 * bandHalf, 3.5, color, { "fill-opacity": 0.75 }));
    });
    const finite = g.values.filter((v) => drawable(v, options.logX)).sort((a, b) => a - b);
    if (finite.length > 0) {
      const mid = finite.length >> 1;
      const median = finite.length % 2 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
      const px = x.map(median);
      layers.push(el("path", { d: `M${num(px)} ${num(y.map(row) - bandHalf - 4)}V${num(y.map(row) + bandHalf + 4)}`, stroke: THEME.text, "stroke-width": 2.5 }));
    }
  });
  return chart.finish(layers);
}

export interface HistogramOptions extends DistributionOptions {
  /** Number of bins shared by all groups (default 20). */
  bins?: number;
}

/** Overlaid step histograms with shared bins (equal width, or equal width in log10 when logX). */
export function histogram(options: HistogramOptions): string {
  const binCount = Math.max(1, Math.floor(options.bins ?? 20));
  const extent = options.xDomain ?? finiteExtent(options.groups.flatMap((g) => [...g.values]), options.logX) ?? [options.logX ? 1 : 0, 1];
  const t = (v: number) => (options.logX ? Math.log10(v) : v);
  const inv = (u: number) => (options.logX ? 10 ** u : u);
  const lo = t(extent[0]);
  const hi = t(extent[1]) > lo ? t(extent[1]) : lo + 1;
  const edges = Array.from({ length: binCount + 1 }, (_, k) => inv(lo + ((hi - lo) * k) / binCount));
  const counts = options.groups.map((g) => {
    const c = new Array<number>(binCount).fill(0);
    for (const v of g.values) {
      if (!drawable(v, options.logX) || t(v) < lo || t(v) > hi) continue;
      c[Math.min(binCount - 1, Math.floor(((t(v) - lo) / (hi - lo)) * binCount))]! += 1;
    }
    return c;
  });
  const maxCount = Math.max(1, ...counts.flat());
  const legend: LegendEntry[] = options.groups.map((g, i) => ({ label: g.name, color: paletteColor(i), swatch: true }));
  const chart = chartSkeleton(options, { domain: [edges[0]!, edges[binCount]!], log: options.logX, nice: false }, { domain: [0, maxCount] }, legend);
  const { x, y } = chart;
  const layers = counts.map((c, gi) => {
    let d = `M${num(x.map(edges[0]!))} ${num(y.map(0))}`;
    c.forEach((n, k) => (d += `V${num(y.map(n))}H${num(x.map(edges[k + 1]!))}`));
    d += `V${num(y.map(0))}Z`;
    const color = paletteColor(gi);
    return el("path", { d, fill: color, "fill-opacity": 0.18, stroke: color, "stroke-width": 1.8 });
  });
  return chart.finish(layers);
}
