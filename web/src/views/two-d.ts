/**
 * View 2: contour map of a 2-D function. Click to add starts (several trajectories at once), run
 * several optimizers together, shade the basins of attraction, hover to read f and ∇f.
 */
import { curvatureAtPoint, stabilityEdge } from "../compute/edge.js";
import type { Curvature } from "../../../src/curvature/index.js";
import { formatNumber as fmt } from "../ui/format.js";
import type { ContourMap } from "../compute/contour-map.js";
import { computePaths, domainOf, type NamedRun } from "../compute/paths.js";
import type { Problem } from "../compute/problem.js";
import { LIMITS, type PlaygroundState } from "../state.js";
import { button, field, group, h, syncValue } from "../ui/dom.js";
import { exportBar } from "../ui/export.js";
import { dataPoint, figureWidth, mountSvg } from "../ui/figure.js";
import { timeline } from "../ui/timeline.js";
import { timed } from "../ui/timing.js";
import { cutPaths } from "./path-frames.js";
import type { ViewContext, ViewFactory } from "./context.js";
import { showFailure } from "./failure.js";
import { lesson } from "./lessons.js";
import { basinClient, type BasinMap } from "./basin-client.js";
import { contourClient } from "./contour-client.js";
import { basinLegend, contourFigure, drawBasinOverlay, drawEigenDirections } from "./contour-render.js";
import { functionControl, integerControl, learningRateControl, optimizerControl } from "./controls.js";
import { attachHoverReadout } from "./hover.js";
import { mapKeyboard } from "./map-keyboard.js";
import { hyperparameterControl } from "./hyperparameters.js";
import { optimizerNames } from "./optimizer-names.js";
import { runSummary } from "./run-summary.js";

/** Starts per axis of the basin map (computed in a worker: basin-client.ts). */
const BASIN_RESOLUTION = 200;
const BASIN_MAX_STEPS = 300;

function startsText(starts: readonly (readonly number[])[]): string {
  return starts.map(([x, y]) => `${x}, ${y}`).join("; ");
}

function parseStartsText(text: string): [number, number][] | null {
  const pieces = text.split(";").map((s) => s.trim()).filter((s) => s !== "");
  const out = pieces.map((p) => p.split(/[,\s]+/).filter((s) => s !== "").map(Number));
  return out.every((p) => p.length === 2 && p.every(Number.isFinite)) ? (out as [number, number][]) : null;
}

export const createTwoDView: ViewFactory = (root: HTMLElement, ctx: ViewContext) => {
  const startsInput = h("input", { id: "twod-starts", type: "text", spellcheck: "false", autocomplete: "off" });
  startsInput.addEventListener("input", () => {
    const starts = parseStartsText(startsInput.value);
    if (starts && starts.length <= LIMITS.maxStarts) ctx.update({ starts });
  });
  const basinsBox = h("input", { id: "twod-basins", type: "checkbox" });
  basinsBox.addEventListener("change", () => ctx.update({ basins: basinsBox.checked }));
  const lrControl = learningRateControl(ctx, "twod");
  const controls = [
    functionControl(ctx, 2, "twod"),
    lrControl,
    integerControl(ctx, "twod-steps", "Steps (most per run)", "steps", 0, LIMITS.steps[1]),
    optimizerControl(ctx, "twod-optimizer", true, optimizerNames()),
    hyperparameterControl(ctx, "twod"),
  ];
  const figure = h("div", { class: "figure", id: "twod-figure" });
  const hover = h("p", { class: "hover", id: "twod-hover", "aria-live": "polite" }, ["Hover over the map (or focus it and use the arrow keys) to read f and ∇f; click or press Enter to add a start."]);
  const error = h("p", { class: "error", role: "alert", id: "twod-error", hidden: true });
  const keys = mapKeyboard(figure, hover, {
    idPrefix: "twod",
    // Like a click, the keyboard waits for the map of the function now shown (it comes from the worker).
    problem: () => (current?.map ? current.problem : null),
    initial: () => ctx.state().starts[ctx.state().starts.length - 1] ?? null,
    pick: (p) => addStart(p),
    action: "adds a start there",
  });
  const legend = h("ul", { class: "basin-legend", id: "twod-basin-legend", "aria-label": "Basins" });
  const summary = h("div", { id: "twod-summary" });
  const eigenNote = h("p", { class: "hover", id: "twod-eigen", "data-testid": "twod-eigen" });
  let current: {
    /** The function as the state holds it. */
    f: string;
    problem: Problem;
    /** f on the grid and its contour bands, from the contour worker; null until it answers. */
    map: ContourMap | null;
    runs: NamedRun[];
    basins: BasinMap | null;
    /** The Hessian at the last start (the point clicked last): its eigen-directions are drawn there. */
    curvature: Curvature | null;
  } | null = null;

  const draw = (upto: number, playing: boolean) => timed("twod:draw", () => {
    if (!current) return;
    const { problem, map, runs } = current;
    // The map is on its way: the chart on screen stays (fading if it takes a while) until it comes.
    figure.setAttribute("aria-busy", String(map === null));
    if (!map) return;
    const grid = map.grid;
    const mounted = figure.querySelector("svg");
    if (playing && mounted) return cutPaths(mounted, grid, runs, upto);
    const width = figureWidth(figure, 820);
    const svg = contourFigure(problem, map, runs, { width, idPrefix: "twod", title: `${problem.label}: η = ${ctx.state().lr}`, upto, basins: ctx.state().basins });
    const el = mountSvg(figure, svg, `Contour map of ${problem.label} with ${runs.length} trajectories; click to add a start`);
    drawBasinOverlay(el, grid, current.basins?.basins ?? null, current.basins?.image);
    if (current.curvature) drawEigenDirections(el, grid, current.curvature);
    keys.redraw();
  });
  const showBasinLegend = () =>
    legend.replaceChildren(...(current?.basins ? basinLegend(current.basins.basins).map((b) => h("li", {}, [h("span", { class: "swatch", style: `background:${b.color}` }), b.name])) : []));
  // A map that arrives is laid onto the chart on screen; the chart itself is not drawn again.
  const basins = basinClient("twod", (map) => timed("twod:basins", () => {
    if (!current) return;
    current.basins = map;
    const svg = figure.querySelector("svg");
    // Without a contour map the chart on screen is an older one: the next draw lays the basins.
    if (svg && current.map) drawBasinOverlay(svg, current.map.grid, map?.basins ?? null, map?.image);
    showBasinLegend();
  }));
  // The contour map, computed in a worker: the chart is drawn when it comes.
  const contours = contourClient(error, (f, map) => {
    if (current?.f !== f) return;
    current.map = map;
    replay.redraw();
  });
  // The map's axes are the function's domain, fixed whatever the position.
  const replay = timeline({ idPrefix: "twod", unit: "step", draw, label: (k, last) => `step ${k} / ${last}` });
  const exporter = exportBar("descent-2d", () => figure.querySelector("svg"), () => ({ state: ctx.state(), runs: current?.runs ?? [], basins: current?.basins ? { ...current.basins.basins, labels: Array.from(current.basins.basins.labels) } : null }));
  root.classList.add("figure-first");
  root.append(
    h("section", { class: "output", "aria-label": "Result" }, [replay.element, error, figure, hover, keys.help, eigenNote, basins.status, legend, lesson("2d"), summary]),
    h("section", { class: "controls", "aria-label": "Controls" }, [
      group("Function and starts", [
        controls[0]!.element,
        field("Starts (x, y; x, y) or click the map", startsInput),
        button("Clear starts", () => ctx.update({ starts: [] }), { id: "twod-clear" }),
      ]),
      group("Descent", controls.slice(1).map((c) => c.element)),
      group("Show and export", [
        h("label", { class: "field inline" }, [basinsBox, h("span", { class: "field-label" }, ["Shade basins of attraction (first optimizer)"])]),
        exporter,
      ]),
    ]),
  );
  const addStart = (start: [number, number]) => {
    const starts = ctx.state().starts;
    if (starts.length >= LIMITS.maxStarts) {
      hover.textContent = `At most ${LIMITS.maxStarts} starts: press Clear starts or edit the list before adding another.`;
      return;
    }
    ctx.update({ starts: [...starts, start] });
  };
  figure.addEventListener("click", (event) => {
    const svg = figure.querySelector("svg");
    // While a new function's map is on its way, the chart on screen is the old function's.
    if (!svg || !current?.map) return;
    const d = domainOf(current.problem);
    const p = dataPoint(svg, event, d.x, d.y);
    if (p) addStart([Number(p[0].toPrecision(3)), Number(p[1].toPrecision(3))]);
  });
  attachHoverReadout(figure, hover, () => current?.problem ?? null);

  const render = (state: PlaygroundState) => timed("twod:render", () => {
    replay.stop();
    for (const c of controls) c.sync(state);
    syncValue(startsInput, startsText(state.starts));
    basinsBox.checked = state.basins;
    try {
      // Resolved once per function (and its Hessian derived once): the shell keeps the last few.
      const problem = ctx.problem(state.f, 2);
      // The map depends only on the function: the client keeps it while other settings change.
      const map = contours.want(state.f);
      const runs = timed("twod:paths", () => computePaths(problem, state.starts, state));
      const lastStart = state.starts[state.starts.length - 1];
      current = { f: state.f, problem, map, runs, basins: null, curvature: lastStart ? timed("twod:curvature", () => curvatureAtPoint(problem, lastStart)) : null };
      // The map comes from a worker: the newest one if it fits these settings, else a placeholder until it arrives.
      if (state.basins) {
        const settings = { f: state.f, optimizers: state.optimizers.slice(0, 1), lr: state.lr, steps: Math.min(state.steps, BASIN_MAX_STEPS), resolution: BASIN_RESOLUTION };
        current.basins = basins.want(settings);
      } else basins.clear();
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
    showBasinLegend();
    summary.replaceChildren(runSummary(current.problem, current.runs, "twod-runs"));
    eigenNote.textContent = current.curvature ? eigenText(current.curvature) : "";
    const firstRun = current.runs[0]?.run;
    const problem = current.problem;
    const edge = timed("twod:edge", () => stabilityEdge(problem, firstRun ? firstRun.trajectory[firstRun.trajectory.length - 1]! : state.starts[0] ?? [0, 0]));
    lrControl.setEdge(
      edge?.edge ?? null,
      edge && edge.edge !== null
        ? `▲ marks 2/L = ${fmt(edge.edge)}, L = ${fmt(edge.L)} (the largest curvature at the ${edge.kind} (${edge.point.map((v) => fmt(v)).join(", ")}) the first run heads for): with η above it plain gradient descent cannot settle there.`
        : "",
    );
  });
  return { render, destroy: () => (replay.stop(), basins.destroy(), contours.destroy()), hide: () => replay.stop() };
};

/** What the eigen-directions at the last start say, in one sentence. */
function eigenText(c: Curvature): string {
  const at = c.point.map((v) => fmt(v)).join(", ");
  const [l1, l2] = c.eigenvalues.map((v) => fmt(v));
  // The kind names a stationary point; elsewhere only the signs of the curvature are said.
  const curving = c.eigenvalues.every((v) => v > 0) ? "curving up in every direction"
    : c.eigenvalues.every((v) => v < 0) ? "curving down in every direction"
    : c.eigenvalues.some((v) => v > 0) && c.eigenvalues.some((v) => v < 0) ? "curving up along one direction and down along the other"
    : "flat along a direction";
  const shape = c.stationary && c.kind !== "flat" ? `a ${c.kind}, ${curving}` : curving;
  const cond = c.conditionNumber !== null ? `; condition number ${fmt(c.conditionNumber)}, so paths bend toward the flatter direction` : "";
  return `At (${at}) the Hessian's eigenvalues are ${l1} and ${l2}: ${shape}${cond}. The lines through the point are its eigen-directions (dashed where f curves down).`;
}
