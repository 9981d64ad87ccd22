/**
 * View 3: stochastic gradient descent on real data. Logistic regression on the breast-cancer set
 * (all 30 features, or mean radius and mean texture) or on the user's own CSV file, trained with
 * the full batch, a minibatch of the chosen size, and single examples; loss curves side by side
 * and the decision boundaries, replayed epoch by epoch. The training runs in a worker
 * (compute/sgd-worker.ts) through the library's trainer; this thread only draws.
 */
import { POINTS_PER_EPOCH } from "../compute/sgd.js";
import type { FromSgdWorker, SgdOutcome, SgdRequest, ToSgdWorker } from "../compute/sgd-protocol.js";
import { DATASETS, LIMITS, type DatasetChoice, type PlaygroundState } from "../state.js";
import { button, field, h, syncValue } from "../ui/dom.js";
import { exportBar, svgsIn } from "../ui/export.js";
import { figureWidth, mountSvg } from "../ui/figure.js";
import { formatNumber as fmt } from "../ui/format.js";
import { timeline } from "../ui/timeline.js";
import type { ViewContext, ViewFactory } from "./context.js";
import { csvPanel } from "./csv-panel.js";
import { showFailure } from "./failure.js";
import { lesson } from "./lessons.js";
import { integerControl, learningRateControl, optimizerControl } from "./controls.js";
import { hyperparameterControl } from "./hyperparameters.js";
import { optimizerNames } from "./optimizer-names.js";
import { boundaryChart, drawAllPoints, lossChart } from "./sgd-render.js";

const DATASET_LABELS: Record<DatasetChoice, string> = {
  "two-feature": "breast cancer, 2 features (mean radius, mean texture)",
  "breast-cancer": "breast cancer, all 30 features",
  csv: "your CSV file (two-class target)",
};
/** Rows of the bundled data: the batch slider's right end. */
const BUILTIN_ROWS = 569;

/** Slider positions 0 … K: batch 2^k, the last one the full batch (stored as 0). */
function batchFromSlider(k: number, fullAt: number): number {
  return k >= fullAt ? 0 : 2 ** k;
}

/** What the worker's result depends on. */
function requestOf(s: PlaygroundState): SgdRequest {
  return { lr: s.lr, optimizers: s.optimizers, batch: s.batch, epochs: s.epochs, seed: s.seed, dataset: s.dataset, ratio: s.ratio, target: s.target, xcol: s.xcol, ycol: s.ycol, missing: s.missing };
}

/** "epoch 3 / 20", or "epoch 3.25 / 20" between whole epochs. */
function epochLabel(k: number, last: number): string {
  return `epoch ${Number((k / POINTS_PER_EPOCH).toFixed(2))} / ${Number((last / POINTS_PER_EPOCH).toFixed(2))}`;
}

export const createSgdView: ViewFactory = (root: HTMLElement, ctx: ViewContext) => {
  const worker = new Worker(new URL("../compute/sgd-worker.ts", import.meta.url), { type: "module" });
  const send = (m: ToSgdWorker) => worker.postMessage(m);
  const fullAt = Math.ceil(Math.log2(BUILTIN_ROWS));
  const datasetSelect = h("select", { id: "sgd-dataset" }, DATASETS.map((d) => h("option", { value: d }, [DATASET_LABELS[d]])));
  datasetSelect.addEventListener("change", () => ctx.update({ dataset: datasetSelect.value as DatasetChoice }));
  const batchSlider = h("input", { id: "sgd-batch-slider", type: "range", min: 0, max: fullAt, step: 1 });
  batchSlider.addEventListener("input", () => ctx.update({ batch: batchFromSlider(Number(batchSlider.value), fullAt) }));
  const ratio = h("input", { id: "sgd-ratio", type: "range", min: LIMITS.ratio[0], max: LIMITS.ratio[1], step: 5 });
  ratio.addEventListener("input", () => ctx.update({ ratio: Number(ratio.value) }));
  const ratioText = h("span", { class: "value" });
  const ratioField = h("label", { class: "field" }, [h("span", { class: "field-label" }, ["Training share ", ratioText]), ratio]);
  let fileVersion = 0;
  const csv = csvPanel(ctx, "sgd", (state) => state.dataset === "csv", (file) => {
    fileVersion += 1;
    send({ type: "file", ...file });
    ctx.update({ dataset: "csv", target: "", xcol: "", ycol: "" });
    request(ctx.state());
  }, [
    "This view fits logistic regression: your file's target column must hold exactly two classes (text or numbers). For three or more classes (softmax) or a numeric target (regression), use the ",
    button("network view", () => ctx.update({ view: "network" }), { id: "sgd-to-network", class: "link" }),
    ".",
  ]);
  const controls = [
    learningRateControl(ctx, "sgd", [-3, 1]),
    integerControl(ctx, "sgd-batch", "Minibatch size (0 = full batch)", "batch", 0, LIMITS.batch[1]),
    integerControl(ctx, "sgd-epochs", "Epochs", "epochs", 1, LIMITS.epochs[1]),
    integerControl(ctx, "sgd-seed", "Shuffle seed (and the held-out split)", "seed", 0, 2 ** 32 - 1),
    optimizerControl(ctx, "sgd-optimizer", false, optimizerNames()),
    hyperparameterControl(ctx, "sgd"),
  ];
  const lossFigure = h("div", { class: "figure", id: "sgd-loss" });
  const boundaryFigure = h("div", { class: "figure", id: "sgd-boundary", "data-testid": "sgd-boundary" });
  const error = h("p", { class: "error", role: "alert", id: "sgd-error", hidden: true });
  const summary = h("div", { id: "sgd-summary" });
  let current: SgdOutcome | null = null;

  const draw = (k: number) => {
    if (!current) return;
    const epoch = k / POINTS_PER_EPOCH;
    const width = figureWidth(lossFigure, 760);
    const height = Math.round(Math.min(480, Math.max(300, width * 0.68)));
    mountSvg(lossFigure, lossChart(current.regimes, { width, height, epoch }), "Training loss per epoch for full batch, minibatch and stochastic gradient descent");
    const others = current.d - 2;
    const title = `Decision boundaries at epoch ${Number(epoch.toFixed(2))}${others > 0 ? ` (the other ${others} features at their means)` : ""}`;
    const svg = mountSvg(boundaryFigure, boundaryChart(current.plot, current.regimes, { width, height, epoch, title }), "Data points and the decision boundary each regime has learned by this epoch");
    drawAllPoints(svg, current.plot);
  };
  const replay = timeline({ idPrefix: "sgd", unit: "epoch", stride: POINTS_PER_EPOCH, draw, label: epochLabel });
  const output = h("section", { class: "output", "aria-label": "Result", "aria-busy": "true" }, [replay.element, error, h("div", { class: "figures" }, [lossFigure, boundaryFigure]), lesson("sgd"), summary]);
  root.classList.add("figure-first");
  root.append(
    output,
    h("section", { class: "controls", "aria-label": "Controls" }, [
      field("Data set", datasetSelect),
      csv.element,
      ratioField,
      h("p", { class: "hint" }, ["Model: logistic regression on standardized features."]),
      controls[0]!.element,
      field("Minibatch size (log scale; right end = full batch)", batchSlider),
      ...controls.slice(1).map((c) => c.element),
      exportBar("descent-sgd", () => svgsIn(lossFigure, boundaryFigure), () => ({ state: ctx.state(), results: current?.regimes ?? [] })),
    ]),
  );

  // One computation at a time: while one runs only the newest request waits (a slider drag
  // must not queue a hundred trainings).
  let nextId = 0;
  let inFlight = false;
  let queued: SgdRequest | null = null;
  let lastKey = "";
  const compute = (r: SgdRequest) => {
    inFlight = true;
    send({ type: "compute", id: ++nextId, request: r });
  };
  const request = (state: PlaygroundState) => {
    const r = requestOf(state);
    const key = JSON.stringify([r, fileVersion]);
    if (key === lastKey) return;
    lastKey = key;
    output.setAttribute("aria-busy", "true");
    if (inFlight) queued = r;
    else compute(r);
  };
  worker.onmessage = (event: MessageEvent<FromSgdWorker>) => {
    inFlight = false;
    if (queued) {
      const r = queued;
      queued = null;
      return compute(r);
    }
    output.setAttribute("aria-busy", "false");
    const m = event.data;
    if (m.type === "error") {
      error.hidden = false;
      error.textContent = m.message;
      showFailure(root, m.message);
      return;
    }
    error.hidden = true;
    showFailure(root, null);
    show(m.outcome);
  };

  const show = (outcome: SgdOutcome) => {
    current = outcome;
    if (outcome.columns) csv.showColumns(outcome.columns.features, outcome.columns.drawable, outcome.columns.target, ctx.state());
    const last = Math.max(0, ...outcome.regimes.map((r) => r.epochs[r.epochs.length - 1]!));
    replay.load(Math.round(last * POINTS_PER_EPOCH));
    const heldOut = outcome.heldOut > 0;
    const head = h("tr", {}, ["regime", "updates", "final loss", "training accuracy", ...(heldOut ? ["held-out accuracy"] : [])].map((t) => h("th", { scope: "col" }, [t])));
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    const rows = outcome.regimes.map((r) =>
      h("tr", {}, [
        h("td", { class: "name" }, [r.name]), h("td", {}, [String(r.updates)]), h("td", {}, [r.diverged ? "diverged" : fmt(r.losses[r.losses.length - 1]!)]), h("td", {}, [pct(r.accuracy)]),
        ...(heldOut && r.heldOut !== null ? [h("td", { "data-testid": "sgd-held-out" }, [pct(r.heldOut)])] : []),
      ]),
    );
    const caption = heldOut
      ? `${outcome.n} training rows, ${outcome.heldOut} held out (never trained on), ${outcome.d} features`
      : `${outcome.n} examples, ${outcome.d} features; accuracy on the training data`;
    summary.replaceChildren(h("table", { class: "iterates", id: "sgd-table" }, [h("caption", {}, [caption]), h("thead", {}, [head]), h("tbody", {}, rows)]));
  };

  const render = (state: PlaygroundState) => {
    for (const c of controls) c.sync(state);
    syncValue(datasetSelect, state.dataset);
    const k = state.batch === 0 ? fullAt : Math.min(fullAt, Math.round(Math.log2(state.batch)));
    syncValue(batchSlider, String(k));
    batchSlider.setAttribute("aria-valuetext", state.batch === 0 ? "full batch" : `${state.batch} examples`);
    const isCsv = state.dataset === "csv";
    ratioField.hidden = !isCsv;
    syncValue(ratio, String(state.ratio));
    ratioText.textContent = `(${state.ratio} % train, ${100 - state.ratio} % held out)`;
    csv.sync(state);
    request(state);
  };
  return {
    render,
    destroy() {
      replay.stop();
      worker.terminate();
    },
    hide: () => replay.stop(),
  };
};
