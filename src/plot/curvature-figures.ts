/** Figures for choosing the learning rate: sharpness against 2/η while training, and the learning-rate finder's curve. */
import type { TrainingHistory } from "../train/types.js";
import type { ChartOptions } from "./chart.js";
import { lineChart, type LineSeries } from "./line-chart.js";
import { formatTick } from "./scale.js";

/**
 * Sharpness (top Hessian eigenvalue of the training loss) per epoch beside 2/η: plain gradient
 * descent is stable only while sharpness stays below 2/η; at the "edge of stability" it rises to
 * 2/η and hovers there.
 */
export function figureSharpness(history: TrainingHistory, opts: ChartOptions = {}): string {
  const rows = history.history.filter((e) => e.sharpness !== undefined);
  const series: LineSeries[] = [{ name: "sharpness", x: rows.map((e) => e.epoch), y: rows.map((e) => e.sharpness!), style: "line+points" }];
  const edged = rows.filter((e) => e.stabilityEdge !== undefined);
  if (edged.length > 0) series.push({ name: "2/η", x: edged.map((e) => e.epoch), y: edged.map((e) => e.stabilityEdge!), dashed: true, color: "#D55E00" });
  return lineChart({
    title: "Sharpness against 2/η",
    subtitle: "top eigenvalue of the training loss's Hessian per epoch",
    xLabel: "epoch",
    yLabel: "eigenvalue",
    ...opts,
    series,
  });
}

/** The learning-rate finder: smoothed loss against learning rate (log x), the suggestion marked. */
export function figureLrFind(data: { lrs: readonly number[]; losses: readonly number[]; suggestion?: number; rule?: string }, opts: ChartOptions = {}): string {
  return lineChart({
    title: "Learning-rate finder",
    subtitle: "smoothed training loss while the learning rate grows exponentially",
    xLabel: "learning rate (log scale)",
    yLabel: "smoothed loss",
    ...opts,
    series: [{ name: "loss", x: data.lrs, y: data.losses }],
    logX: true,
    verticalLines: data.suggestion !== undefined ? [{ x: data.suggestion, label: `${data.rule ?? "suggested"} ${formatTick(Number(data.suggestion.toPrecision(2)))}` }] : [],
  });
}
