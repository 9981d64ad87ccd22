/** Writing a figure to disk: the extension picks SVG or PNG; the write is atomic. */
import { existsSync, statSync } from "node:fs";
import { dirname, extname } from "node:path";
import { writeFileAtomic } from "../util/atomic-write.node.js";
import { DataError, OptionError } from "../errors.js";
import { svgToPng, type PngOptions } from "./png.node.js";

/** The figure formats `writeFigure` understands, by extension. */
export const FIGURE_EXTENSIONS: readonly string[] = Object.freeze([".svg", ".png"]);

/**
 * Write `svg` to `path` as SVG or PNG according to the extension. The bytes go to a temporary
 * file in the same folder that is then renamed, so readers never see a half-written figure.
 */
export function writeFigure(path: string, svg: string, options: PngOptions = {}): void {
  const ext = checkFigurePath(path);
  const bytes = ext === ".png" ? svgToPng(svg, options) : Buffer.from(svg, "utf8");
  writeFileAtomic(path, bytes);
}

/**
 * Checks that `path` can take a figure (a known extension, an existing folder) and returns the
 * extension. Commands call it before long work, so a typo does not waste a training run.
 */
export function checkFigurePath(path: string): string {
  const ext = extname(path).toLowerCase();
  if (!FIGURE_EXTENSIONS.includes(ext)) {
    throw new OptionError(`figure file ${path} must end in ${FIGURE_EXTENSIONS.join(" or ")}, got "${ext || "no extension"}"`);
  }
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new DataError(`cannot write figure ${path}: folder ${folder} does not exist`);
  }
  return ext;
}
