/**
 * Value per step for several runs, coloured and marked like their paths on the contour map
 * (series-style.ts: one colour per optimizer, one marker per start).
 */
import { lineChart } from "../../../src/plot/index.js";
import { formatTick } from "../../../src/plot/index.js";
import type { NamedRun } from "../compute/paths.js";
import { seriesStyle } from "./series-style.js";

export function valueChart(runs: readonly NamedRun[], opts: { width: number; height: number; idPrefix: string; minValue?: number; upto?: number }): string {
  const shift = opts.minValue ?? 0;
  const cut = (opts.upto ?? Infinity) + 1;
  const series = runs.map((r) => ({
    name: r.name,
    x: r.run.values.slice(0, cut).map((_, k) => k),
    y: r.run.values.slice(0, cut).map((v) => v - shift),
    ...seriesStyle(r),
  }));
  const finite = series.flatMap((s) => s.y.filter(Number.isFinite));
  // Log axis when the values can sit on one: f − f* ≥ 0, or f positive throughout.
  const logY = finite.some((v) => v > 0) && (opts.minValue !== undefined || finite.every((v) => v > 0));
  const yLabel = opts.minValue !== undefined ? `f − f* (f* = ${formatTick(opts.minValue)})` : "f";
  return lineChart({ idPrefix: opts.idPrefix, width: opts.width, height: opts.height, title: "Value per step", xLabel: "step", yLabel, series, logY });
}
