/** The plotting module with its Node-only part: PNG through resvg and figure files. */
export * from "./index.js";
export { svgToPng, FONT_FILES, type PngOptions } from "./png.node.js";
export { writeFigure, checkFigurePath, FIGURE_EXTENSIONS } from "./write.node.js";
