/**
 * Data-parallel batch gradients over worker threads: the batch's rows are cut into one share per
 * worker (the calling thread computes the first), each share's gradient is computed by the same
 * compiled step the trainer uses (batch-step.ts) on parameters that live in shared memory,
 * the shares' gradients are reduced into one (weighted by rows, in worker order, so a given worker
 * count is deterministic) and the trainer takes one optimizer step. Not bit-identical to one
 * thread: the batch sum is added in another order (float32 rounding differs).
 *
 * While the shares run, each thread's matrix products stay on that thread (the native pool is
 * limited to one thread, else two workers would each wake a helper on two cores); the limit is
 * lifted again before the optimizer step, which then has the whole pool.
 *
 * Node only (worker_threads, SharedArrayBuffer, Atomics.wait on the calling thread).
 */
import { Worker } from "node:worker_threads";
import { OptionError } from "../errors.js";
import { native } from "../kernels/index.js";
import type { BatchResult } from "./batch-step.js";
import type { LossName } from "./losses.js";
import { layerSizes, parameterNames, type ModelSpec, type Params } from "./model.js";
import { makeBatchGradient } from "./batch-step.js";

/**
 * Control words: [generation, finished shares, rows in the batch, quit, workers started], then the shares' row
 * bounds (workers + 1 words: share w is rows BOUNDS+w .. BOUNDS+w+1), written by the calling
 * thread only when the batch size changes (the last batch of an epoch), read by the workers.
 */
const GEN = 0, DONE = 1, ROWS = 2, QUIT = 3, READY = 4, BOUNDS = 5;

export interface DataParallelSetup {
  spec: ModelSpec;
  loss: LossName;
  /** Per-class loss weights (by class index), as the one-thread step takes them. */
  classWeights?: Float32Array;
  workers: number;
  maxBatch: number;
  control: SharedArrayBuffer;
  /** One buffer per parameter (the compiled step wants inputs that share no storage). */
  params: SharedArrayBuffer[];
  /** Per worker (1..workers−1): its rows, targets, gradients, loss and outputs. */
  shares: { x: SharedArrayBuffer; y: SharedArrayBuffer; grads: SharedArrayBuffer[]; loss: SharedArrayBuffer; outputs: SharedArrayBuffer }[];
}

export interface DataParallelGradient {
  (params: Params, x: Float32Array, y: Float32Array): BatchResult;
  /** True once every worker thread has started (a call before that waits for them). */
  ready(): boolean;
  /** Stops the worker threads. */
  close(): void;
}

/** Offsets of each parameter in one flat float32 array, in parameter order. */
export function parameterLayout(spec: ModelSpec): { name: string; offset: number; size: number }[] {
  const sizes = layerSizes(spec);
  let offset = 0;
  return parameterNames(spec).map((name, i) => {
    const l = i >> 1;
    const size = i % 2 === 0 ? sizes[l]! * sizes[l + 1]! : sizes[l + 1]!;
    const entry = { name, offset, size };
    offset += size;
    return entry;
  });
}

/** One shared buffer per parameter of the layout. */
export function sharedBuffers(layout: ReturnType<typeof parameterLayout>): SharedArrayBuffer[] {
  return layout.map(({ size }) => new SharedArrayBuffer(size * 4));
}

/** The buffers (one per parameter, in layout order) as named parameters. */
export function viewParams(buffers: SharedArrayBuffer[], layout: ReturnType<typeof parameterLayout>): Params {
  const out: Params = {};
  layout.forEach(({ name, size }, i) => (out[name] = new Float32Array(buffers[i]!, 0, size)));
  return out;
}

/** Row ranges of the shares: as even as possible, the first shares one row longer. */
export function shareRanges(m: number, workers: number): [number, number][] {
  const bounds = new Int32Array(BOUNDS + workers + 1);
  writeShareBounds(bounds, m, workers);
  return Array.from({ length: workers }, (_, w) => [bounds[BOUNDS + w]!, bounds[BOUNDS + w + 1]!]);
}

/** Writes the shares' row bounds for a batch of m rows into the control words (workers + 1 of them). */
function writeShareBounds(control: Int32Array, m: number, workers: number): void {
  const base = Math.floor(m / workers);
  const extra = m % workers;
  control[BOUNDS] = 0;
  for (let w = 0; w < workers; w++) control[BOUNDS + w + 1] = control[BOUNDS + w]! + base + (w < extra ? 1 : 0);
}

function startWorker(setup: DataParallelSetup, index: number): Worker {
  const data = { setup, index };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./data-parallel-worker.node.js", import.meta.url), { workerData: data });
  const target = new URL("./data-parallel-worker.node.ts", import.meta.url).href;
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

/**
 * A gradient function like makeBatchGradient's, over `workers` threads (this one and
 * workers − 1 helpers). `params` is moved into shared memory: its arrays are replaced by views of
 * one SharedArrayBuffer holding the same values, before the caller keeps references to them.
 * With `classWeights` each share's loss is the mean of wᵢ·lᵢ over its rows, so the rows-weighted
 * reduction below is the batch's weighted mean, as on one thread.
 */
export function makeDataParallelGradient(
  spec: ModelSpec, loss: LossName, params: Params, workers: number, maxBatch: number, classWeights?: Float32Array,
): DataParallelGradient {
  const layout = parameterLayout(spec);
  const k = spec.outputs;
  const d = spec.inputs;
  const rowsPerShare = Math.ceil(maxBatch / workers);
  const setup: DataParallelSetup = {
    spec, loss, workers, maxBatch,
    ...(classWeights ? { classWeights } : {}),
    control: new SharedArrayBuffer((BOUNDS + workers + 1) * 4),
    params: sharedBuffers(layout),
    shares: Array.from({ length: workers - 1 }, () => ({
      x: new SharedArrayBuffer(rowsPerShare * d * 4),
      y: new SharedArrayBuffer(rowsPerShare * 4),
      grads: sharedBuffers(layout),
      loss: new SharedArrayBuffer(8),
      outputs: new SharedArrayBuffer(rowsPerShare * k * 4),
    })),
  };
  const shared = viewParams(setup.params, layout);
  for (const { name } of layout) {
    shared[name]!.set(params[name]!);
    params[name] = shared[name]!;
  }
  const control = new Int32Array(setup.control);
  const threads = Array.from({ length: workers - 1 }, (_, w) => startWorker(setup, w + 1));
  for (const t of threads) t.unref();
  const shareX = setup.shares.map((s) => new Float32Array(s.x));
  const shareY = setup.shares.map((s) => new Float32Array(s.y));
  const shareGrads = setup.shares.map((s) => viewParams(s.grads, layout));
  const shareLoss = setup.shares.map((s) => new Float64Array(s.loss));
  const shareOutputs = setup.shares.map((s) => new Float32Array(s.outputs));
  const own = makeBatchGradient(spec, loss, classWeights);
  const grads: Params = {};
  for (const { name, size } of layout) grads[name] = new Float32Array(size);
  let outputs = new Float32Array(maxBatch * k);
  const bound = (w: number) => control[BOUNDS + w]!;
  let boundsFor = -1; // the batch size the bounds in `control` were written for

  const gradient = ((p: Params, x: Float32Array, y: Float32Array): BatchResult => {
    const m = y.length;
    if (m !== boundsFor) {
      writeShareBounds(control, m, workers);
      boundsFor = m;
    }
    for (let w = 1; w < workers; w++) {
      const a = bound(w), b = bound(w + 1);
      shareX[w - 1]!.set(x.subarray(a * d, b * d));
      shareY[w - 1]!.set(y.subarray(a, b));
    }
    const poolThreads = native?.setThreads === undefined ? 0 : native.activeThreads!();
    native?.setThreads?.(1);
    Atomics.store(control, DONE, 0);
    Atomics.store(control, ROWS, m);
    Atomics.add(control, GEN, 1);
    Atomics.notify(control, GEN);
    const a0 = bound(0), b0 = bound(1);
    const mine = own(p, x.subarray(a0 * d, b0 * d), y.subarray(a0, b0));
    if (outputs.length < m * k) outputs = new Float32Array(m * k);
    outputs.set(mine.outputs, 0);
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done === workers - 1) break;
      Atomics.wait(control, DONE, done);
    }
    native?.setThreads?.(poolThreads);
    // One all-reduce: each share's mean gradient weighted by its rows, in worker order.
    let lossSum = mine.loss * (b0 - a0);
    for (const { name, size } of layout) {
      const g = grads[name]!;
      const g0 = mine.grads[name]!;
      const w0 = (b0 - a0) / m;
      for (let i = 0; i < size; i++) g[i] = w0 * g0[i]!;
    }
    for (let w = 1; w < workers; w++) {
      const a = bound(w), b = bound(w + 1);
      const weight = (b - a) / m;
      lossSum += shareLoss[w - 1]![0]! * (b - a);
      for (const { name, size } of layout) {
        const g = grads[name]!;
        const gw = shareGrads[w - 1]![name]!;
        for (let i = 0; i < size; i++) g[i] = g[i]! + weight * gw[i]!;
      }
      outputs.set(shareOutputs[w - 1]!.subarray(0, (b - a) * k), a * k);
    }
    return { loss: Math.fround(lossSum / m), outputs: outputs.subarray(0, m * k), grads };
  }) as DataParallelGradient;
  gradient.ready = () => Atomics.load(control, READY) === workers - 1;
  gradient.close = () => {
    Atomics.store(control, QUIT, 1);
    Atomics.add(control, GEN, 1);
    Atomics.notify(control, GEN);
    for (const t of threads) void t.terminate();
  };
  return gradient;
}

export const CONTROL = { GEN, DONE, ROWS, QUIT, READY, BOUNDS };
