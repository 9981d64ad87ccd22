/** Plotting: SVG charts, the article's figures and the HTML report (browser-safe); PNG and figure files are in ./index.node.ts. */
export { num, escapeText, escapeAttr, polylinePath } from "./svg.js";
export { THEME, OKABE_ITO, SERIES_COLORS, OVERLAY_COLORS, SHADING_RAMP, MARKER_SHAPES, DISTINCT_SHAPES, marker, paletteColor, type MarkerShape } from "./theme.js";
export { linearScale, logScale, formatTick, finiteExtent, type Scale } from "./scale.js";
export type { ChartOptions } from "./chart.js";
export type { LegendEntry } from "./legend.js";
export { lineChart, type LineChartOptions, type LineSeries, type Annotation, type VerticalLine } from "./line-chart.js";
export { functionPlot1D, type FunctionPlot1DOptions } from "./function-plot.js";
export { contourBands, contourPlot, contourThresholds, type ContourBands, type ContourPlotOptions, type PathOverlay, type MinimumMark, type ThresholdMode } from "./contour.js";
export { basinMap, type BasinMapOptions } from "./basin-map.js";
export { stripPlot, histogram, type DistributionOptions, type HistogramOptions, type ValueGroup } from "./distribution.js";
export { sampleGrid, linspace, type Grid, type Domain2D } from "./grid.js";
export { renderReport, escapeHtml, type Report, type ReportSection, type ReportFigure, type ReportTable } from "./report.js";
export {
  figure1D,
  figureOvershoot,
  figureContour,
  figureOptimizerPaths,
  figureBasins,
  figureValueVsStep,
  figureTraining,
  figureLrSweep,
  figureValueOnly,
  type Figure1DOptions,
  type ContourFigureOptions,
  type ValueVsStepOptions,
  type NamedHistory,
  type LrSweepData,
} from "./figures.js";
export { figureSharpness, figureLrFind } from "./curvature-figures.js";
