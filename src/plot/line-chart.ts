/** Line and point charts of x–y series (values per step, training curves, learning-rate sweeps). */
import { chartSkeleton, type ChartOptions } from "./chart.js";
import type { LegendEntry } from "./legend.js";
import { finiteExtent, type Scale } from "./scale.js";
import { el, group, num, polylinePath, text } from "./svg.js";
import { HALO, THEME, marker, markerShape, paletteColor, type MarkerShape } from "./theme.js";

export interface LineSeries {
  name: string;
  x: readonly number[];
  y: readonly number[];
  style?: "line" | "points" | "line+points";
  dashed?: boolean;
  /** Override the palette colour / marker of this series. */
  color?: string;
  marker?: MarkerShape;
}

export interface Annotation {
  /** Data coordinates; a missing coordinate pins the note to the left / top edge of the frame. */
  x?: number;
  y?: number;
  text: string;
}

export interface VerticalLine {
  x: number;
  label: string;
}

export interface LineChartOptions extends ChartOptions {
  series: readonly LineSeries[];
  logX?: boolean;
  logY?: boolean;
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  annotations?: readonly Annotation[];
  verticalLines?: readonly VerticalLine[];
  /** Hide the legend (it is also hidden for a single unnamed series). */
  hideLegend?: boolean;
}

/** Pixel points of a series; points that cannot be drawn (non-finite, ≤ 0 on a log axis) become gaps. */
export function seriesPixels(s: LineSeries, x: Scale, y: Scale): ([number, number] | null)[] {
  const n = Math.min(s.x.length, s.y.length);
  const out: ([number, number] | null)[] = [];
  for (let i = 0; i < n; i++) {
    const px = x.map(s.x[i]!);
    const py = y.map(s.y[i]!);
    out.push(Number.isFinite(px) && Number.isFinite(py) ? [px, py] : null);
  }
  return out;
}

/** At most `limit` evenly spaced markers per series, so long runs stay legible. */
function markerIndices(n: number, limit = 60): number[] {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (limit - 1);
  return Array.from({ length: limit }, (_, i) => Math.round(i * step));
}

/** A line/point chart as an SVG string. */
export function lineChart(options: LineChartOptions): string {
  const xs = options.series.flatMap((s) => [...s.x]);
  const ys = options.series.flatMap((s) => [...s.y]);
  const vx = (options.verticalLines ?? []).map((v) => v.x);
  const xExtent = options.xDomain ?? finiteExtent([...xs, ...vx], options.logX) ?? [options.logX ? 1 : 0, 10];
  const yExtent = options.yDomain ?? finiteExtent(ys, options.logY) ?? [options.logY ? 1 : 0, 1];
  const styled = options.series.map((s, i) => ({
    ...s,
    color: s.color ?? paletteColor(i),
    marker: s.marker ?? markerShape(i),
    style: s.style ?? "line",
  }));
  const legend: LegendEntry[] =
    options.hideLegend || (styled.length === 1 && styled[0]!.name === "")
      ? []
      : styled.map((s) => ({
          label: s.name,
          color: s.color,
          line: s.style !== "points",
          dashed: s.dashed,
          marker: s.style !== "line" ? s.marker : undefined,
        }));
  const chart = chartSkeleton(
    options,
    { domain: xExtent, log: options.logX },
    { domain: yExtent, log: options.logY },
    legend,
  );
  const { x, y, frame } = chart;
  const layers: string[] = [];
  const overlays: string[] = [];
  for (const v of options.verticalLines ?? []) {
    const px = x.map(v.x);
    if (!Number.isFinite(px)) continue;
    layers.push(el("path", { d: `M${num(px)} ${num(frame.top)}V${num(frame.top + frame.height)}`, stroke: THEME.axis, "stroke-width": 1.2, "stroke-dasharray": "3 3", fill: "none" }));
    layers.push(text(px + 4, frame.top + 14, v.label, { "font-size": THEME.noteFontSize, fill: THEME.text }));
  }
  for (const s of styled) {
    const pts = seriesPixels(s, x, y);
    const parts: string[] = [];
    if (s.style !== "points") {
      parts.push(
        el("path", {
          d: polylinePath(pts),
          fill: "none",
          stroke: s.color,
          "stroke-width": THEME.lineWidth,
          "stroke-dasharray": s.dashed ? "6 4" : undefined,
          "stroke-linejoin": "round",
          "stroke-linecap": "round",
        }),
      );
    }
    if (s.style !== "line") {
      for (const i of markerIndices(pts.length)) {
        const p = pts[i];
        if (p) parts.push(marker(s.marker, p[0], p[1], THEME.markerSize, s.color));
      }
    }
    layers.push(group(parts, { class: "series" }));
  }
  for (const a of options.annotations ?? []) {
    const px = a.x === undefined ? frame.left + 8 : x.map(a.x);
    const py = a.y === undefined ? frame.top + 16 : y.map(a.y);
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    const anchor = px > frame.left + frame.width * 0.7 ? "end" : "start";
    overlays.push(text(px + (anchor === "end" ? -6 : 6), py - 6, a.text, { "font-size": THEME.noteFontSize, fill: THEME.text, "text-anchor": anchor, ...HALO }));
  }
  return chart.finish(layers, overlays);
}
