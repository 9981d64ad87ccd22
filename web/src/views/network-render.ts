/**
 * Drawing for the network view: the decision boundary (or regression surface) as a heat map on a
 * canvas with the train and test points over it, and the loss and metric curves as SVG charts.
 * Colours: one per class (Okabe–Ito, safe for colour-blind readers); regression values run from
 * orange (low) through white to blue (high).
 */
import { contourPlot, lineChart } from "../../../src/plot/index.js";
import type { Landscape } from "../compute/landscape.js";
import { OKABE_ITO } from "../../../src/plot/index.js";
import type { GridOutputs, PlotPoints, Series } from "../compute/network.js";
import type { CurveAxes } from "./live-axes.js";

export const CLASS_COLORS = [OKABE_ITO.orange, OKABE_ITO.blue, OKABE_ITO.bluishGreen, OKABE_ITO.reddishPurple, OKABE_ITO.vermillion, OKABE_ITO.skyBlue];

function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const mix = (a: number[], b: number[], t: number) => a.map((v, i) => Math.round(v + (b[i]! - v) * t));
const WHITE = [255, 255, 255];

/** The colour of a regression value, on a symmetric scale of ±`scale`. */
function valueColor(v: number, scale: number): number[] {
  const t = Math.max(-1, Math.min(1, v / scale));
  return mix(WHITE, rgb(t < 0 ? CLASS_COLORS[0]! : CLASS_COLORS[1]!), Math.abs(t));
}

/** Largest |target| of the points: the regression colour scale. */
export function valueScale(points: PlotPoints): number {
  let m = 1e-9;
  for (const arr of [points.train, points.test]) for (let i = 2; i < arr.length; i += 3) m = Math.max(m, Math.abs(arr[i]!));
  return m;
}

export interface HeatMapOptions {
  /** CSS pixels of the square. */
  size: number;
  showTest: boolean;
}

const MARGIN = { left: 44, bottom: 34, top: 8, right: 8 };

/**
 * Draws the heat map onto the canvas. The points, frame and ticks change only when the run is
 * reset, so they are drawn once into `layer` (kept by the caller) and copied over each frame:
 * the main thread's work per frame stays a few milliseconds.
 */
export class HeatMap {
  private layer: OffscreenCanvas | null = null;
  private layerKey = "";
  private tile: OffscreenCanvas | null = null;
  private image: ImageData | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Forget the points layer (a new run has new points). */
  invalidate(): void {
    this.layerKey = "";
  }

  draw(grid: GridOutputs, points: PlotPoints, opts: HeatMapOptions): void {
    const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    const plot = opts.size - MARGIN.left - MARGIN.right;
    const cssHeight = plot + MARGIN.top + MARGIN.bottom;
    const w = Math.round(opts.size * ratio);
    const hgt = Math.round(cssHeight * ratio);
    const canvas = this.canvas;
    if (canvas.width !== w || canvas.height !== hgt) {
      canvas.width = w;
      canvas.height = hgt;
      // Height follows from the width (CSS height: auto), so a narrow screen scales the figure down.
      canvas.style.width = `${opts.size}px`;
    }
    const key = `${w}x${hgt}:${opts.showTest}:${grid.xDomain}:${grid.yDomain}`;
    if (this.layerKey !== key || !this.layer) {
      this.layer = pointsLayer(grid, points, opts, ratio, plot, cssHeight);
      this.layerKey = key;
    }
    if (!this.tile || this.tile.width !== grid.size) {
      this.tile = new OffscreenCanvas(grid.size, grid.size);
      this.image = new ImageData(grid.size, grid.size);
    }
    fillTile(this.image!, grid, points);
    this.tile.getContext("2d")!.putImageData(this.image!, 0, 0);
    const ctx = canvas.getContext("2d")!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.tile, MARGIN.left * ratio, MARGIN.top * ratio, plot * ratio, plot * ratio);
    ctx.drawImage(this.layer, 0, 0);
  }
}

/** One colour per grid cell: the likeliest class, paler where the network is unsure; or the value. */
function fillTile(image: ImageData, grid: GridOutputs, points: PlotPoints): void {
  const regression = grid.classes === 1;
  const scale = regression ? valueScale(points) : 1;
  const colors = CLASS_COLORS.map(rgb);
  const k = grid.classes;
  for (let cell = 0; cell < grid.size * grid.size; cell++) {
    let c: number[];
    if (regression) c = valueColor(grid.values[cell]!, scale);
    else {
      let best = 0;
      for (let j = 1; j < k; j++) if (grid.values[cell * k + j]! > grid.values[cell * k + best]!) best = j;
      const confidence = (grid.values[cell * k + best]! - 1 / k) / (1 - 1 / k);
      c = mix(WHITE, colors[best]!, 0.75 * Math.max(0, confidence));
    }
    const o = cell * 4;
    image.data[o] = c[0]!;
    image.data[o + 1] = c[1]!;
    image.data[o + 2] = c[2]!;
    image.data[o + 3] = 255;
  }
}

/** Everything but the heat map: white margins, points, frame, ticks and axis names (transparent plot area). */
function pointsLayer(grid: GridOutputs, points: PlotPoints, opts: HeatMapOptions, ratio: number, plot: number, cssHeight: number): OffscreenCanvas {
  const layer = new OffscreenCanvas(Math.round(opts.size * ratio), Math.round(cssHeight * ratio));
  const ctx = layer.getContext("2d")!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, opts.size, MARGIN.top);
  ctx.fillRect(0, 0, MARGIN.left, cssHeight);
  ctx.fillRect(0, MARGIN.top + plot, opts.size, cssHeight);
  ctx.fillRect(MARGIN.left + plot, 0, opts.size, cssHeight);
  const regression = grid.classes === 1;
  const scale = regression ? valueScale(points) : 1;
  const [x0, x1] = grid.xDomain;
  const [y0, y1] = grid.yDomain;
  const margin = MARGIN;
  const px = (x: number) => margin.left + ((x - x0) / (x1 - x0)) * plot;
  const py = (y: number) => margin.top + plot - ((y - y0) / (y1 - y0)) * plot;
  const drawSet = (arr: Float32Array, test: boolean) => {
    for (let i = 0; i < arr.length; i += 3) {
      const t = arr[i + 2]!;
      ctx.beginPath();
      ctx.arc(px(arr[i]!), py(arr[i + 1]!), test ? 3.6 : 3.2, 0, 2 * Math.PI);
      const c = regression ? valueColor(t, scale) : rgb(CLASS_COLORS[t] ?? "#000000");
      ctx.fillStyle = `rgb(${c.join(",")})`;
      ctx.fill();
      ctx.lineWidth = test ? 1.6 : 1;
      ctx.strokeStyle = test ? "#000" : "#fff";
      ctx.stroke();
    }
  };
  ctx.save();
  ctx.beginPath();
  ctx.rect(margin.left, margin.top, plot, plot);
  ctx.clip();
  drawSet(points.train, false);
  if (opts.showTest) drawSet(points.test, true);
  ctx.restore();
  ctx.strokeStyle = "#666";
  ctx.lineWidth = 1;
  ctx.strokeRect(margin.left + 0.5, margin.top + 0.5, plot - 1, plot - 1);
  ctx.fillStyle = "#333";
  ctx.font = "12px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of ticks(x0, x1)) ctx.fillText(tickText(t), px(t), margin.top + plot + 4);
  ctx.fillText(points.xLabel, margin.left + plot / 2, margin.top + plot + 18);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of ticks(y0, y1)) ctx.fillText(tickText(t), margin.left - 4, py(t));
  ctx.save();
  ctx.translate(11, margin.top + plot / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillText(points.yLabel, 0, 0);
  ctx.restore();
  return layer;
}

/** About five round ticks inside [a, b]. */
function ticks(a: number, b: number): number[] {
  const raw = (b - a) / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(a / step) * step; t <= b + 1e-9; t += step) out.push(Math.abs(t) < 1e-12 ? 0 : t);
  return out;
}

function tickText(v: number): string {
  return String(Number(v.toPrecision(3))).replace(/^-/, "−");
}

/**
 * Train and test loss against updates (log scale), on the run's axes (live-axes.ts); `at`: the
 * update the scrubber shows, marked with a vertical line.
 */
export function lossCurves(series: Series, axes: CurveAxes, width: number, height: number, at?: number): string {
  return lineChart({
    ...(at === undefined ? {} : { verticalLines: [{ x: at, label: "shown" }] }),
    xDomain: [0, axes.updates],
    yDomain: axes.loss,
    idPrefix: "net-loss",
    width,
    height,
    title: "Loss",
    xLabel: "updates",
    yLabel: "loss",
    logY: true,
    series: [
      { name: "train", x: series.updates, y: series.trainLoss, color: OKABE_ITO.blue },
      { name: "test", x: series.updates, y: series.testLoss, color: OKABE_ITO.vermillion, dashed: true },
    ],
  });
}

/** Train and test accuracy (or R², cut at −1) against updates, on the run's axes. */
export function metricCurves(series: Series, metric: "accuracy" | "r2", axes: CurveAxes, width: number, height: number, at?: number): string {
  const cut = (v: number) => (metric === "r2" ? Math.max(-1, v) : v);
  return lineChart({
    ...(at === undefined ? {} : { verticalLines: [{ x: at, label: "shown" }] }),
    idPrefix: "net-metric",
    width,
    height,
    title: metric === "r2" ? "R²" : "Accuracy",
    xLabel: "updates",
    yLabel: metric === "r2" ? "R²" : "accuracy",
    xDomain: [0, axes.updates],
    yDomain: axes.metric,
    series: [
      { name: "train", x: series.updates, y: series.trainMetric.map(cut), color: OKABE_ITO.blue },
      { name: "test", x: series.updates, y: series.testMetric.map(cut), color: OKABE_ITO.vermillion, dashed: true },
    ],
  });
}

/** The three landscape figures: random filter-normalized slice, PCA plane with the path, start→now line. */
export function landscapeFigures(l: Landscape, width: number): { random: string; pca: string | null; line: string } {
  const height = Math.round(width * 0.8);
  const random = contourPlot({
    idPrefix: "land-random", width, height, grid: l.random, thresholds: "quantile", levels: 12,
    title: "Loss on a random 2-D slice", subtitle: "filter-normalized random directions (Li et al. 2018)",
    xLabel: "α (along δ)", yLabel: "β (along η)", minima: [{ point: [0, 0], label: "now" }],
  });
  const pca = l.pca && contourPlot({
    idPrefix: "land-pca", width, height, grid: l.pca.grid, thresholds: "quantile", levels: 12,
    title: "The path so far, on its PCA plane",
    subtitle: `the two directions explain ${(100 * l.pca.explained[0]).toFixed(0)} % and ${(100 * l.pca.explained[1]).toFixed(0)} % of the path's spread`,
    xLabel: "1st PCA direction", yLabel: "2nd PCA direction", paths: [{ name: "training path", points: l.pca.path }], minima: [{ point: [0, 0], label: "now" }],
  });
  const line = lineChart({
    idPrefix: "land-line", width, height: Math.round(width * 0.5), title: "Loss from the start (t = 0) to now (t = 1)",
    xLabel: "t", yLabel: "training loss", logY: true, series: [{ name: "loss", x: l.line.t, y: l.line.loss, color: OKABE_ITO.blue }], hideLegend: true,
  });
  return { random, pca, line };
}
