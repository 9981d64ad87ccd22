/** Contour map with trajectories (src/plot's contour chart) and the basin overlay drawn onto it. */
import { contourPlot } from "../../../src/plot/index.js";
import type { Grid } from "../../../src/plot/index.js";
import { THEME } from "../../../src/plot/index.js";
import { basinColor, basinPixels, type BasinOverlay } from "../compute/basins.js";
import type { ContourMap } from "../compute/contour-map.js";
import type { NamedRun } from "../compute/paths.js";
import type { Problem } from "../compute/problem.js";
import type { Curvature } from "../../../src/curvature/index.js";
import { frameOf, toPixels } from "../ui/figure.js";
import { seriesLegend, seriesStyle } from "./series-style.js";

/**
 * The shading under basins: grey, light to mid (ColorBrewer Greys, its darkest steps left out so
 * black paths stay visible), so that the basins' blues and violets are theirs alone.
 */
const GREY_SHADING = Object.freeze(["#fcfcfc", "#f0f0f0", "#e0e0e0", "#d0d0d0", "#bdbdbd", "#a8a8a8", "#969696", "#828282", "#707070"]);

/** Height of a contour figure drawn `width` wide whose legend has `legendRows` rows (20 px each). */
export function contourHeight(width: number, legendRows = 0): number {
  return Math.round(Math.max(Math.min(520, Math.max(320, width * 0.72)), 20 * legendRows + 90));
}

/**
 * The contour SVG over a map computed beforehand (in the contour worker: contour-map.ts), so only
 * the drawing is done here; `upto` cuts every trajectory after that many steps (for replay). Each
 * run is coloured by its optimizer and marked by its start (series-style.ts), and the legend names
 * each colour and each shape once.
 */
export function contourFigure(
  problem: Problem,
  map: ContourMap,
  runs: readonly NamedRun[],
  opts: { width: number; title: string; idPrefix: string; upto?: number; basins?: boolean },
): string {
  const upto = opts.upto ?? Infinity;
  const diverged = (r: NamedRun) => r.run.status === "diverged" && upto >= r.run.steps;
  // The lists the runs index into: optimizer labels and start points.
  const optimizers: string[] = [];
  const starts: (readonly number[])[] = [];
  for (const r of runs) {
    optimizers[r.optimizer] = r.run.optimizer;
    starts[r.start] = r.run.trajectory[0]!;
  }
  const pathLegend = seriesLegend(optimizers, starts, runs.some(diverged));
  // The chart adds start, minimum and two shading rows to the paths' legend.
  const rows = pathLegend.length + 4;
  return contourPlot({
    idPrefix: opts.idPrefix,
    width: opts.width,
    height: contourHeight(opts.width, rows),
    title: opts.title,
    xLabel: "x",
    yLabel: "y",
    grid: map.grid,
    bands: map.bands,
    ...(opts.basins ? { shading: GREY_SHADING } : {}),
    paths: runs.map((r) => ({ name: r.name, points: r.run.trajectory.slice(0, upto + 1), diverged: diverged(r), ...seriesStyle(r) })),
    pathLegend,
    minima: problem.fn.minima.map((m) => ({ point: m.point })),
  });
}

/**
 * Draws the basins as translucent cells under the trajectories of a mounted contour chart,
 * replacing the ones drawn before (null only removes them). The cells are one image, a pixel per
 * start, so a 200 × 200 map is one element rather than hundreds of rectangles, and the SVG export
 * carries it as a data URL. `image` is that PNG's data URL when the worker made it; else it is
 * made here.
 */
export function drawBasinOverlay(svg: SVGSVGElement, grid: Grid, basins: BasinOverlay | null, image: string | null = null): void {
  svg.querySelector("g.basins")?.remove();
  if (!basins) return;
  const px = toPixels(frameOf(svg), [grid.xs[0]!, grid.xs[grid.xs.length - 1]!], [grid.ys[0]!, grid.ys[grid.ys.length - 1]!]);
  const nx = basins.xs.length;
  const ny = basins.ys.length;
  const dx = (basins.xs[nx - 1]! - basins.xs[0]!) / (nx - 1);
  const dy = (basins.ys[ny - 1]! - basins.ys[0]!) / (ny - 1);
  const [x0, y0] = px(basins.xs[0]! - dx / 2, basins.ys[ny - 1]! + dy / 2);
  const [x1, y1] = px(basins.xs[nx - 1]! + dx / 2, basins.ys[0]! - dy / 2);
  const ns = "http://www.w3.org/2000/svg";
  const layer = document.createElementNS(ns, "g");
  layer.setAttribute("class", "basins");
  layer.setAttribute("opacity", "0.38");
  layer.setAttribute("data-resolution", `${nx}x${ny}`);
  const picture = document.createElementNS(ns, "image");
  for (const [k, v] of [["x", x0], ["y", y0], ["width", x1 - x0], ["height", y1 - y0]] as const) picture.setAttribute(k, v.toFixed(1));
  picture.setAttribute("preserveAspectRatio", "none");
  picture.setAttribute("style", "image-rendering: pixelated");
  picture.setAttribute("href", image ?? pngDataUrl(basins));
  layer.append(picture);
  // Inside the clipped data group, after the shaded bands and before the paths.
  const clipped = svg.querySelector("g[clip-path]");
  const firstPath = clipped?.querySelector(":scope > g.path");
  if (clipped) clipped.insertBefore(layer, firstPath ?? null);
}

/** The basin map as a PNG data URL, drawn on a canvas in the page. */
function pngDataUrl(basins: BasinOverlay): string {
  const canvas = document.createElement("canvas");
  canvas.width = basins.xs.length;
  canvas.height = basins.ys.length;
  canvas.getContext("2d")!.putImageData(new ImageData(basinPixels(basins), canvas.width, canvas.height), 0, 0);
  return canvas.toDataURL("image/png");
}

/** Legend entries for the basin colours, as page text (the chart's own legend lists the paths). */
export function basinLegend(basins: BasinOverlay): { name: string; color: string }[] {
  return [...basins.names.map((name, i) => ({ name, color: basinColor(i) })), { name: "diverged / no minimum", color: basinColor(-1) }];
}

/**
 * The Hessian's eigen-directions at a point of a mounted contour chart: a segment through the point
 * along each unit eigenvector (a tenth of the plotted span each way), solid where the function
 * curves up (λ > 0), dashed where it curves down, each labelled with its eigenvalue.
 */
export function drawEigenDirections(svg: SVGSVGElement, grid: Grid, c: Pick<Curvature, "point" | "eigenvalues" | "eigenvectors">): void {
  const xd: [number, number] = [grid.xs[0]!, grid.xs[grid.xs.length - 1]!];
  const yd: [number, number] = [grid.ys[0]!, grid.ys[grid.ys.length - 1]!];
  const px = toPixels(frameOf(svg), xd, yd);
  const span = 0.1 * Math.min(xd[1] - xd[0], yd[1] - yd[0]);
  const ns = "http://www.w3.org/2000/svg";
  const layer = document.createElementNS(ns, "g");
  layer.setAttribute("class", "eigen-directions");
  layer.setAttribute("data-testid", "eigen-directions");
  const [x, y] = c.point as [number, number];
  c.eigenvalues.forEach((lambda, i) => {
    const [vx, vy] = c.eigenvectors[i] as [number, number];
    const [x0, y0] = px(x - span * vx, y - span * vy);
    const [x1, y1] = px(x + span * vx, y + span * vy);
    const line = document.createElementNS(ns, "line");
    for (const [k, v] of [["x1", x0], ["y1", y0], ["x2", x1], ["y2", y1]] as const) line.setAttribute(k, v.toFixed(1));
    line.setAttribute("stroke", THEME.text);
    line.setAttribute("stroke-width", "2");
    if (lambda < 0) line.setAttribute("stroke-dasharray", "5 3");
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", (x1 + 4).toFixed(1));
    label.setAttribute("y", (y1 - 4).toFixed(1));
    label.setAttribute("font-size", "11");
    label.setAttribute("fill", THEME.text);
    label.textContent = `λ${i + 1} = ${Number(lambda.toPrecision(4))}`;
    layer.append(line, label);
  });
  (svg.querySelector("g[clip-path]") ?? svg).append(layer);
}
