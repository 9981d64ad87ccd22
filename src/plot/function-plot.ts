/** A 1-D function curve with the gradient-descent iterates joined by arrows, as in the article. */
import { chartSkeleton, type ChartOptions } from "./chart.js";
import type { LegendEntry } from "./legend.js";
import { finiteExtent } from "./scale.js";
import { el, group, num, polylinePath, text } from "./svg.js";
import { HALO, OKABE_ITO, THEME, marker } from "./theme.js";

export interface FunctionPlot1DOptions extends ChartOptions {
  curve: { x: readonly number[]; y: readonly number[] };
  /** The iterates: steps.x[k] is x after k updates, steps.y[k] = f(steps.x[k]). */
  steps: { x: readonly number[]; y: readonly number[] };
  curveName?: string;
  stepsName?: string;
  /** When set, a "diverged at step k" label is shown. */
  divergedAt?: number;
  /** Most arrows drawn; later iterates are drawn as points only. Default 80. */
  maxArrows?: number;
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
}

/** Arrowhead marker definition, coloured like the steps. */
function arrowDef(id: string, color: string): string {
  return el(
    "marker",
    { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" },
    el("path", { d: "M0 0L10 5L0 10Z", fill: color }),
  );
}

/** The curve and the iterates as an SVG string. The domain follows the curve; iterates outside it are clipped. */
export function functionPlot1D(options: FunctionPlot1DOptions): string {
  const curveColor = OKABE_ITO.blue;
  const stepColor = OKABE_ITO.vermillion;
  const xDomain = options.xDomain ?? finiteExtent(options.curve.x) ?? [0, 1];
  const yDomain = options.yDomain ?? finiteExtent(options.curve.y) ?? [0, 1];
  const legend: LegendEntry[] = [
    { label: options.curveName ?? "f(x)", color: curveColor, line: true },
    { label: options.stepsName ?? "gradient descent steps", color: stepColor, marker: "circle" },
    { label: "start", color: stepColor, marker: "ring" },
  ];
  const chart = chartSkeleton(options, { domain: xDomain }, { domain: yDomain }, legend);
  const { x, y, frame } = chart;
  const arrowId = `${chart.idPrefix}-arrow`;
  const curvePts = options.curve.x.map((cx, i): [number, number] | null => {
    const px = x.map(cx);
    const py = y.map(options.curve.y[i]!);
    return Number.isFinite(px) && Number.isFinite(py) ? [px, py] : null;
  });
  const layers: string[] = [el("path", { d: polylinePath(curvePts), fill: "none", stroke: curveColor, "stroke-width": 2.2 })];
  const n = Math.min(options.steps.x.length, options.steps.y.length);
  const pts: ([number, number] | null)[] = [];
  for (let k = 0; k < n; k++) {
    const px = x.map(options.steps.x[k]!);
    const py = y.map(options.steps.y[k]!);
    // Keep far-away iterates finite but well outside the frame so the arrow leaves in the right direction.
    pts.push(Number.isFinite(px) && Number.isFinite(py) ? [clampPx(px, frame.left, frame.width), clampPx(py, frame.top, frame.height)] : null);
    // Past the first iterate outside the frame nothing more can be seen, and resvg 2.6 panics on
    // clipped groups whose content lies wholly outside the clip: stop at the first one that leaves.
    if (!insideFrame(px, py, frame)) break;
  }
  const arrows: string[] = [];
  const maxArrows = options.maxArrows ?? 80;
  for (let k = 0; k + 1 < n && k < maxArrows; k++) {
    const a = pts[k];
    const b = pts[k + 1];
    if (!a || !b) continue;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    if (len < 9) continue; // too short for an arrowhead to read
    const trim = THEME.markerSize + 1; // stop at the point's edge
    const ux = dx / len;
    const uy = dy / len;
    arrows.push(`M${num(a[0] + ux * trim)} ${num(a[1] + uy * trim)}L${num(b[0] - ux * trim)} ${num(b[1] - uy * trim)}`);
  }
  // An SVG marker-end only decorates a path's last vertex, so every arrow is its own path.
  for (const d of arrows) layers.push(el("path", { d, fill: "none", stroke: stepColor, "stroke-width": 1.4, "marker-end": `url(#${arrowId})` }));
  const dots = pts.map((p) => (p ? marker("circle", p[0], p[1], 4, stepColor) : "")).filter((s) => s !== "");
  layers.push(group(dots));
  if (pts[0]) layers.push(marker("ring", pts[0][0], pts[0][1], THEME.markerSize + 1, stepColor));
  const overlays: string[] = [];
  if (options.divergedAt !== undefined) {
    overlays.push(
      text(frame.left + frame.width - 10, frame.top + 20, `diverged at step ${options.divergedAt}`, {
        "font-size": THEME.fontSize,
        "font-weight": 600,
        fill: stepColor,
        "text-anchor": "end",
        ...HALO,
      }),
    );
  }
  return chart.finish(layers, overlays, [arrowDef(arrowId, stepColor)]);
}

function insideFrame(px: number, py: number, f: { left: number; top: number; width: number; height: number }): boolean {
  return px >= f.left && px <= f.left + f.width && py >= f.top && py <= f.top + f.height;
}

/** Clamp a pixel coordinate to a band a little wider than the frame (SVG renderers dislike 1e300). */
function clampPx(v: number, start: number, size: number): number {
  return Math.min(start + size * 3, Math.max(start - size * 2, v));
}
