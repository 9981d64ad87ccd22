/**
 * View 4: a race. Several optimizers on one function from one start: their paths on the contour
 * map and their value per step, side by side. Click the map to move the start.
 */
import { computePaths, domainOf, sampleProblem, type NamedRun } from "../compute/paths.js";
import { resolveProblem, type Problem } from "../compute/problem.js";
import { LIMITS, type PlaygroundState } from "../state.js";
import { group, h } from "../ui/dom.js";
import { exportBar, svgsIn } from "../ui/export.js";
import { dataPoint, figureWidth, mountSvg } from "../ui/figure.js";
import { timeline } from "../ui/timeline.js";
import { cutPaths } from "./path-frames.js";
import type { ViewContext, ViewFactory } from "./context.js";
import { showFailure } from "./failure.js";
import { lesson } from "./lessons.js";
import { contourFigure } from "./contour-render.js";
import { coordinateControl, functionControl, integerControl, learningRateControl, optimizerControl } from "./controls.js";
import { attachHoverReadout } from "./hover.js";
import { mapKeyboard } from "./map-keyboard.js";
import { hyperparameterControl } from "./hyperparameters.js";
import { optimizerNames } from "./optimizer-names.js";
import { runSummary } from "./run-summary.js";
import { valueChart } from "./value-chart.js";

export const createRaceView: ViewFactory = (root: HTMLElement, ctx: ViewContext) => {
  const controls = [
    functionControl(ctx, 2, "race"),
    coordinateControl(ctx, "race-x0", "Start x₀ (or click the map)", "x0"),
    coordinateControl(ctx, "race-y0", "Start y₀", "y0"),
    learningRateControl(ctx, "race"),
    integerControl(ctx, "race-steps", "Steps (most per optimizer)", "steps", 0, LIMITS.steps[1]),
    optimizerControl(ctx, "race-optimizer", true, optimizerNames()),
    hyperparameterControl(ctx, "race"),
  ];
  const paths = h("div", { class: "figure", id: "race-paths" });
  const values = h("div", { class: "figure", id: "race-values" });
  const hover = h("p", { class: "hover", id: "race-hover", "aria-live": "polite" }, ["Hover over the map (or focus it and use the arrow keys) to read f and ∇f; click or press Enter to move the start."]);
  const keys = mapKeyboard(paths, hover, {
    idPrefix: "race",
    problem: () => current?.problem ?? null,
    initial: () => [ctx.state().x0, ctx.state().y0],
    pick: ([x0, y0]) => ctx.update({ x0, y0 }),
    action: "moves the start there",
  });
  const error = h("p", { class: "error", role: "alert", id: "race-error", hidden: true });
  const summary = h("div", { id: "race-summary" });
  let current: { problem: Problem; grid: ReturnType<typeof sampleProblem>; runs: NamedRun[] } | null = null;

  const draw = (upto: number, playing: boolean) => {
    if (!current) return;
    const { problem, grid, runs } = current;
    const width = figureWidth(paths, 760);
    const mounted = paths.querySelector("svg");
    if (playing && mounted) cutPaths(mounted, grid, runs, upto);
    else mountSvg(paths, contourFigure(problem, grid, runs, { width, idPrefix: "race-map", title: `${problem.label}: paths`, upto }), `Paths of ${runs.length} optimizers on ${problem.label}`);
    const known = problem.fn.minima.map((m) => m.value);
    const height = Math.round(Math.min(520, Math.max(320, width * 0.72)));
    const svg = valueChart(runs, { idPrefix: "race-values", width, height, upto, ...(known.length > 0 ? { minValue: Math.min(...known) } : {}) });
    mountSvg(values, svg, "Value per step for each optimizer");
    keys.redraw();
  };
  // Both charts keep the whole run's axes while it plays (valueChart fixes them).
  const replay = timeline({ idPrefix: "race", unit: "step", draw, label: (k, last) => `step ${k} / ${last}` });
  root.classList.add("figure-first");
  root.append(
    h("section", { class: "output", "aria-label": "Result" }, [replay.element, error, h("div", { class: "figures" }, [paths, values]), hover, keys.help, lesson("race"), summary]),
    h("section", { class: "controls", "aria-label": "Controls" }, [
      group("Function and start", controls.slice(0, 3).map((c) => c.element)),
      group("Descent", controls.slice(3).map((c) => c.element)),
      group("Export", [exportBar("descent-race", () => svgsIn(paths, values), () => ({ state: ctx.state(), runs: current?.runs ?? [] }))]),
    ]),
  );
  paths.addEventListener("click", (event) => {
    const svg = paths.querySelector("svg");
    if (!svg || !current) return;
    const d = domainOf(current.problem);
    const p = dataPoint(svg, event, d.x, d.y);
    if (p) ctx.update({ x0: Number(p[0].toPrecision(3)), y0: Number(p[1].toPrecision(3)) });
  });
  attachHoverReadout(paths, hover, () => current?.problem ?? null);

  const render = (state: PlaygroundState) => {
    replay.stop();
    for (const c of controls) c.sync(state);
    try {
      const problem = resolveProblem(state.f, 2);
      const grid = current && current.problem.fn.source === problem.fn.source ? current.grid : sampleProblem(problem);
      current = { problem, grid, runs: computePaths(problem, [[state.x0, state.y0]], state) };
    } catch (e) {
      current = null;
      error.hidden = false;
      error.textContent = (e as Error).message;
      showFailure(root, (e as Error).message);
      return;
    }
    error.hidden = true;
    showFailure(root, null);
    replay.load(Math.max(0, ...current.runs.map((r) => r.run.steps)));
    summary.replaceChildren(runSummary(current.problem, current.runs, "race-runs"));
  };
  return { render, destroy: () => replay.stop(), hide: () => replay.stop() };
};
