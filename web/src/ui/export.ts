/** Export the figure on screen as SVG or PNG (drawn onto a canvas, no server involved) and the run as JSON. */
import { button, h } from "./dom.js";

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function serialize(svg: SVGSVGElement): string {
  return new XMLSerializer().serializeToString(svg);
}

/** The SVG rasterized at `scale` × its own size, as PNG bytes. */
export async function svgToPngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute("width") ?? 720);
  const height = Number(svg.getAttribute("height") ?? 440);
  const url = URL.createObjectURL(new Blob([serialize(svg)], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = h("canvas", { width: width * scale, height: height * scale });
    const ctx = canvas.getContext("2d")!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Export buttons: `figure()` gives the SVG element to save (the first in the figure area),
 * `record()` the JSON-able run record, `name` the file stem.
 */
/** Several charts side by side in one SVG (each kept as a nested <svg>), so an export carries every chart of a view. */
export function combineSvgs(list: readonly SVGSVGElement[]): SVGSVGElement | null {
  if (list.length <= 1) return list[0] ?? null;
  const gap = 12;
  const size = (s: SVGSVGElement, a: string, d: number) => Number(s.getAttribute(a) ?? d);
  const width = list.reduce((w, s) => w + size(s, "width", 720), 0) + gap * (list.length - 1);
  const height = Math.max(...list.map((s) => size(s, "height", 440)));
  const out = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  out.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  out.setAttribute("width", String(width));
  out.setAttribute("height", String(height));
  out.setAttribute("viewBox", `0 0 ${width} ${height}`);
  let x = 0;
  for (const s of list) {
    const copy = s.cloneNode(true) as SVGSVGElement;
    copy.setAttribute("x", String(x));
    copy.setAttribute("y", "0");
    out.append(copy);
    x += size(s, "width", 720) + gap;
  }
  return out;
}

export function exportBar(name: string, figures: () => SVGSVGElement | readonly SVGSVGElement[] | null, record: () => unknown): HTMLElement {
  const figure = () => {
    const f = figures();
    return f === null ? null : "length" in f ? combineSvgs(f) : f;
  };
  const svgButton = button("Export SVG", () => {
    const svg = figure();
    if (svg) download(`${name}.svg`, new Blob([serialize(svg)], { type: "image/svg+xml" }));
  });
  const pngButton = button("Export PNG", () => {
    const svg = figure();
    if (svg) void svgToPngBlob(svg).then((blob) => download(`${name}.png`, blob));
  });
  const jsonButton = button("Export JSON", () => {
    download(`${name}.json`, new Blob([JSON.stringify(record(), null, 2)], { type: "application/json" }));
  });
  return h("div", { class: "export-bar", role: "group", "aria-label": "Export" }, [svgButton, pngButton, jsonButton]);
}

/** The charts shown in these containers (hidden ones left out), in order. */
export function svgsIn(...containers: HTMLElement[]): SVGSVGElement[] {
  return containers.filter((c) => !c.hidden).flatMap((c) => Array.from(c.querySelectorAll<SVGSVGElement>(":scope > svg")));
}
