/** A map of starting points coloured by the minimum each one reached (basins of attraction). */
import { ShapeError } from "../errors.js";
import { chartSkeleton, type ChartOptions } from "./chart.js";
import type { MinimumMark } from "./contour.js";
import type { LegendEntry } from "./legend.js";
import { el, text } from "./svg.js";
import { HALO, SERIES_COLORS, THEME, marker, paletteColor } from "./theme.js";

export interface BasinMapOptions extends ChartOptions {
  xs: readonly number[];
  ys: readonly number[];
  /** labels[j * xs.length + i]: index into `names` reached from (xs[i], ys[j]); −1 = diverged or none. */
  labels: Int32Array | readonly number[];
  names: readonly string[];
  minima?: readonly MinimumMark[];
  /** Legend text for label −1 (default "diverged / no minimum"). */
  noneLabel?: string;
}

/** The basin map as an SVG string. Runs of equal labels in a row become one rectangle. */
export function basinMap(options: BasinMapOptions): string {
  const { xs, ys, labels, names } = options;
  const nx = xs.length;
  const ny = ys.length;
  if (nx < 2 || ny < 2 || labels.length !== nx * ny) {
    throw new ShapeError(`basin map needs at least 2×2 starts and ${nx}×${ny} labels, got ${labels.length}`);
  }
  const color = (label: number) => (label < 0 || label >= names.length ? THEME.diverged : paletteColor(label, SERIES_COLORS));
  const present = new Set<number>();
  for (let i = 0; i < labels.length; i++) present.add(labels[i]! < 0 || labels[i]! >= names.length ? -1 : labels[i]!);
  const legend: LegendEntry[] = names.map((name, i) => ({ label: name, color: color(i), swatch: true })).filter((_, i) => present.has(i));
  if (present.has(-1)) legend.push({ label: options.noneLabel ?? "diverged / no minimum", color: THEME.diverged, swatch: true });
  if ((options.minima ?? []).length > 0) legend.push({ label: "minimum", color: THEME.text, marker: "star" });
  const dx = (xs[nx - 1]! - xs[0]!) / (nx - 1);
  const dy = (ys[ny - 1]! - ys[0]!) / (ny - 1);
  const chart = chartSkeleton(
    options,
    { domain: [xs[0]! - dx / 2, xs[nx - 1]! + dx / 2], nice: false },
    { domain: [ys[0]! - dy / 2, ys[ny - 1]! + dy / 2], nice: false },
    legend,
  );
  const { x, y } = chart;
  const layers: string[] = [];
  for (let j = 0; j < ny; j++) {
    const top = y.map(ys[j]! + dy / 2);
    const bottom = y.map(ys[j]! - dy / 2);
    let i = 0;
    while (i < nx) {
      const label = labels[j * nx + i]!;
      let end = i + 1;
      while (end < nx && color(labels[j * nx + end]!) === color(label)) end++;
      const left = x.map(xs[i]! - dx / 2);
      const right = x.map(xs[end - 1]! + dx / 2);
      // A hairline of overlap hides anti-aliasing seams between neighbouring cells.
      layers.push(el("rect", { x: left, y: top, width: right - left + 0.3, height: bottom - top + 0.3, fill: color(label), "shape-rendering": "crispEdges" }));
      i = end;
    }
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
