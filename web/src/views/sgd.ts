/**
 * View 3: stochastic gradient descent on real data. Logistic regression on the breast-cancer set
 * (all 30 features, or mean radius and mean texture so the boundary can be drawn), trained with
 * the full batch, a minibatch of the chosen size, and single examples; loss curves side by side.
 */
import csvText from "../../../data/breast_cancer.csv?raw";
import { parseBreastCancer, type TabularData } from "../compute/breast-cancer.js";
import { computeSgd, type RegimeResult } from "../compute/sgd.js";
import { DATASETS, LIMITS, type DatasetChoice, type PlaygroundState } from "../state.js";
import { field, h, syncValue } from "../ui/dom.js";
import { exportBar, svgsIn } from "../ui/export.js";
import { figureWidth, mountSvg } from "../ui/figure.js";
import { formatNumber as fmt } from "../ui/format.js";
import { replayButton } from "../ui/replay.js";
import type { ViewContext, ViewFactory } from "./context.js";
import { showFailure } from "./failure.js";
import { lesson } from "./lessons.js";
import { integerControl, learningRateControl, optimizerControl } from "./controls.js";
import { hyperparameterControl } from "./hyperparameters.js";
import { optimizerNames } from "./optimizer-names.js";
import { boundaryChart, drawAllPoints, lossChart } from "./sgd-render.js";

const DATASET_LABELS: Record<DatasetChoice, string> = {
  "two-feature": "breast cancer, 2 features (mean radius, mean texture)",
  "breast-cancer": "breast cancer, all 30 features",
};

/** Slider positions 0 … K: batch 2^k, the last one the full batch (stored as 0). */
function batchFromSlider(k: number, fullAt: number): number {
  return k >= fullAt ? 0 : 2 ** k;
}

export const createSgdView: ViewFactory = (root: HTMLElement, ctx: ViewContext) => {
  const datasets = new Map<DatasetChoice, TabularData>();
  const dataFor = (choice: DatasetChoice): TabularData => {
    let data = datasets.get(choice);
    if (!data) {
      data = parseBreastCancer(csvText, choice === "two-feature" ? [0, 1] : undefined);
      datasets.set(choice, data);
    }
    return data;
  };
  const n = dataFor("two-feature").n;
  const fullAt = Math.ceil(Math.log2(n));
  const datasetSelect = h("select", { id: "sgd-dataset" }, DATASETS.map((d) => h("option", { value: d }, [DATASET_LABELS[d]])));
  datasetSelect.addEventListener("change", () => ctx.update({ dataset: datasetSelect.value as DatasetChoice }));
  const batchSlider = h("input", { id: "sgd-batch-slider", type: "range", min: 0, max: fullAt, step: 1 });
  batchSlider.addEventListener("input", () => ctx.update({ batch: batchFromSlider(Number(batchSlider.value), fullAt) }));
  const controls = [
    learningRateControl(ctx, "sgd", [-3, 1]),
    integerControl(ctx, "sgd-batch", "Minibatch size (0 = full batch)", "batch", 0, Math.min(LIMITS.batch[1], n)),
    integerControl(ctx, "sgd-epochs", "Epochs", "epochs", 1, LIMITS.epochs[1]),
    integerControl(ctx, "sgd-seed", "Shuffle seed", "seed", 0, 2 ** 32 - 1),
    optimizerControl(ctx, "sgd-optimizer", false, optimizerNames()),
    hyperparameterControl(ctx, "sgd"),
  ];
  const lossFigure = h("div", { class: "figure", id: "sgd-loss" });
  const boundaryFigure = h("div", { class: "figure", id: "sgd-boundary" });
  const error = h("p", { class: "error", role: "alert", id: "sgd-error", hidden: true });
  const summary = h("div", { id: "sgd-summary" });
  let current: { data: TabularData; results: RegimeResult[] } | null = null;

  const draw = (upto: number | null) => {
    if (!current) return;
    const width = figureWidth(lossFigure, 760);
    const height = Math.round(Math.min(480, Math.max(300, width * 0.68)));
    mountSvg(lossFigure, lossChart(current.results, { width, height, ...(upto === null ? {} : { upto }) }), "Training loss per epoch for full batch, minibatch and stochastic gradient descent");
    if (current.data.d === 2) {
      boundaryFigure.hidden = false;
      const svg = mountSvg(boundaryFigure, boundaryChart(current.data, current.results, { width, height }), "Data points and the decision boundary each regime learned");
      drawAllPoints(svg, current.data);
    } else {
      boundaryFigure.hidden = true;
      boundaryFigure.replaceChildren();
    }
  };
  // Replay reveals the curves epoch by epoch (the runs are computed already).
  const replay = replayButton("sgd-replay", draw, () => ctx.state().epochs, 2500);
  root.append(
    h("section", { class: "controls", "aria-label": "Controls" }, [
      field("Data set", datasetSelect),
      h("p", { class: "hint" }, ["Model: logistic regression on standardized features."]),
      controls[0]!.element,
      field("Minibatch size (log scale; right end = full batch)", batchSlider),
      ...controls.slice(1).map((c) => c.element),
      h("div", { class: "buttons" }, [replay.element]),
      exportBar("descent-sgd", () => svgsIn(lossFigure, boundaryFigure), () => ({ state: ctx.state(), results: current?.results ?? [] })),
    ]),
    h("section", { class: "output", "aria-label": "Result" }, [error, h("div", { class: "figures" }, [lossFigure, boundaryFigure]), lesson("sgd"), summary]),
  );

  const render = (state: PlaygroundState) => {
    replay.stop();
    for (const c of controls) c.sync(state);
    syncValue(datasetSelect, state.dataset);
    const k = state.batch === 0 ? fullAt : Math.min(fullAt, Math.round(Math.log2(state.batch)));
    syncValue(batchSlider, String(k));
    batchSlider.setAttribute("aria-valuetext", state.batch === 0 ? "full batch" : `${state.batch} examples`);
    try {
      const data = dataFor(state.dataset);
      current = { data, results: computeSgd(data, state) };
    } catch (e) {
      current = null;
      error.hidden = false;
      error.textContent = (e as Error).message;
      showFailure(root, (e as Error).message);
      return;
    }
    error.hidden = true;
    showFailure(root, null);
    draw(null);
    const head = h("tr", {}, ["regime", "updates", "final loss", "accuracy"].map((t) => h("th", { scope: "col" }, [t])));
    const rows = current.results.map((r) =>
      h("tr", {}, [h("td", { class: "name" }, [r.name]), h("td", {}, [String(r.updates)]), h("td", {}, [r.diverged ? "diverged" : fmt(r.losses[r.losses.length - 1]!)]), h("td", {}, [`${(100 * r.accuracy).toFixed(1)}%`])]),
    );
    summary.replaceChildren(h("table", { class: "iterates", id: "sgd-table" }, [h("caption", {}, [`${current.data.n} examples, ${current.data.d} features; accuracy on the training data`]), h("thead", {}, [head]), h("tbody", {}, rows)]));
  };
  return { render, destroy: () => replay.stop(), hide: () => replay.stop() };
};
