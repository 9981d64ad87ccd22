/**
 * Filled contour plot of a sampled 2-D function with optimization paths on top. Shading follows
 * the article: lighter is lower. Thresholds can follow quantiles or log spacing because
 * functions like Rosenbrock span many orders of magnitude.
 */
import { contours } from "d3-contour";
import { ShapeError } from "../errors.js";
import { chartSkeleton, type ChartOptions } from "./chart.js";
import type { Grid } from "./grid.js";
import type { LegendEntry } from "./legend.js";
import { el, group, num, polylinePath, text } from "./svg.js";
import { HALO, OVERLAY_COLORS, SHADING_RAMP, THEME, marker, markerShape, paletteColor, rampColor, type MarkerShape } from "./theme.js";

export interface PathOverlay {
  name: string;
  /** Points [x, y] (extra coordinates are ignored); non-finite points break the line. */
  points: readonly (readonly number[])[];
  diverged?: boolean;
  /** Colour and marker shape of this path (default: the i-th overlay colour and shape). */
  color?: string;
  marker?: MarkerShape;
}

export interface MinimumMark {
  point: readonly number[];
  label?: string;
}

export type ThresholdMode = "quantile" | "log" | "linear";

export interface ContourPlotOptions extends ChartOptions {
  grid: Grid;
  paths?: readonly PathOverlay[];
  minima?: readonly MinimumMark[];
  /** Mark path starts (default true). */
  starts?: boolean;
  /** How contour levels are spaced (default "quantile"), or explicit levels. */
  thresholds?: ThresholdMode | readonly number[];
  /** Shorthand for thresholds: "log". */
  logShading?: boolean;
  /** The shading ramp, light (low f) to dark (high f); default SHADING_RAMP (ColorBrewer Blues). */
  shading?: readonly string[];
  /** Number of levels (default 14). */
  levels?: number;
  /** Most markers drawn along one path (default 30); the line itself keeps every point. */
  maxMarkers?: number;
  /**
   * Legend entries for the paths, in place of one entry per path (e.g. one per colour and one per
   * marker when colour and shape each name something).
   */
  pathLegend?: readonly LegendEntry[];
  /**
   * The filled bands, computed beforehand by `contourBands` for this grid and these threshold
   * options (e.g. in a Web Worker), so drawing only writes them out.
   */
  bands?: ContourBands;
}

/**
 * The filled contour bands of a grid: the levels, and per band its rings in d3-contour's grid
 * coordinates (sample i at i + 0.5), packed so they cross to another thread as a few buffers.
 */
export interface ContourBands {
  /** Grid size the bands were traced on (nx, ny). */
  size: readonly [number, number];
  levels: number[];
  /** Band k's ring points, x and y interleaved. */
  coords: Float64Array[];
  /** Band k's ring ends, in points: ring r is points ringEnds[r − 1] (or 0) up to ringEnds[r]. */
  ringEnds: Uint32Array[];
}

/** Contour levels for the finite values, strictly increasing. */
export function contourThresholds(values: ArrayLike<number>, mode: ThresholdMode, levels: number): number[] {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return [];
  const lo = finite[0]!;
  const hi = finite[finite.length - 1]!;
  if (hi <= lo) return [];
  const out: number[] = [];
  for (let k = 1; k < levels; k++) {
    const t = k / levels;
    let v: number;
    if (mode === "quantile") v = finite[Math.min(finite.length - 1, Math.floor(t * finite.length))]!;
    else if (mode === "log") v = lo + (hi - lo) * 10 ** (-6 * (1 - t)); // six decades above the minimum
    else v = lo + (hi - lo) * t;
    if (v > lo && v < hi && (out.length === 0 || v > out[out.length - 1]!)) out.push(v);
  }
  return out;
}

/** Grid values with non-finite entries (overflow) replaced by the largest finite value: they shade darkest. */
function finiteValues(values: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!) && values[i]! > max) max = values[i]!;
  const fill = Number.isFinite(max) ? max : 0;
  return Array.from(values, (v) => (Number.isFinite(v) ? v : fill));
}

function checkGrid({ xs, ys, values }: Grid): void {
  if (xs.length < 2 || ys.length < 2 || values.length !== xs.length * ys.length) {
    throw new ShapeError(`contour grid needs at least 2×2 points and ${xs.length}×${ys.length} values, got ${values.length}`);
  }
}

/** The levels and filled bands `contourPlot` draws for this grid and these threshold options: the plot's numeric work. */
export function contourBands(grid: Grid, options: Pick<ContourPlotOptions, "thresholds" | "logShading" | "levels"> = {}): ContourBands {
  checkGrid(grid);
  const nx = grid.xs.length;
  const ny = grid.ys.length;
  const mode: ThresholdMode = options.logShading ? "log" : typeof options.thresholds === "string" ? options.thresholds : "quantile";
  const data = finiteValues(grid.values);
  const levels = Array.isArray(options.thresholds) ? [...(options.thresholds as number[])] : contourThresholds(data, mode, options.levels ?? 14);
  const coords: Float64Array[] = [];
  const ringEnds: Uint32Array[] = [];
  for (const band of contours().size([nx, ny]).thresholds(levels)(data)) {
    const rings = band.coordinates.flat();
    const ends = new Uint32Array(rings.length);
    let n = 0;
    rings.forEach((ring, r) => (ends[r] = n += ring.length));
    const xy = new Float64Array(2 * n);
    let i = 0;
    for (const ring of rings) for (const [gx, gy] of ring) (xy[i++] = gx!), (xy[i++] = gy!);
    coords.push(xy);
    ringEnds.push(ends);
  }
  return { size: [nx, ny], levels, coords, ringEnds };
}

/** The filled contour plot as an SVG string. */
export function contourPlot(options: ContourPlotOptions): string {
  const { xs, ys } = options.grid;
  const nx = xs.length;
  const ny = ys.length;
  checkGrid(options.grid);
  const { levels, coords, ringEnds, size } = options.bands ?? contourBands(options.grid, options);
  if (size[0] !== nx || size[1] !== ny) throw new ShapeError(`contour bands were traced on a ${size[0]}×${size[1]} grid, not this ${nx}×${ny} one`);
  const paths = options.paths ?? [];
  const styled = paths.map((p, i) => ({ ...p, color: p.color ?? paletteColor(i, OVERLAY_COLORS), shape: p.marker ?? markerShape(i) }));
  const legend: LegendEntry[] = options.pathLegend
    ? [...options.pathLegend]
    : styled.map((p) => ({ label: p.diverged ? `${p.name} (diverged)` : p.name, color: p.color, line: true, marker: p.shape }));
  if (paths.length > 0 && options.starts !== false) legend.push({ label: "start", color: THEME.text, marker: "ring" });
  if ((options.minima ?? []).length > 0) legend.push({ label: "minimum", color: THEME.text, marker: "star" });
  const ramp = options.shading ?? SHADING_RAMP;
  legend.push({ label: "lower f (lighter)", color: rampColor(1 / 8, ramp), swatch: true });
  legend.push({ label: "higher f (darker)", color: rampColor(7 / 8, ramp), swatch: true });

  const chart = chartSkeleton(options, { domain: [xs[0]!, xs[nx - 1]!], nice: false }, { domain: [ys[0]!, ys[ny - 1]!], nice: false }, legend);
  const { x, y } = chart;
  // d3-contour puts sample i at grid coordinate i + 0.5; convert back to data, then to pixels.
  const dx = (xs[nx - 1]! - xs[0]!) / (nx - 1);
  const dy = (ys[ny - 1]! - ys[0]!) / (ny - 1);
  const gridToPx = (gx: number, gy: number): string => `${num(x.map(xs[0]! + (gx - 0.5) * dx))} ${num(y.map(ys[0]! + (gy - 0.5) * dy))}`;
  const layers: string[] = [
    el("rect", { x: chart.frame.left, y: chart.frame.top, width: chart.frame.width, height: chart.frame.height, fill: rampColor(0, ramp) }),
  ];
  coords.forEach((xy, k) => {
    let d = "";
    let from = 0;
    for (const end of ringEnds[k]!) {
      const ring: string[] = [];
      for (let i = from; i < end; i++) ring.push(gridToPx(xy[2 * i]!, xy[2 * i + 1]!));
      d += "M" + ring.join("L") + "Z";
      from = end;
    }
    if (d === "") return;
    const shade = rampColor((k + 1) / (levels.length + 1), ramp);
    layers.push(el("path", { d, fill: shade, "fill-rule": "evenodd", stroke: THEME.contourLine, "stroke-opacity": 0.55, "stroke-width": 0.7 }));
  });
  const maxMarkers = options.maxMarkers ?? 30;
  for (const p of styled) {
    const pts = p.points.map((q): [number, number] | null => {
      const px = x.map(q[0]!);
      const py = y.map(q[1]!);
      return Number.isFinite(px) && Number.isFinite(py) && Math.abs(px) < 1e6 && Math.abs(py) < 1e6 ? [px, py] : null;
    });
    const d = polylinePath(pts);
    const parts = [
      el("path", { d, fill: "none", stroke: "#ffffff", "stroke-width": 4.5, "stroke-opacity": 0.8, "stroke-linejoin": "round" }),
      el("path", { d, fill: "none", stroke: p.color, "stroke-width": 2, "stroke-linejoin": "round" }),
    ];
    // Markers every few points, but never closer than 12 px: dense stretches would blur into a bar.
    const step = Math.max(1, Math.ceil(pts.length / maxMarkers));
    let lastMark: [number, number] | null = null;
    for (let i = 0; i < pts.length; i += step) {
      const q = pts[i];
      if (!q || (lastMark && Math.hypot(q[0] - lastMark[0], q[1] - lastMark[1]) < 12)) continue;
      parts.push(marker(p.shape, q[0], q[1], 4, p.color));
      lastMark = q;
    }
    const last = lastFinite(pts);
    if (last && p.diverged) parts.push(marker("cross", last[0], last[1], 7, p.color));
    if (options.starts !== false && pts[0]) parts.push(marker("ring", pts[0][0], pts[0][1], 5.5, p.color));
    layers.push(group(parts, { class: "path", "data-name": p.name, "data-color": p.color, "data-marker": p.shape }));
  }
  for (const m of options.minima ?? []) {
    const px = x.map(m.point[0]!);
    const py = y.map(m.point[1]!);
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    layers.push(marker("star", px, py, 6, THEME.text));
    if (m.label) layers.push(text(px + 10, py - 8, m.label, { "font-size": THEME.noteFontSize, fill: THEME.text, ...HALO }));
  }
  return chart.finish(layers);
}

function lastFinite(pts: readonly ([number, number] | null)[]): [number, number] | null {
  for (let i = pts.length - 1; i >= 0; i--) if (pts[i]) return pts[i]!;
  return null;
}
