/**
 * View 5: a neural network learning live, TensorFlow Playground's core. The worker trains with
 * the library's trainer; this thread only sends the settings and draws the snapshots it gets back
 * (at most once per animation frame), so the page stays responsive while it trains. Any change of
 * data, network or optimizer starts a fresh run from new weights, as in TensorFlow Playground.
 */
import { NET_DATASET_LABELS, NET_DATASETS } from "../compute/datasets2d.js";
import type { PlotPoints, Snapshot } from "../compute/network.js";
import type { Command, CsvInput, FromWorker, ToWorker } from "../compute/network-protocol.js";
import { LIMITS, NET_ACTIVATIONS, type NetActivation, type PlaygroundState } from "../state.js";
import { button, field, h, syncValue } from "../ui/dom.js";
import { transport } from "../ui/timeline.js";
import { exportBar, svgsIn } from "../ui/export.js";
import { mountSvg } from "../ui/figure.js";
import { formatNumber as fmt } from "../ui/format.js";
import { timed } from "../ui/timing.js";
import type { ViewContext, ViewFactory } from "./context.js";
import { integerControl, learningRateControl, optimizerControl } from "./controls.js";
import { optimizerNames } from "./optimizer-names.js";
import { HeatMap, landscapeFigures, lossCurves, metricCurves } from "./network-render.js";
import { csvPanel } from "./csv-panel.js";
import { growAxes, type CurveAxes } from "./live-axes.js";

const GRID = 64;
const CURVE_MS = 250;
/** Updates per tick (about 30 per second) offered by the speed picker. */
const SPEEDS: [number, string][] = [[1, "slow: 1 update per tick"], [10, "normal: 10 per tick"], [100, "fast: 100 per tick"], [0, "as fast as possible"]];

/** The settings a run depends on; a change of any of them restarts training. */
function runKey(state: PlaygroundState, csv: Pick<CsvInput, "text" | "name"> | null): string {
  return JSON.stringify([state.netData, state.noise, state.ratio, state.layers, state.activation, state.optimizers[0], state.lr, state.schedule, state.batch, state.seed, state.target, state.xcol, state.ycol, state.missing, csv?.text.length, csv?.name]);
}

const LESSON = [
  "Each update takes a minibatch of training points, measures the loss (cross-entropy for classes, squared error for the surface), backpropagates it through every layer and moves all weights a little downhill: w ← w − η·∇L(w) for plain SGD; momentum and Adam use running averages of ∇L.",
  "What to notice: the background is the network's prediction everywhere in the plane. A network with no hidden layer can only draw a straight boundary; hidden layers bend it. Watch the test curve: when it rises while the training curve still falls, the network is fitting the noise (overfitting).",
  "The learning rate η sets the step: too small and nothing moves, too large and the loss jumps or becomes infinite (training then stops and says so). For Adam, η ≈ 0.01–0.03 is a good start; plain SGD usually needs a larger η (0.1–1).",
];

export const createNetworkView: ViewFactory = (root: HTMLElement, ctx: ViewContext) => {
  const worker = new Worker(new URL("../compute/network-worker.ts", import.meta.url), { type: "module" });
  let generation = 0;
  let points: PlotPoints | null = null;
  let latest: Snapshot | null = null;
  let frame = 0;
  /** What the user asked for (Play or Pause) … */
  let playing = false;
  /** … and what the worker last confirmed: the bar shows this, so Pause shows once it is final. */
  let running = false;
  let lastKey = "";
  let lastDrawn: Snapshot | null = null;
  let playSpeed = ctx.state().speed;
  let curvesAt = 0;
  /** The curves' axes for this run: they only grow (live-axes.ts). */
  let axes: CurveAxes | null = null;
  const send = (m: ToWorker) => worker.postMessage(m);
  // Transport commands are numbered; snapshots posted before the worker read the latest one are
  // dropped (network-protocol.ts), so nothing the worker trained before a Pause lands after it.
  let sent = 0;
  type Unnumbered<T> = T extends { seq: number } ? Omit<T, "seq"> : never;
  const command = (m: Unnumbered<Command>) => send({ ...m, seq: ++sent } as Command);

  // Transport and read-outs, above the figure: the playground's one timeline bar, driving the worker.
  // The scrubber looks back through the recorded points (training pauses); Play and Step go on
  // from the latest weights.
  let viewing: number | null = null;
  let liveUpdates = 0;
  const bar = transport("net", "update", {
    play: () => setPlaying(true),
    pause: () => setPlaying(false),
    step() {
      playing = false;
      viewing = null;
      command({ type: "step", batches: 1 });
    },
    reset: () => restart(),
    seek(k) {
      // The worker pauses too: the answer carries the live weights' final count.
      playing = false;
      viewing = k;
      command({ type: "view", updates: k });
    },
  });
  const counterText = (s: Snapshot | null) => (s ? `epoch ${s.epoch.toFixed(2)} · ${s.updates} updates${viewing !== null ? ` (of ${liveUpdates})` : ""}` : "epoch 0 · 0 updates");
  const showBar = () => bar.show(latest?.updates ?? 0, liveUpdates, counterText(latest), running);
  const trainOut = h("output", { "data-testid": "train-accuracy", id: "net-train-metric" }, ["–"]);
  const testOut = h("output", { "data-testid": "test-accuracy", id: "net-test-metric" }, ["–"]);
  const lossOut = h("output", { id: "net-loss-now" }, ["–"]);
  const speed = h("select", { id: "net-speed" }, SPEEDS.map(([v, label]) => h("option", { value: v }, [label])));
  speed.addEventListener("change", () => ctx.update({ speed: Number(speed.value) }));
  const status = h("p", { class: "status", id: "net-status", role: "status" });
  const error = h("p", { class: "error", role: "alert", id: "net-error", hidden: true });
  const downloadButton = button("Download model", () => send({ type: "model" }), { "data-testid": "download-model", id: "net-download", title: "a descent model file: descent predict model.json data.csv" });

  const canvas = h("canvas", { id: "net-canvas", role: "img", "aria-label": "Decision boundary: the network's prediction over the plane, with the training points (white outline) and test points (black outline)" });
  const heatMap = new HeatMap(canvas);
  const heat = h("div", { class: "figure heat", id: "net-boundary", "data-testid": "boundary" }, [canvas]);
  const lossFigure = h("div", { class: "figure", id: "net-loss" });
  const metricFigure = h("div", { class: "figure", id: "net-metric" });
  const legend = h("p", { class: "hint", id: "net-legend" });
  const showTest = h("input", { type: "checkbox", id: "net-show-test", checked: true });
  showTest.addEventListener("change", () => draw(true));

  // Controls, grouped.
  const datasetSelect = h("select", { id: "net-dataset", "data-testid": "dataset" }, [
    ...NET_DATASETS.map((d) => h("option", { value: d }, [NET_DATASET_LABELS[d]])),
    h("option", { value: "csv" }, ["your CSV file"]),
  ]);
  datasetSelect.addEventListener("change", () => ctx.update({ netData: datasetSelect.value as PlaygroundState["netData"] }));
  const noise = h("input", { id: "net-noise", type: "range", min: LIMITS.noise[0], max: LIMITS.noise[1], step: 0.01 });
  noise.addEventListener("input", () => ctx.update({ noise: Number(noise.value) }));
  const ratio = h("input", { id: "net-ratio", type: "range", min: LIMITS.ratio[0], max: LIMITS.ratio[1], step: 5 });
  ratio.addEventListener("input", () => ctx.update({ ratio: Number(ratio.value) }));
  const noiseText = h("span", { class: "value" });
  const ratioText = h("span", { class: "value" });
  const layers = h("input", { id: "net-layers", type: "text", spellcheck: "false", autocomplete: "off", inputmode: "numeric" });
  const layersMessage = h("small", { class: "field-error", id: "net-layers-error", "aria-live": "polite" });
  layers.setAttribute("aria-describedby", "net-layers-error");
  layers.addEventListener("input", () => {
    const widths = layers.value.split(",").map((s) => s.trim()).filter((s) => s !== "");
    const ok = widths.length <= LIMITS.maxLayers && widths.every((w) => /^\d+$/.test(w) && Number(w) >= 1 && Number(w) <= LIMITS.maxNeurons);
    layers.setAttribute("aria-invalid", ok ? "false" : "true");
    layersMessage.textContent = ok ? "" : `layers="${layers.value}" expects widths like "8,8", each a whole number from 1 to ${LIMITS.maxNeurons} (at most ${LIMITS.maxLayers} layers)`;
    root.classList.toggle("stale", !ok);
    if (ok) ctx.update({ layers: widths.map(Number) });
  });
  const addLayer = button("+ layer", () => ctx.update({ layers: [...ctx.state().layers, ctx.state().layers.at(-1) ?? 4].slice(0, LIMITS.maxLayers) }), { id: "net-add-layer" });
  const removeLayer = button("− layer", () => ctx.update({ layers: ctx.state().layers.slice(0, -1) }), { id: "net-remove-layer" });
  const activation = h("select", { id: "net-activation" }, NET_ACTIVATIONS.map((a) => h("option", { value: a }, [a])));
  activation.addEventListener("change", () => ctx.update({ activation: activation.value as NetActivation }));
  const schedule = h("input", { id: "net-schedule", type: "text", spellcheck: "false", autocomplete: "off", placeholder: "constant" });
  const scheduleMessage = h("small", { class: "field-error", id: "net-schedule-error", "aria-live": "polite" });
  schedule.setAttribute("aria-describedby", "net-schedule-error");
  schedule.addEventListener("change", () => ctx.update({ schedule: schedule.value.trim() }));
  const optimizer = optimizerControl(ctx, "net-optimizer", false, optimizerNames());
  const lr = learningRateControl(ctx, "net", [-4, 0.5]);
  const batch = integerControl(ctx, "net-batch", "Batch size (0 = all training points)", "batch", 0, LIMITS.batch[1]);
  const seed = integerControl(ctx, "net-seed", "Seed (data, split, weights, shuffling)", "seed", 0, 2 ** 32 - 1);
  const csv = csvPanel(ctx, "net", (state) => state.netData === "csv", (file) => {
    csvInput = file;
    ctx.update({ netData: "csv", target: "", xcol: "", ycol: "" });
    lastKey = "";
    restartIfChanged(ctx.state());
  });
  let csvInput: Pick<CsvInput, "text" | "name"> | null = null;

  const landscapeStatus = h("p", { class: "hint", id: "net-landscape-status", "aria-live": "polite" }, ["Computed on demand in the worker, around the weights of the moment."]);
  const landscapeFigs = h("div", { class: "figures landscape-figures", id: "net-landscape-figures" });
  const landscapeButton = button("Compute the loss landscape", () => {
    landscapeStatus.textContent = "computing…";
    send({ type: "landscape" });
  }, { id: "net-landscape-button" });
  const landscapeSection = h("section", { class: "landscape", "data-testid": "landscape", id: "net-landscape", "aria-label": "Loss landscape" }, [
    h("h2", {}, ["Loss landscape"]),
    h("p", {}, ["The training loss around the current weights, as Li et al. (2018) draw it: along two random directions scaled neuron by neuron to the weights (filter normalization), and on the plane of the two principal directions of the path the weights took, with that path; then on the straight line from the start to now. A wide flat basin around “now” generalises better than a sharp one; a line that dips below both ends shows the path was not straight."]),
    landscapeButton,
    landscapeStatus,
    landscapeFigs,
  ]);

  const exportRecord = () => ({ state: ctx.state(), snapshot: latest && { ...latest, grid: undefined } });
  root.append(
    h("section", { class: "output", "aria-label": "Result" }, [
      bar.element,
      error,
      status,
      h("div", { class: "figures network-figures" }, [
        h("figure", { class: "boundary-figure" }, [heat, h("figcaption", {}, [legend, field("show test points", showTest)])]),
        h("div", { class: "curves" }, [lossFigure, metricFigure]),
      ]),
      landscapeSection,
      h("div", { class: "lesson notes", id: "net-lesson" }, [h("h2", {}, ["What you are watching"]), ...LESSON.map((t) => h("p", {}, [t]))]),
      h("div", { class: "buttons" }, [downloadButton, exportBar("descent-network", () => svgsIn(lossFigure, metricFigure), exportRecord)]),
    ]),
    h("section", { class: "controls", "aria-label": "Controls" }, [
      h("fieldset", { class: "group" }, [
        h("legend", {}, ["Data"]),
        field("Data set", datasetSelect),
        h("label", { class: "field" }, [h("span", { class: "field-label" }, ["Noise ", noiseText]), noise]),
        h("label", { class: "field" }, [h("span", { class: "field-label" }, ["Training share ", ratioText]), ratio]),
        csv.element,
      ]),
      h("fieldset", { class: "group" }, [
        h("legend", {}, ["Network"]),
        field("Hidden layers (neurons per layer, comma-separated; empty = linear model)", layers),
        layersMessage,
        h("div", { class: "buttons" }, [addLayer, removeLayer]),
        field("Activation", activation),
      ]),
      h("fieldset", { class: "group" }, [
        h("legend", {}, ["Training"]),
        optimizer.element,
        lr.element,
        field("Learning-rate schedule (e.g. cosine:t_max=2000, step:step_size=500,gamma=0.5)", schedule),
        scheduleMessage,
        batch.element,
        seed.element,
      ]),
    ]),
  );

  bar.element.append(
    field("Speed", speed),
    h("span", { class: "readout" }, ["train ", trainOut]),
    h("span", { class: "readout" }, ["test ", testOut]),
    h("span", { class: "readout" }, ["loss ", lossOut]),
  );
  showBar();
  /** Asks the worker to play or pause; the bar changes when its answer arrives (onmessage). */
  const setPlaying = (on: boolean) => {
    if (on === playing || (on && (latest?.stopped || !error.hidden))) return;
    playing = on;
    if (playing) viewing = null;
    command(playing ? { type: "play", perTick: ctx.state().speed } : { type: "pause" });
  };

  // The page's whole share of training: one of these per frame at most (User Timing "network:frame").
  const draw = (force = false) => timed("network:frame", () => {
    frame = 0;
    if (!latest || !points) return;
    if (!force && latest === lastDrawn) return;
    lastDrawn = latest;
    const s = latest;
    const width = Math.max(280, Math.min(460, heat.clientWidth || 460));
    const grid = points;
    timed("network:heat", () => heatMap.draw(s.grid, grid, { size: width, showTest: showTest.checked }));
    // The SVG curves cost more than the canvas: redrawn at most every CURVE_MS while playing.
    const now = performance.now();
    if (force || !running || now - curvesAt >= CURVE_MS) {
      curvesAt = now;
      const cw = Math.max(300, Math.min(620, lossFigure.clientWidth || 520));
      const at = viewing === null ? undefined : s.updates;
      const a = (axes = growAxes(axes, s.series, s.metric));
      timed("network:curves", () => {
        mountSvg(lossFigure, lossCurves(s.series, a, cw, 220, at), "Training and test loss against the number of updates");
        mountSvg(metricFigure, metricCurves(s.series, s.metric, a, cw, 220, at), `Training and test ${s.metric === "r2" ? "R²" : "accuracy"} against the number of updates`);
      });
    }
    const name = s.metric === "r2" ? "R²" : "accuracy";
    const show = (v: number) => (s.metric === "r2" ? `${name} ${fmt(v, 3)}` : `${name} ${(100 * v).toFixed(1)}%`);
    showBar();
    trainOut.textContent = show(s.trainMetric);
    testOut.textContent = show(s.testMetric);
    lossOut.textContent = `${fmt(s.trainLoss, 3)} / ${fmt(s.testLoss, 3)}`;
    status.textContent = s.stopped ?? "";
    status.classList.toggle("warning", s.stopped !== null);
    if (s.stopped) playing = false;
  });
  const schedule2 = () => {
    if (frame === 0) frame = requestAnimationFrame(() => draw());
  };

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const m = event.data;
    if ("generation" in m && m.generation !== generation) return;
    switch (m.type) {
      case "ready":
        points = m.points;
        heatMap.invalidate();
        error.hidden = true;
        root.classList.remove("stale");
        csv.showColumns(m.columns, m.drawable, m.target, ctx.state());
        legend.textContent = legendText(points, m.rows);
        break;
      case "snapshot":
        // Posted before the worker read the latest command: stale (a chunk trained before Pause).
        if (m.seq !== sent) break;
        liveUpdates = m.live;
        running = m.playing;
        if (!m.past) viewing = null;
        latest = m.snapshot;
        schedule2();
        break;
      case "model":
        download(m.name, m.json);
        break;
      case "landscape": {
        const w = Math.max(300, Math.min(520, (landscapeFigs.clientWidth || 1000) / 2 - 12));
        const f = landscapeFigures(m.landscape, Math.round(w));
        const box = (id: string, svg: string, label: string) => {
          const el = h("div", { class: "figure", id });
          mountSvg(el, svg, label);
          return el;
        };
        landscapeFigs.replaceChildren(
          box("net-landscape-random", f.random, "Contours of the training loss on a random filter-normalized 2-D slice around the current weights"),
          ...(f.pca ? [box("net-landscape-pca", f.pca, "Contours of the training loss on the PCA plane of the training path, with the path")] : []),
          box("net-landscape-line", f.line, "Training loss on the line from the starting weights to the current weights"),
        );
        landscapeStatus.textContent = `Around the weights after ${m.updates} updates${f.pca ? "" : " (the PCA plane needs a few more snapshots of the path: train a little first)"}.`;
        break;
      }
      case "error":
        error.hidden = false;
        error.textContent = m.message;
        root.classList.add("stale");
        playing = false;
        running = false;
        showBar();
        break;
    }
  };

  const restart = () => {
    const state = ctx.state();
    lastKey = runKey(state, csvInput);
    if (state.netData === "csv" && !csvInput) {
      error.hidden = false;
      error.textContent = "Choose a CSV file below (files are never put in the link, so after a reload the file must be chosen again).";
      return;
    }
    generation += 1;
    latest = null;
    lastDrawn = null;
    axes = null;
    viewing = null;
    liveUpdates = 0;
    send({
      type: "reset",
      gridSize: GRID,
      csv: state.netData === "csv" ? { ...csvInput!, target: state.target, xColumn: state.xcol, yColumn: state.ycol, missing: state.missing } : null,
      config: { dataset: state.netData, noise: state.noise, ratio: state.ratio, hidden: state.layers, activation: state.activation, optimizer: state.optimizers[0]!, lr: state.lr, schedule: state.schedule, batch: state.batch, seed: state.seed },
    });
    // The worker counts generations too: each reset is one.
    if (playing) command({ type: "play", perTick: state.speed });
  };
  const restartIfChanged = (state: PlaygroundState) => {
    if (runKey(state, csvInput) !== lastKey) restart();
  };

  const render = (state: PlaygroundState) => {
    syncValue(datasetSelect, state.netData);
    syncValue(noise, String(state.noise));
    noiseText.textContent = `(${state.noise})`;
    syncValue(ratio, String(state.ratio));
    ratioText.textContent = `(${state.ratio} % train, ${100 - state.ratio} % test)`;
    if (layers.getAttribute("aria-invalid") !== "true") syncValue(layers, state.layers.join(","));
    syncValue(activation, state.activation);
    syncValue(speed, String(state.speed));
    if (playing && state.speed !== playSpeed) command({ type: "play", perTick: state.speed });
    playSpeed = state.speed;
    syncValue(schedule, state.schedule);
    for (const c of [optimizer, lr, batch, seed]) c.sync(state);
    noise.disabled = state.netData === "csv";
    csv.sync(state);
    restartIfChanged(state);
  };
  return {
    render,
    destroy() {
      if (frame !== 0) cancelAnimationFrame(frame);
      worker.terminate();
    },
    hide() {
      setPlaying(false);
    },
  };
};

function legendText(points: PlotPoints, rows: number): string {
  const kinds = points.classes ? `colours are classes (${points.classes.map((c, i) => `${["orange", "blue", "green", "purple", "red", "sky blue"][i] ?? "?"} = ${c}`).join(", ")})` : "colours are values (orange low, blue high)";
  return `${rows} points: ${points.train.length / 3} for training (white outline), ${points.test.length / 3} for testing (black outline); ${kinds}.`;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
