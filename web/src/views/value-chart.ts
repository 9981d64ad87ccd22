/**
 * Value per step for several runs, coloured and marked like their paths on the contour map
 * (series-style.ts: one colour per optimizer, one marker per start).
 */
import { lineChart } from "../../../src/plot/index.js";
import { finiteExtent, formatTick } from "../../../src/plot/index.js";
import type { NamedRun } from "../compute/paths.js";
import { seriesStyle } from "./series-style.js";

/**
 * The chart at step `upto` (the whole run when absent). The axes, and the choice of a log axis,
 * always come from the whole run, so they stay fixed while a replay draws the first steps.
 */
export function valueChart(runs: readonly NamedRun[], opts: { width: number; height: number; idPrefix: string; minValue?: number; upto?: number }): string {
  const shift = opts.minValue ?? 0;
  const cut = (opts.upto ?? Infinity) + 1;
  const whole = runs.map((r) => r.run.values.map((v) => v - shift));
  const series = runs.map((r, i) => ({
    name: r.name,
    x: whole[i]!.slice(0, cut).map((_, k) => k),
    y: whole[i]!.slice(0, cut),
    ...seriesStyle(r),
  }));
  const finite = whole.flat().filter(Number.isFinite);
  // Log axis when the values can sit on one: f − f* ≥ 0, or f positive throughout.
  const logY = finite.some((v) => v > 0) && (opts.minValue !== undefined || finite.every((v) => v > 0));
  const yLabel = opts.minValue !== undefined ? `f − f* (f* = ${formatTick(opts.minValue)})` : "f";
  const xDomain = finiteExtent(whole.flatMap((w) => w.map((_, k) => k)));
  const yDomain = finiteExtent(finite, logY);
  return lineChart({ idPrefix: opts.idPrefix, width: opts.width, height: opts.height, title: "Value per step", xLabel: "step", yLabel, series, logY, ...(xDomain ? { xDomain } : {}), ...(yDomain ? { yDomain } : {}) });
}
