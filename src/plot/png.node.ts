/**
 * SVG → PNG through @resvg/resvg-js, with the bundled Inter font and no system fonts, so text
 * renders identically on a bare machine and the same SVG always gives the same bytes.
 */
import { Resvg } from "@resvg/resvg-js";
import { fileURLToPath } from "node:url";
import { OptionError } from "../errors.js";

/** Bundled fonts; the path is the same from src/plot (tsx) and dist/plot (compiled). */
export const FONT_FILES: readonly string[] = Object.freeze([
  fileURLToPath(new URL("../../assets/fonts/Inter_400Regular.ttf", import.meta.url)),
  fileURLToPath(new URL("../../assets/fonts/Inter_600SemiBold.ttf", import.meta.url)),
]);

export interface PngOptions {
  /** Output width in pixels; the height keeps the SVG's aspect ratio. Default: the SVG's own width. */
  width?: number;
}

/** Render an SVG string to PNG bytes. */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  if (options.width !== undefined && !(Number.isInteger(options.width) && options.width > 0 && options.width <= 16384)) {
    throw new OptionError(`PNG width must be an integer from 1 to 16384, got ${options.width}`);
  }
  const resvg = new Resvg(svg, {
    fitTo: options.width === undefined ? { mode: "original" } : { mode: "width", value: options.width },
    background: "#ffffff",
    font: {
      fontFiles: [...FONT_FILES],
      loadSystemFonts: false,
      defaultFontFamily: "Inter",
      sansSerifFamily: "Inter",
    },
  });
  return new Uint8Array(resvg.render().asPng());
}
