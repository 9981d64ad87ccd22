/**
 * View 1: gradient descent on a function of one variable. Click the curve (or type x₀) to set the
 * start; step, play, pause and reset change `steps`, so the URL always names the point shown.
 */
import { computeOneD, type OneDRecord } from "../compute/one-d.js";
import { LIMITS, type PlaygroundState } from "../state.js";
import { group, h } from "../ui/dom.js";
import { transport } from "../ui/timeline.js";
import { exportBar } from "../ui/export.js";
import { dataPoint, figureWidth, mountSvg } from "../ui/figure.js";
import { formatNumber as fmt } from "../ui/format.js";
import type { ViewContext, ViewFactory } from "./context.js";
import { showFailure } from "./failure.js";
import { lesson } from "./lessons.js";
import { coordinateControl, functionControl, integerControl, learningRateControl, optimizerControl } from "./controls.js";
import { explanation, iterateTable, oneDFigure, plotDomain } from "./one-d-render.js";
import { hyperparameterControl } from "./hyperparameters.js";
import { optimizerNames } from "./optimizer-names.js";
import { curveKeyboard } from "./map-keyboard.js";

const PLAY_INTERVAL_MS = 350;
/** Play stops here even if the run neither converges nor diverges. */
const PLAY_LIMIT = 200;

export const createOneDView: ViewFactory = (root: HTMLElement, ctx: ViewContext) => {
  const lrControl = learningRateControl(ctx, "oned");
  const controls = [
    functionControl(ctx, 1, "oned"),
    coordinateControl(ctx, "oned-x0", "Start x₀ (or click the curve)", "x0"),
    lrControl,
    integerControl(ctx, "oned-steps", "Steps taken", "steps", 0, LIMITS.steps[1]),
    optimizerControl(ctx, "oned-optimizer", false, optimizerNames()),
    hyperparameterControl(ctx, "oned"),
  ];
  let timer: ReturnType<typeof setInterval> | null = null;
  let record: OneDRecord | null = null;
  // The playground's timeline bar; here every move changes `steps`, so the URL names the point shown.
  const showBar = () => {
    const steps = ctx.state().steps;
    bar.show(steps, Math.max(PLAY_LIMIT, steps), `step ${steps}`, timer !== null);
  };
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    showBar();
  };
  const stepOnce = () => ctx.update({ steps: Math.min(LIMITS.steps[1], ctx.state().steps + 1) });
  const bar = transport("oned", "step", {
    play() {
      timer = setInterval(() => {
        if (record?.run.status === "diverged" || ctx.state().steps >= PLAY_LIMIT) return stop();
        stepOnce();
      }, PLAY_INTERVAL_MS);
      showBar();
    },
    pause: stop,
    step: stepOnce,
    reset() {
      stop();
      ctx.update({ steps: 0 });
    },
    seek(k) {
      stop();
      ctx.update({ steps: k });
    },
  });
  const figure = h("div", { class: "figure", id: "oned-figure" });
  const readout = h("p", { class: "hover", id: "oned-cursor", "aria-live": "polite" }, ["Focus the plot and move along x with ← and → to read f and f′; Enter (or a click) sets the start there."]);
  const setStart = (x: number) => ctx.update({ x0: Number(x.toPrecision(3)), steps: 0 });
  const keys = curveKeyboard(figure, readout, {
    idPrefix: "oned",
    curve: () => record && { problem: record.problem, x: plotDomain(record) },
    initial: () => ctx.state().x0,
    pick: setStart,
    action: "sets the start there",
  });
  const current = h("p", { id: "current-point", class: "current", "aria-live": "polite" });
  const notes = h("div", { id: "oned-notes", class: "notes", "aria-live": "polite" });
  const error = h("p", { class: "error", role: "alert", id: "oned-error", hidden: true });
  const table = h("div", { class: "table-wrap", tabindex: 0, "aria-label": "Iterate table" });
  const exporter = exportBar("descent-1d", () => figure.querySelector("svg"), () => record?.run ?? null);
  // Figure first (first on a phone; beside the controls on a desktop), the timeline bar above it.
  root.classList.add("figure-first");
  root.append(
    h("section", { class: "output", "aria-label": "Result" }, [bar.element, error, current, figure, readout, keys.help, notes, lesson("1d"), table]),
    h("section", { class: "controls", "aria-label": "Controls" }, [
      group("Function and start", [controls[0]!.element, controls[1]!.element]),
      group("Descent", controls.slice(2).map((c) => c.element)),
      group("Export", [exporter]),
    ]),
  );
  figure.addEventListener("click", (event) => {
    const svg = figure.querySelector("svg");
    if (!svg || !record) return;
    const p = dataPoint(svg, event, plotDomain(record), [0, 1]);
    if (p) setStart(p[0]);
  });

  const render = (state: PlaygroundState) => {
    for (const c of controls) c.sync(state);
    showBar();
    try {
      record = computeOneD(state);
    } catch (e) {
      record = null;
      stop();
      error.hidden = false;
      error.textContent = (e as Error).message;
      showFailure(root, (e as Error).message);
      return;
    }
    error.hidden = true;
    showFailure(root, null);
    const last = record.rows[record.rows.length - 1]!;
    current.textContent = `Current point after ${record.run.steps} step${record.run.steps === 1 ? "" : "s"}: x = ${fmt(last.x)}, f(x) = ${fmt(last.value)}, f′(x) = ${fmt(last.derivative)}`;
    const width = figureWidth(figure, 760);
    mountSvg(figure, oneDFigure(record, state, width), `Plot of ${record.problem.label} with the gradient-descent iterates; click to set the start`);
    keys.redraw();
    notes.replaceChildren(...explanation(record, state.lr));
    const edge = record.curvature.edge ?? null;
    lrControl.setEdge(edge, edge === null ? "" : `▲ marks 2/L = ${fmt(edge)} (L = f″ = ${fmt(record.curvature.second)}${record.curvature.constant ? "" : " at the current point"}): above it the steps grow and diverge.`);
    table.replaceChildren(iterateTable(record));
  };
  return {
    render,
    destroy: stop,
    hide: stop,
  };
};
