/**
 * View 4: a race. Several optimizers on one function from one start: their paths on the contour
 * map and their value per step, side by side. Click the map to move the start.
 */
import type { ContourMap } from "../compute/contour-map.js";
import { computePaths, domainOf, type NamedRun } from "../compute/paths.js";
import type { Problem } from "../compute/problem.js";
import { LIMITS, type PlaygroundState } from "../state.js";
import { group, h } from "../ui/dom.js";
import { exportBar, svgsIn } from "../ui/export.js";
import { dataPoint, figureWidth, mountSvg } from "../ui/figure.js";
import { timeline } from "../ui/timeline.js";
import { cutPaths } from "./path-frames.js";
import type { ViewContext, ViewFactory } from "./context.js";
import { showFailure } from "./failure.js";
import { lesson } from "./lessons.js";
import { contourClient } from "./contour-client.js";
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
    // Like a click, the keyboard waits for the map of the function now shown (it comes from the worker).
    problem: () => (current?.map ? current.problem : null),
    initial: () => [ctx.state().x0, ctx.state().y0],
    pick: ([x0, y0]) => ctx.update({ x0, y0 }),
    action: "moves the start there",
  });
  const error = h("p", { class: "error", role: "alert", id: "race-error", hidden: true });
  const summary = h("div", { id: "race-summary" });
  /** `map` (f on the grid and its contour bands) comes from the contour worker; null until it answers. */
  let current: { f: string; problem: Problem; map: ContourMap | null; runs: NamedRun[] } | null = null;

  /** The map at step `upto`; while its contours are on their way the chart on screen stays (fading if it takes a while). */
  const drawMap = (upto: number, playing: boolean, width: number) => {
    if (!current) return;
    const { problem, map, runs } = current;
    paths.setAttribute("aria-busy", String(map === null));
    if (!map) return;
    const mounted = paths.querySelector("svg");
    if (playing && mounted) cutPaths(mounted, map.grid, runs, upto);
    else mountSvg(paths, contourFigure(problem, map, runs, { width, idPrefix: "race-map", title: `${problem.label}: paths`, upto }), `Paths of ${runs.length} optimizers on ${problem.label}`);
    keys.redraw();
  };
  const draw = (upto: number, playing: boolean) => {
    if (!current) return;
    // Read before either chart is mounted: a read after would lay the page out again.
    const width = figureWidth(paths, 760);
    drawMap(upto, playing, width);
    // The value chart needs no contours: it is drawn at once (and its work is not added to the map's).
    const { problem, runs } = current;
    const known = problem.fn.minima.map((m) => m.value);
    const height = Math.round(Math.min(520, Math.max(320, width * 0.72)));
    const svg = valueChart(runs, { idPrefix: "race-values", width, height, upto, ...(known.length > 0 ? { minValue: Math.min(...known) } : {}) });
    mountSvg(values, svg, "Value per step for each optimizer");
  };
  const contours = contourClient(error, (f, map) => {
    if (current?.f !== f) return;
    current.map = map;
    drawMap(replay.position(), false, figureWidth(paths, 760));
  });
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
    // While a new function's map is on its way, the chart on screen is the old function's.
    if (!svg || !current?.map) return;
    const d = domainOf(current.problem);
    const p = dataPoint(svg, event, d.x, d.y);
    if (p) ctx.update({ x0: Number(p[0].toPrecision(3)), y0: Number(p[1].toPrecision(3)) });
  });
  attachHoverReadout(paths, hover, () => current?.problem ?? null);

  const render = (state: PlaygroundState) => {
    replay.stop();
    for (const c of controls) c.sync(state);
    try {
      // Resolved once per function (and its Hessian derived once): the shell keeps the last few.
      const problem = ctx.problem(state.f, 2);
      // The map depends only on the function: the client keeps it while other settings change.
      current = { f: state.f, problem, map: contours.want(state.f), runs: computePaths(problem, [[state.x0, state.y0]], state) };
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
  return { render, destroy: () => (replay.stop(), contours.destroy()), hide: () => replay.stop() };
};
