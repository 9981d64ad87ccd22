/**
 * The skeleton every chart shares: layout (title, margins, legend column), scales, grid, axes
 * and a clip path for the data layer. Charts supply data layers; this module assembles the page.
 */
import { categoryTicks, drawAxes, drawGrid, numericTicks, tickLabelWidth, type AxisTicks, type Frame } from "./axes.js";
import { drawLegend, legendWidth, type LegendEntry } from "./legend.js";
import { linearScale, logScale, type Scale } from "./scale.js";
import { el, group, svgDocument, text } from "./svg.js";
import { THEME } from "./theme.js";

/** Options every chart accepts. */
export interface ChartOptions {
  width?: number;
  height?: number;
  title?: string;
  /** A muted line under the title (e.g. "value minus the known minimum"). */
  subtitle?: string;
  xLabel?: string;
  yLabel?: string;
  /** Prefix for element ids (clip paths, markers), so several SVGs can be inlined in one page. */
  idPrefix?: string;
}

/** How one axis is built. */
export interface AxisSpec {
  domain: readonly [number, number];
  log?: boolean;
  /** Round the domain outwards to tick values (linear only; default true). */
  nice?: boolean;
  /** Category names at 0 … n-1 instead of numeric ticks. */
  categories?: readonly string[];
  tickCount?: number;
}

export interface ChartSkeleton {
  frame: Frame;
  x: Scale;
  y: Scale;
  /** `clip-path` attribute value for layers that must stay inside the frame. */
  clip: string;
  idPrefix: string;
  /** Assemble the document from data layers (drawn in order, clipped) and overlay layers (unclipped). */
  finish(dataLayers: readonly string[], overlays?: readonly string[], defs?: readonly string[]): string;
}

function makeScale(spec: AxisSpec, range: [number, number]): Scale {
  if (spec.log) return logScale(spec.domain, range);
  return linearScale(spec.domain, range, spec.categories ? false : spec.nice ?? true);
}

function makeTicks(spec: AxisSpec, scale: Scale): AxisTicks {
  return spec.categories ? categoryTicks(spec.categories) : numericTicks(scale, spec.tickCount ?? 6);
}

/** Lay out a chart and return its scales and an assembler. */
export function chartSkeleton(options: ChartOptions, xSpec: AxisSpec, ySpec: AxisSpec, legend: readonly LegendEntry[]): ChartSkeleton {
  const width = options.width ?? THEME.width;
  const height = options.height ?? THEME.height;
  const idPrefix = (options.idPrefix ?? "descent").replace(/[^A-Za-z0-9_-]/g, "-");
  // Ticks do not depend on the pixel range, so measure the y labels before choosing margins.
  const yTicksProbe = makeTicks(ySpec, makeScale(ySpec, [0, 1]));
  const titleBlock = (options.title ? 30 : 10) + (options.subtitle ? 18 : 0);
  const left = 16 + (options.yLabel ? 22 : 0) + tickLabelWidth(yTicksProbe) + 10;
  const legendW = legendWidth(legend);
  const right = legendW > 0 ? legendW + 16 : 24;
  const bottom = options.xLabel ? 54 : 34;
  const frame: Frame = {
    left,
    top: titleBlock + 12,
    width: Math.max(60, width - left - right),
    height: Math.max(60, height - titleBlock - 12 - bottom),
  };
  const x = makeScale(xSpec, [frame.left, frame.left + frame.width]);
  const y = makeScale(ySpec, [frame.top + frame.height, frame.top]);
  const xt = makeTicks(xSpec, x);
  const yt = makeTicks(ySpec, y);
  const clipId = `${idPrefix}-clip`;
  const clip = `url(#${clipId})`;

  const finish = (dataLayers: readonly string[], overlays: readonly string[] = [], defs: readonly string[] = []): string => {
    const body: string[] = [];
    const fontAttrs = { "font-family": THEME.fontFamily };
    if (options.title) {
      body.push(text(frame.left, 24, options.title, { "font-size": THEME.titleFontSize, "font-weight": 600, fill: THEME.text }));
    }
    if (options.subtitle) {
      const sy = options.title ? 44 : 22;
      body.push(text(frame.left, sy, options.subtitle, { "font-size": THEME.noteFontSize, fill: THEME.mutedText }));
    }
    body.push(drawGrid(frame, x, y, xt, yt));
    body.push(group([...dataLayers], { "clip-path": clip }));
    body.push(drawAxes(frame, x, y, xt, yt, { x: options.xLabel, y: options.yLabel }));
    body.push(...overlays);
    if (legend.length > 0) body.push(drawLegend(legend, frame.left + frame.width + 16, frame.top));
    const clipDef = el(
      "clipPath",
      { id: clipId },
      el("rect", { x: frame.left, y: frame.top, width: frame.width, height: frame.height }),
    );
    return svgDocument(width, height, [group(body, fontAttrs)], [clipDef, ...defs]);
  };
  return { frame, x, y, clip, idPrefix, finish };
}
