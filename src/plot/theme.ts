/**
 * One theme for every figure: font, sizes, colours and marker shapes. Series colours come from
 * the Okabe–Ito palette, which stays distinguishable under the common colour-vision deficiencies;
 * each series also gets its own marker shape so colour is never the only cue.
 */
import { el, num, type Attrs } from "./svg.js";

/** Okabe & Ito (2008), by name. */
export const OKABE_ITO = Object.freeze({
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
});

/** Series colours on a white background, most distinct first (yellow last: weak on white). */
export const SERIES_COLORS: readonly string[] = Object.freeze([
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
]);

/** Series colours over the blue contour shading: warm colours first, blues last. */
export const OVERLAY_COLORS: readonly string[] = Object.freeze([
  OKABE_ITO.orange,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
  OKABE_ITO.skyBlue,
  OKABE_ITO.blue,
]);

/** Shapes for series markers; "ring" (hollow circle) is reserved for start points. */
export type MarkerShape =
  | "circle" | "square" | "triangle" | "diamond" | "triangle-down" | "cross" | "plus" | "star" | "ring"
  | "triangle-left" | "triangle-right" | "pentagon" | "hexagon" | "asterisk";

/** One shape per series, in order; cycles after eight. */
export const MARKER_SHAPES: readonly MarkerShape[] = Object.freeze([
  "circle",
  "square",
  "triangle",
  "diamond",
  "triangle-down",
  "cross",
  "plus",
  "star",
] as MarkerShape[]);

/**
 * Twelve shapes that tell points apart when colour already names something else (the playground
 * gives each start its own shape and each optimizer its own colour). Leaves out "star" (minima)
 * and "ring" (start points).
 */
export const DISTINCT_SHAPES: readonly MarkerShape[] = Object.freeze([
  "circle",
  "square",
  "triangle",
  "diamond",
  "triangle-down",
  "cross",
  "plus",
  "triangle-left",
  "triangle-right",
  "pentagon",
  "hexagon",
  "asterisk",
] as MarkerShape[]);

export const THEME = Object.freeze({
  fontFamily: "Inter, DejaVu Sans, Arial, sans-serif",
  fontSize: 13,
  tickFontSize: 11,
  titleFontSize: 16,
  noteFontSize: 11,
  /** Average advance of one character in ems, for layout without font metrics. */
  charWidthEm: 0.56,
  text: "#222222",
  mutedText: "#555555",
  axis: "#444444",
  grid: "#e6e6e6",
  frame: "#888888",
  lineWidth: 2,
  markerSize: 5,
  contourLine: "#ffffff",
  diverged: "#bdbdbd",
  width: 720,
  height: 440,
});

/** A white outline behind text so labels stay readable over lines and shading. */
export const HALO = Object.freeze({ stroke: "#ffffff", "stroke-width": 3, "stroke-linejoin": "round", "paint-order": "stroke" });

/** Sequential ramp for shading: light (low values) to dark (high values). ColorBrewer Blues. */
export const SHADING_RAMP: readonly string[] = Object.freeze([
  "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b",
]);

/** Colour of series `i` from a palette, cycling. */
export function paletteColor(i: number, palette: readonly string[] = SERIES_COLORS): string {
  return palette[((i % palette.length) + palette.length) % palette.length]!;
}

/** Marker shape of series `i`, cycling. */
export function markerShape(i: number): MarkerShape {
  return MARKER_SHAPES[i % MARKER_SHAPES.length]!;
}

/** Colour at `t` in [0, 1] along the shading ramp, interpolated in RGB. */
export function rampColor(t: number, ramp: readonly string[] = SHADING_RAMP): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1));
  const pos = clamped * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = hexToRgb(ramp[i]!);
  const b = hexToRgb(ramp[i + 1]!);
  const mix = a.map((c, k) => Math.round(c + (b[k]! - c) * f));
  return "#" + mix.map((c) => c.toString(16).padStart(2, "0")).join("");
}

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Estimated rendered width of `s` at `fontSize`, for layout (legends, margins). */
export function textWidth(s: string, fontSize: number): number {
  return s.length * fontSize * THEME.charWidthEm;
}

/**
 * A marker of `shape` centred at (x, y) with radius-like `size`. Open shapes (cross, plus) are
 * stroked; the rest are filled with a thin white outline so overlapping markers stay readable.
 */
export function marker(shape: MarkerShape, x: number, y: number, size: number, color: string, extra: Attrs = {}): string {
  const s = size;
  const filled: Attrs = { fill: color, stroke: "#ffffff", "stroke-width": 0.8, ...extra };
  const stroked: Attrs = { fill: "none", stroke: color, "stroke-width": 2, ...extra };
  const poly = (pts: [number, number][]) => "M" + pts.map(([px, py]) => `${num(x + px)} ${num(y + py)}`).join("L") + "Z";
  switch (shape) {
    case "circle":
      return el("circle", { cx: x, cy: y, r: s, ...filled });
    case "ring":
      return el("circle", { cx: x, cy: y, r: s * 1.3, fill: "#ffffff", "fill-opacity": 0.85, stroke: color, "stroke-width": 2.2, ...extra });
    case "square":
      return el("rect", { x: x - s * 0.85, y: y - s * 0.85, width: s * 1.7, height: s * 1.7, ...filled });
    case "triangle":
      return el("path", { d: poly([[0, -s * 1.15], [s * 1.05, s * 0.75], [-s * 1.05, s * 0.75]]), ...filled });
    case "triangle-down":
      return el("path", { d: poly([[0, s * 1.15], [s * 1.05, -s * 0.75], [-s * 1.05, -s * 0.75]]), ...filled });
    case "diamond":
      return el("path", { d: poly([[0, -s * 1.2], [s, 0], [0, s * 1.2], [-s, 0]]), ...filled });
    case "cross": {
      const k = s * 0.85;
      return el("path", { d: `M${num(x - k)} ${num(y - k)}L${num(x + k)} ${num(y + k)}M${num(x - k)} ${num(y + k)}L${num(x + k)} ${num(y - k)}`, ...stroked });
    }
    case "plus":
      return el("path", { d: `M${num(x - s)} ${num(y)}L${num(x + s)} ${num(y)}M${num(x)} ${num(y - s)}L${num(x)} ${num(y + s)}`, ...stroked });
    case "triangle-left":
      return el("path", { d: poly([[-s * 1.15, 0], [s * 0.75, -s * 1.05], [s * 0.75, s * 1.05]]), ...filled });
    case "triangle-right":
      return el("path", { d: poly([[s * 1.15, 0], [-s * 0.75, -s * 1.05], [-s * 0.75, s * 1.05]]), ...filled });
    case "pentagon":
    case "hexagon": {
      const n = shape === "pentagon" ? 5 : 6;
      const pts: [number, number][] = [];
      for (let k = 0; k < n; k++) {
        const a = -Math.PI / 2 + (2 * k * Math.PI) / n;
        pts.push([s * 1.1 * Math.cos(a), s * 1.1 * Math.sin(a)]);
      }
      return el("path", { d: poly(pts), ...filled });
    }
    case "asterisk": {
      const k = s * 0.85;
      const d = `M${num(x - s)} ${num(y)}L${num(x + s)} ${num(y)}M${num(x - k * 0.6)} ${num(y - k)}L${num(x + k * 0.6)} ${num(y + k)}M${num(x - k * 0.6)} ${num(y + k)}L${num(x + k * 0.6)} ${num(y - k)}`;
      return el("path", { d, ...stroked });
    }
    case "star": {
      const pts: [number, number][] = [];
      for (let k = 0; k < 10; k++) {
        const r = k % 2 === 0 ? s * 1.5 : s * 0.62;
        const a = -Math.PI / 2 + (k * Math.PI) / 5;
        pts.push([r * Math.cos(a), r * Math.sin(a)]);
      }
      return el("path", { d: poly(pts), ...filled });
    }
  }
}
