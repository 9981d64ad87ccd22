/** A legend column placed to the right of the plot, so it never covers data. */
import { el, group, num, text } from "./svg.js";
import { THEME, marker, textWidth, type MarkerShape } from "./theme.js";

export interface LegendEntry {
  label: string;
  color: string;
  /** Draw a line sample (solid or dashed). */
  line?: boolean;
  dashed?: boolean;
  /** Draw a marker sample. */
  marker?: MarkerShape;
  /** Draw a filled square sample (categorical areas such as basins). */
  swatch?: boolean;
}

const SAMPLE_WIDTH = 28;
const ROW_HEIGHT = 20;
const MAX_LABEL_CHARS = 34;

/** Labels longer than the legend column are cut with an ellipsis. */
export function legendLabel(label: string): string {
  return label.length > MAX_LABEL_CHARS ? label.slice(0, MAX_LABEL_CHARS - 1) + "…" : label;
}

/** Width the legend column needs (0 when there are no entries). */
export function legendWidth(entries: readonly LegendEntry[]): number {
  if (entries.length === 0) return 0;
  const widest = Math.max(...entries.map((e) => textWidth(legendLabel(e.label), THEME.fontSize)));
  return SAMPLE_WIDTH + 10 + widest + 16;
}

/** The legend with its top-left corner at (x, y). */
export function drawLegend(entries: readonly LegendEntry[], x: number, y: number): string {
  const rows = entries.map((e, i) => {
    const cy = y + ROW_HEIGHT * i + ROW_HEIGHT / 2;
    const parts: string[] = [];
    if (e.swatch) {
      parts.push(el("rect", { x: x + 6, y: cy - 7, width: 16, height: 14, fill: e.color, stroke: THEME.frame, "stroke-width": 0.5 }));
    }
    if (e.line) {
      parts.push(
        el("path", {
          d: `M${num(x)} ${num(cy)}h${SAMPLE_WIDTH}`,
          stroke: e.color,
          "stroke-width": THEME.lineWidth,
          "stroke-dasharray": e.dashed ? "6 4" : undefined,
          fill: "none",
        }),
      );
    }
    if (e.marker) parts.push(marker(e.marker, x + SAMPLE_WIDTH / 2, cy, THEME.markerSize, e.color));
    parts.push(text(x + SAMPLE_WIDTH + 8, cy + 4.5, legendLabel(e.label), { "font-size": THEME.fontSize, fill: THEME.text }));
    return group(parts);
  });
  return group(rows, { class: "legend" });
}
