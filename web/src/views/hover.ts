/** Pointer readout over a contour chart: the point, f and ∇f there. */
import type { Problem } from "../compute/problem.js";
import { domainOf } from "../compute/paths.js";
import { dataPoint } from "../ui/figure.js";
import { formatNumber as fmt } from "../ui/format.js";

/** Text for the point under the pointer, or "" outside the plotting frame. */
export function hoverText(svg: SVGSVGElement, event: MouseEvent, problem: Problem, xd: readonly [number, number], yd: readonly [number, number]): string {
  const p = dataPoint(svg, event, xd, yd);
  return p ? pointText(problem, p) : "";
}

/** The point, f and ∇f there, as one line. */
export function pointText(problem: Problem, p: readonly [number, number]): string {
  const g = new Float64Array(2);
  const v = problem.compiled.valueAndGrad(Float64Array.from(p), g);
  return `(x, y) = (${fmt(p[0], 3)}, ${fmt(p[1], 3)})   f = ${fmt(v)}   ∇f = (${fmt(g[0]!)}, ${fmt(g[1]!)})`;
}

/** Keeps `readout` showing the point under the pointer over `figure`'s contour chart. */
export function attachHoverReadout(figure: HTMLElement, readout: HTMLElement, problem: () => Problem | null): void {
  figure.addEventListener("mousemove", (event) => {
    const svg = figure.querySelector("svg");
    const p = problem();
    if (!svg || !p) return;
    const d = domainOf(p);
    readout.textContent = hoverText(svg, event, p, d.x, d.y) || readout.textContent;
  });
}
