/**
 * Inlines an SVG figure from src/plot in the page and maps pointer positions back to data
 * coordinates. The charts record their plotting frame as the clip-path rectangle, and the data
 * interval is known to the caller (the same one the chart was given, after its own rounding).
 */

export interface FrameRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Replaces the container's content with the SVG (XML prolog dropped) and returns the element. */
export function mountSvg(container: HTMLElement, svg: string, label: string): SVGSVGElement {
  container.innerHTML = svg.replace(/^<\?xml[^>]*>\s*/, "");
  const el = container.querySelector("svg") as SVGSVGElement;
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", label);
  return el;
}

/** The plotting frame: the first clip-path rectangle in the figure. */
export function frameOf(svg: SVGSVGElement): FrameRect {
  const r = svg.querySelector("clipPath rect");
  const n = (a: string) => Number(r?.getAttribute(a) ?? 0);
  return { left: n("x"), top: n("y"), width: n("width"), height: n("height") };
}

/** Pointer event → SVG user coordinates (the chart's pixels before scaling to the screen). */
export function svgPoint(svg: SVGSVGElement, event: MouseEvent): [number, number] {
  const ctm = svg.getScreenCTM();
  if (!ctm) return [NaN, NaN];
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
  return [p.x, p.y];
}

/**
 * Pointer event → data coordinates for a chart whose frame shows xDomain × yDomain (y up),
 * or null when the pointer is outside the frame.
 */
export function dataPoint(
  svg: SVGSVGElement,
  event: MouseEvent,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
): [number, number] | null {
  const f = frameOf(svg);
  const [px, py] = svgPoint(svg, event);
  if (!(px >= f.left && px <= f.left + f.width && py >= f.top && py <= f.top + f.height)) return null;
  const x = xDomain[0] + ((px - f.left) / f.width) * (xDomain[1] - xDomain[0]);
  const y = yDomain[0] + ((f.top + f.height - py) / f.height) * (yDomain[1] - yDomain[0]);
  return [x, y];
}

/** Data → SVG user coordinates (inverse of dataPoint), for overlays drawn on a mounted chart. */
export function toPixels(f: FrameRect, xDomain: readonly [number, number], yDomain: readonly [number, number]) {
  return (x: number, y: number): [number, number] => [
    f.left + ((x - xDomain[0]) / (xDomain[1] - xDomain[0])) * f.width,
    f.top + f.height - ((y - yDomain[0]) / (yDomain[1] - yDomain[0])) * f.height,
  ];
}

/**
 * Width to draw a chart at: the container's, but never under 540 so the legend column leaves
 * room for the plot on a phone (the SVG then scales down to fit).
 */
export function figureWidth(container: HTMLElement, max: number): number {
  return Math.round(Math.max(540, Math.min(max, container.clientWidth || max)));
}
