/**
 * The network view's worker: owns the training run so the page's main thread only draws. While
 * playing it trains in slices of about 30 ms and posts a snapshot after each; between slices it
 * yields, so a pause or a reset gets through at once. A loss landscape is computed in slices too
 * (a few rows of its grids each), so transport commands are answered while it is computed.
 */
/// <reference lib="webworker" />
import { modelToJSON } from "../lib.js";
import { drawableInputs, sourceColumns, tableFrom } from "./csv-table.js";
import { flatten, landscapeSteps, type Landscape } from "./landscape.js";
import { createNetworkRun, type NetworkConfig, type NetworkRun } from "./network.js";
import type { FromWorker, ToWorker } from "./network-protocol.js";

const SLICE_MS = 30;
const TICK_MS = 33;
const scope = self as unknown as DedicatedWorkerGlobalScope;
let run: NetworkRun | null = null;
let generation = 0;
let gridSize = 64;
let playing = false;
let perTick = 0;
/** Weights along the run for the landscape's PCA plane: the start, then one per snapshot. */
let start: Float32Array | null = null;
let trajectory: Float32Array[] = [];
const MAX_TRAJECTORY = 150;
let timer: ReturnType<typeof setTimeout> | null = null;
/** The last transport command read (network-protocol.ts): every snapshot names it. */
let seq = 0;
/** Updates of the live weights as last posted (every advance is followed by a post). */
let live = 0;
/** The landscape being computed, a slice at a time; a reset or a newer request replaces it. */
let landscape: { generation: number; updates: number; steps: Generator<void, Landscape, void> } | null = null;

const post = (m: FromWorker) => scope.postMessage(m);

function publish(): void {
  if (!run) return;
  const now = flatten(run.model.spec, run.model.params);
  const last = trajectory[trajectory.length - 1];
  if (!last || last.some((v, i) => v !== now[i])) {
    if (trajectory.length >= MAX_TRAJECTORY) trajectory = trajectory.filter((_, i) => i % 2 === 0);
    trajectory.push(now);
  }
  const snapshot = run.snapshot(gridSize);
  live = snapshot.updates;
  post({ type: "snapshot", generation, seq, snapshot, live, playing, past: false });
}

/** Computes the landscape for about SLICE_MS, then yields to the message queue (and to training). */
function landscapeSlice(): void {
  const job = landscape;
  if (!job) return;
  // A reset since: that run's landscape is of no use.
  if (job.generation !== generation) {
    landscape = null;
    return;
  }
  const t0 = performance.now();
  try {
    for (;;) {
      const r = job.steps.next();
      if (r.done) {
        landscape = null;
        return post({ type: "landscape", generation: job.generation, landscape: r.value, updates: job.updates });
      }
      if (performance.now() - t0 >= SLICE_MS) break;
    }
  } catch (e) {
    landscape = null;
    return post({ type: "error", generation: job.generation, message: (e as Error).message });
  }
  setTimeout(landscapeSlice, 0);
}

function loop(): void {
  timer = null;
  if (!playing || !run) return;
  const ran = run.advance(perTick === 0 ? Infinity : perTick, SLICE_MS);
  if (ran === 0) playing = false; // stopped (diverged)
  publish();
  if (playing) timer = setTimeout(loop, perTick === 0 ? 0 : TICK_MS);
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if ("seq" in m) seq = m.seq;
  try {
    switch (m.type) {
      case "reset": {
        generation += 1;
        gridSize = m.gridSize;
        const table = m.csv ? tableFrom(m.csv) : undefined;
        const config: NetworkConfig = { ...m.config, ...(table ? { table } : {}) };
        run = null;
        run = createNetworkRun(config);
        start = flatten(run.model.spec, run.model.params);
        trajectory = [];
        const columns = table ? sourceColumns(table.data) : run.train.featureNames;
        const drawable = table ? drawableInputs(table.data) : run.train.featureNames;
        post({ type: "ready", generation, points: run.points(), columns, drawable, target: run.train.targetName, rows: run.train.n + run.test.n, notes: table?.notes ?? [] });
        publish();
        break;
      }
      case "play":
        playing = true;
        perTick = m.perTick;
        if (timer === null) loop();
        break;
      case "pause":
        playing = false;
        publish();
        break;
      case "step":
        playing = false;
        run?.advance(m.batches);
        publish();
        break;
      case "view": {
        playing = false;
        const past = run?.snapshotAt(m.updates, gridSize);
        // Every command is answered: with no recorded point, by the live weights.
        if (past) post({ type: "snapshot", generation, seq, snapshot: past, live, playing: false, past: true });
        else publish();
        break;
      }
      case "landscape": {
        if (!run || !start) break;
        const r = run;
        const scratch = Object.fromEntries(Object.entries(r.model.params).map(([k, v]) => [k, new Float32Array(v)]));
        // Around the weights of this moment (copied: training may go on between slices), along the path so far.
        const busy = landscape !== null;
        landscape = {
          generation,
          updates: live,
          steps: landscapeSteps({
            spec: r.model.spec, theta: flatten(r.model.spec, r.model.params), start, trajectory: [...trajectory], scratch, seed: 1,
            lossAt: (params) => r.lossAt(params),
          }),
        };
        if (!busy) setTimeout(landscapeSlice, 0);
        break;
      }
      case "model":
        if (run) post({ type: "model", json: JSON.stringify(modelToJSON(run.model, { loss: run.loss }), null, 1), name: `${run.name}-model.json` });
        break;
    }
  } catch (e) {
    playing = false;
    run = null;
    post({ type: "error", generation, message: (e as Error).message });
  }
};
