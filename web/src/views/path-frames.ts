/**
 * Fast frames for a playing contour map. Redrawing the whole map recomputes its contour bands
 * (about 10–100 ms), too slow for every animation frame, so while a timeline plays the mounted
 * full-run chart is kept and only its path overlays are cut to the first k + 1 points, with a dot
 * at each path's head. A paused or scrubbed position is drawn in full again.
 */
import { polylinePath } from "../../../src/plot/index.js";
import type { Grid } from "../../../src/plot/index.js";
import type { NamedRun } from "../compute/paths.js";
import { frameOf, toPixels } from "../ui/figure.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Cuts each path overlay (`g.path`, in run order) of a mounted contour chart to step k. */
export function cutPaths(svg: SVGSVGElement, grid: Grid, runs: readonly NamedRun[], k: number): void {
  const px = toPixels(frameOf(svg), [grid.xs[0]!, grid.xs[grid.xs.length - 1]!], [grid.ys[0]!, grid.ys[grid.ys.length - 1]!]);
  const groups = svg.querySelectorAll<SVGGElement>("g.path");
  runs.forEach((r, i) => {
    const g = groups[i];
    if (!g) return;
    // As the chart maps them: a point off any sensible scale breaks the line.
    const pts = r.run.trajectory.slice(0, k + 1).map((q): [number, number] | null => {
      const [x, y] = px(q[0]!, q[1]!);
      return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) < 1e6 && Math.abs(y) < 1e6 ? [x, y] : null;
    });
    const d = polylinePath(pts);
    const lines = g.querySelectorAll(":scope > path");
    // The first two children are the halo and the coloured line; markers follow.
    for (const line of Array.from(lines).slice(0, 2)) line.setAttribute("d", d);
    if (!g.dataset.cut) {
      g.dataset.cut = "1";
      for (const extra of Array.from(g.children).slice(2)) if (!extra.matches("circle:last-child")) extra.remove();
      const head = document.createElementNS(SVG_NS, "circle");
      head.setAttribute("class", "head");
      head.setAttribute("r", "4.5");
      head.setAttribute("fill", lines[1]?.getAttribute("stroke") ?? "#000");
      head.setAttribute("stroke", "#fff");
      g.append(head);
    }
    const head = g.querySelector<SVGCircleElement>("circle.head")!;
    const last = [...pts].reverse().find((p) => p !== null);
    head.setAttribute("visibility", last ? "visible" : "hidden");
    if (last) {
      head.setAttribute("cx", last[0].toFixed(2));
      head.setAttribute("cy", last[1].toFixed(2));
    }
  });
}
