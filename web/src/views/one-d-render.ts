/** Drawing the 1-D record: the curve with its iterates (src/plot's chart), the explanation and the iterate table. */
import { functionPlot1D } from "../../../src/plot/index.js";
import { linspace } from "../../../src/plot/index.js";
import { linearScale } from "../../../src/plot/index.js";
import type { OneDRecord } from "../compute/one-d.js";
import { h } from "../ui/dom.js";
import { formatNumber as fmt } from "../ui/format.js";

/** The x interval drawn: the function's own domain, widened to the start and the iterates worth seeing. */
export function plotDomain(record: OneDRecord): [number, number] {
  const base = record.problem.fn.domain[0] ?? [-3, 3];
  const pts = record.run.status === "diverged" ? record.run.trajectory.slice(0, 4) : record.run.trajectory;
  const xs = pts.map((p) => p[0]!).filter((v) => Math.abs(v) < 1e4);
  const lo = Math.min(base[0], ...xs);
  const hi = Math.max(base[1], ...xs);
  const pad = lo < base[0] || hi > base[1] ? 0.1 * (hi - lo) : 0;
  // The chart rounds its x interval outwards to tick values; clicks must use the rounded one.
  return linearScale([lo - pad, hi + pad], [0, 1]).domain as [number, number];
}

/** The figure as an SVG string. */
export function oneDFigure(record: OneDRecord, state: { lr: number; steps: number }, width: number): string {
  const domain = plotDomain(record);
  const x = linspace(domain[0], domain[1], 300);
  const f = (v: number) => record.problem.compiled.value([v]);
  const run = record.run;
  return functionPlot1D({
    idPrefix: "oned",
    width,
    height: Math.round(Math.min(440, Math.max(300, width * 0.62))),
    title: `${record.problem.label}: η = ${state.lr}, ${run.steps} step${run.steps === 1 ? "" : "s"}`,
    xLabel: "x",
    yLabel: "f(x)",
    curve: { x, y: x.map(f) },
    steps: { x: run.trajectory.map((p) => p[0]!), y: run.values },
    stepsName: `${run.optimizer} iterates`,
    xDomain: domain,
    ...(run.status === "diverged" ? { divergedAt: run.steps } : {}),
  });
}

/** Plain-language reading of the run: where it is, and what the learning rate does against the curvature. */
export function explanation(record: OneDRecord, lr: number): HTMLElement[] {
  const { curvature: c, run } = record;
  const out: HTMLElement[] = [];
  const plainGd = run.optimizer.startsWith("sgd") && !/momentum=(?!0\b)/.test(run.optimizer);
  if (c.edge !== undefined) {
    const edge = c.constant ? `2/f″ = 2/${fmt(c.second)} = ${fmt(c.edge)}` : `2/f″(x) = ${fmt(c.edge)} here (f″ changes with x, so this edge is local)`;
    let verdict: string;
    if (lr < c.edge / 2) verdict = "η < 1/f″: every step lands on the same side of the minimum (no overshoot).";
    else if (lr < c.edge) verdict = "1/f″ < η < 2/f″: each step overshoots the minimum but lands closer, so the iterates zig-zag in.";
    else if (lr === c.edge) verdict = "η = 2/f″: the iterates bounce between two points forever.";
    else verdict = "η > 2/f″: each step overshoots by more than it corrects, so the iterates move further out and diverge.";
    out.push(h("p", { id: "oned-edge" }, [`Stability edge ${edge}. `, plainGd ? verdict : `(${run.optimizer} is not plain gradient descent; the edge is for plain GD.)`]));
  } else {
    out.push(h("p", { id: "oned-edge" }, [`f″(x) = ${fmt(c.second)} ≤ 0 here: the curve bends down, no step size is stable on this stretch.`]));
  }
  if (record.overshoots.length > 0) {
    const shown = record.overshoots.slice(0, 6).join(", ");
    out.push(h("p", {}, [`Overshoot: the slope changed sign after step${record.overshoots.length > 1 ? "s" : ""} ${shown}${record.overshoots.length > 6 ? ", …" : ""} (the iterate jumped past the minimum).`]));
  }
  if (run.status === "diverged") out.push(h("p", { class: "warning", role: "alert" }, [`Diverged: ${run.reason}.`]));
  return out;
}

/** The article's iterate table: k, x, f(x), f′(x). */
export function iterateTable(record: OneDRecord, maxRows = 200): HTMLElement {
  const rows = record.rows.length > maxRows ? [...record.rows.slice(0, maxRows - 10), ...record.rows.slice(-10)] : record.rows;
  const head = h("tr", {}, ["k", "x", "f(x)", "f′(x)"].map((t) => h("th", { scope: "col" }, [t])));
  const body = rows.map((r) => h("tr", {}, [h("td", {}, [String(r.k)]), h("td", {}, [fmt(r.x)]), h("td", {}, [fmt(r.value)]), h("td", {}, [fmt(r.derivative)])]));
  return h("table", { class: "iterates", id: "oned-table" }, [h("caption", {}, ["Iterates"]), h("thead", {}, [head]), h("tbody", {}, body)]);
}
