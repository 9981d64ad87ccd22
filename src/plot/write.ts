/** Writing a figure to disk: the extension picks SVG or PNG; the write is atomic. */
import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { DataError, OptionError } from "../errors.js";
import { svgToPng, type PngOptions } from "./png.js";

/** The figure formats `writeFigure` understands, by extension. */
export const FIGURE_EXTENSIONS: readonly string[] = Object.freeze([".svg", ".png"]);

/**
 * Write `svg` to `path` as SVG or PNG according to the extension. The bytes go to a temporary
 * file in the same folder that is then renamed, so readers never see a half-written figure.
 */
export function writeFigure(path: string, svg: string, options: PngOptions = {}): void {
  const ext = extname(path).toLowerCase();
  if (!FIGURE_EXTENSIONS.includes(ext)) {
    throw new OptionError(`figure file ${path} must end in ${FIGURE_EXTENSIONS.join(" or ")}, got "${ext || "no extension"}"`);
  }
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new DataError(`cannot write figure ${path}: folder ${folder} does not exist`);
  }
  const bytes = ext === ".png" ? svgToPng(svg, options) : Buffer.from(svg, "utf8");
  const temp = join(folder, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } catch (e) {
    if (existsSync(temp)) unlinkSync(temp);
    throw new DataError(`cannot write figure ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
}
