/** Axes drawn around a plot frame: grid lines, ticks, tick labels and axis labels. */
import type { Scale } from "./scale.js";
import { formatTick } from "./scale.js";
import { el, group, num, text } from "./svg.js";
import { THEME, textWidth } from "./theme.js";

/** The plotting rectangle in pixels. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** How one axis labels its ticks: numbers from the scale, or category names at 0, 1, 2, … */
export interface AxisTicks {
  values: number[];
  labels: string[];
}

/** Tick values and labels for a numeric scale. */
export function numericTicks(scale: Scale, count = 6): AxisTicks {
  const values = scale.ticks(count);
  return { values, labels: values.map(formatTick) };
}

/** Tick values and labels for categories placed at 0 … n-1. */
export function categoryTicks(names: readonly string[]): AxisTicks {
  return { values: names.map((_, i) => i), labels: [...names] };
}

/** Widest tick label, in pixels, for margin layout. */
export function tickLabelWidth(ticks: AxisTicks): number {
  return Math.max(0, ...ticks.labels.map((l) => textWidth(l, THEME.tickFontSize)));
}

/** Light grid lines at the tick positions; drawn under the data. */
export function drawGrid(frame: Frame, x: Scale, y: Scale, xt: AxisTicks, yt: AxisTicks): string {
  const lines: string[] = [];
  const right = frame.left + frame.width;
  const bottom = frame.top + frame.height;
  for (const v of xt.values) {
    const px = x.map(v);
    if (Number.isFinite(px)) lines.push(`M${num(px)} ${num(frame.top)}V${num(bottom)}`);
  }
  for (const v of yt.values) {
    const py = y.map(v);
    if (Number.isFinite(py)) lines.push(`M${num(frame.left)} ${num(py)}H${num(right)}`);
  }
  return el("path", { d: lines.join(""), stroke: THEME.grid, "stroke-width": 1, fill: "none" });
}

/** The frame, tick marks, tick labels and the two axis labels; drawn over the data. */
export function drawAxes(
  frame: Frame,
  x: Scale,
  y: Scale,
  xt: AxisTicks,
  yt: AxisTicks,
  labels: { x?: string; y?: string },
): string {
  const bottom = frame.top + frame.height;
  const parts: string[] = [];
  parts.push(
    el("rect", {
      x: frame.left,
      y: frame.top,
      width: frame.width,
      height: frame.height,
      fill: "none",
      stroke: THEME.frame,
      "stroke-width": 1,
    }),
  );
  const marks: string[] = [];
  const tickText = { "font-size": THEME.tickFontSize, fill: THEME.text };
  xt.values.forEach((v, i) => {
    const px = x.map(v);
    if (!Number.isFinite(px)) return;
    marks.push(`M${num(px)} ${num(bottom)}v5`);
    parts.push(text(px, bottom + 18, xt.labels[i]!, { ...tickText, "text-anchor": "middle" }));
  });
  yt.values.forEach((v, i) => {
    const py = y.map(v);
    if (!Number.isFinite(py)) return;
    marks.push(`M${num(frame.left)} ${num(py)}h-5`);
    parts.push(text(frame.left - 8, py + 4, yt.labels[i]!, { ...tickText, "text-anchor": "end" }));
  });
  parts.push(el("path", { d: marks.join(""), stroke: THEME.axis, "stroke-width": 1, fill: "none" }));
  const labelStyle = { "font-size": THEME.fontSize, fill: THEME.text, "text-anchor": "middle" };
  if (labels.x) parts.push(text(frame.left + frame.width / 2, bottom + 40, labels.x, labelStyle));
  if (labels.y) {
    const lx = frame.left - tickLabelWidth(yt) - 22;
    const ly = frame.top + frame.height / 2;
    parts.push(text(lx, ly, labels.y, { ...labelStyle, transform: `rotate(-90 ${num(lx)} ${num(ly)})` }));
  }
  return group(parts, { class: "axes" });
}
