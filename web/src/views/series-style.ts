/**
 * How the 2-D and race views tell runs apart: one colour per optimizer and one marker shape per
 * start, so every (optimizer, start) pair has its own (colour, marker) and the legend names each
 * colour once and each shape once instead of listing every pair.
 */
import { DISTINCT_SHAPES, OVERLAY_COLORS, THEME, type LegendEntry, type MarkerShape } from "../../../src/plot/index.js";
import { startName } from "../compute/paths.js";

export interface SeriesStyle {
  color: string;
  marker: MarkerShape;
}

/**
 * The colour of optimizer `optimizer` (its index in the list) and the shape of start `start`. The
 * state allows no more optimizers than colours and no more starts than shapes (a test checks it),
 * so neither ever cycles.
 */
export function seriesStyle(run: { optimizer: number; start: number }): SeriesStyle {
  return { color: OVERLAY_COLORS[run.optimizer]!, marker: DISTINCT_SHAPES[run.start]! };
}

/**
 * Legend entries: each optimizer as a line in its colour, then each start as its shape in the
 * text colour (only when there are several starts: one start's shape tells nothing apart), and a
 * cross for the end of a diverged run when one diverged.
 */
export function seriesLegend(optimizers: readonly string[], starts: readonly (readonly number[])[], anyDiverged: boolean): LegendEntry[] {
  const entries: LegendEntry[] = optimizers.map((label, o) => ({ label, color: OVERLAY_COLORS[o]!, line: true }));
  if (starts.length > 1) starts.forEach((p, s) => entries.push({ label: `from ${startName(p)}`, color: THEME.text, marker: DISTINCT_SHAPES[s]! }));
  if (anyDiverged) entries.push({ label: "diverged (end)", color: THEME.text, marker: "cross" });
  return entries;
}
