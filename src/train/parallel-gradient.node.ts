/**
 * The trainer's batch gradient on the fastest use of the cores, chosen by measuring, for the
 * trainer's `makeGradient` option (the default of the Node entry's `train`, of `descent train` and
 * of the streaming trainer). Whether all kernel threads or one is faster depends on the machine, the
 * model, the batch size and what else runs, so no static rule holds: the run measures, in
 * interleaved blocks of batches after a warm-up, keeps the simplest way within a margin of the
 * fastest, and re-checks now and then (the rule: parallel-gradient-chooser.ts). A process keeps
 * the chooser of each work (model, loss, batch size), so a later run of it (another seed, a
 * benchmark's timed run after its warm-up) goes on where the last one left: no new warm-up trial,
 * and the re-checks keep coming even when every run is shorter than the interval between them.
 *
 * Candidates: one kernel thread, all of them, and data-parallel workers (one per kernel thread)
 * where they can win: at least 4 cores (on 2 they lost every measurement, 2 to 4 times slower
 * than either thread count: docs/scale.md), a built-in model and a named loss (the workers rebuild
 * the step from its description), and 256 rows per worker (large batches: where a kernel thread's
 * share of each product is small). Kernel thread counts give the same bits; workers add the
 * batch's gradient in another order (float32 rounding; parallel-gradient.test.ts holds them to
 * 1e-4 of the step losses), so a run that tries workers repeats only to rounding.
 *
 * Each batch is timed from its gradient call to the next call, so the optimizer step (split over
 * the kernel threads too) counts, per row (the last batch of an epoch is shorter).
 */
import { availableParallelism } from "node:os";
import { OptionError } from "../errors.js";
import { native } from "../kernels/index.js";
import type { BatchResult } from "./batch-step.js";
import { makeDataParallelGradient, type DataParallelGradient } from "./data-parallel.node.js";
import type { LossChoice } from "./losses.js";
import { layerSizes, type ModelSpec, type Params } from "./model.js";
import { CHOOSER_SETTINGS, ParallelChooser, type ChooserSettings, type ChooserState } from "./parallel-gradient-chooser.js";
import { parallelismName, parseParallelism, type Parallelism, type ParallelismChoice, type ParallelismReport } from "./parallelism.js";
import { makeBatchGradient } from "./batch-step.js";

export interface ParallelGradient {
  (params: Params, x: Float32Array, y: Float32Array): BatchResult;
  close(): void;
  /** What the run uses (so far, while measuring) and why. */
  readonly parallelism: ParallelismReport;
}

/** DESCENT_PARALLEL, else "auto". */
export function parallelismFromEnv(env: Record<string, string | undefined> = process.env): ParallelismChoice {
  const v = env.DESCENT_PARALLEL;
  return v === undefined || v.trim() === "" ? "auto" : parseParallelism(v, "DESCENT_PARALLEL");
}

/** The kernel pool's size (1 without native kernels). */
function poolThreads(): number {
  return native?.threads ?? 1;
}

/** Sets the kernel threads (1..pool, 0 = the whole pool); false where this build cannot. */
function setKernelThreads(n: number): boolean {
  if (native?.setThreads === undefined) return n === 0 || n === poolThreads();
  native.setThreads(n);
  return true;
}

/** Sets the kernel threads candidate `c` runs on (data-parallel workers: the whole pool). */
export function useCandidate(c: Parallelism): void {
  setKernelThreads(c.kind === "threads" ? c.threads : 0);
}

/** The candidate a fresh chooser starts on: all kernel threads (what a run without measuring used). */
export function allThreadsCandidate(list: readonly Parallelism[]): number {
  return Math.max(0, list.findIndex((c) => c.kind === "threads" && c.threads === poolThreads()));
}

/**
 * The report of a chooser over `list` (written `names`): the kept candidate and, once a trial has
 * ended, the trials and switches since `before` and each measured candidate's relative time.
 */
export function chooserReport(s: ChooserState, list: readonly Parallelism[], names: readonly string[], before = { trials: 0, switches: 0 }): ParallelismReport {
  if (s.trials === 0) return { used: list[s.kept]!, how: "run too short to measure" };
  return {
    used: list[s.kept]!,
    how: "measured",
    trials: s.trials - before.trials,
    switches: s.switches - before.switches,
    relative: Object.fromEntries(names.flatMap((n, i) => (Number.isFinite(s.relative[i]!) ? [[n, s.relative[i]!]] : []))),
  };
}

/** Where data-parallel workers are worth measuring (see the module comment). */
export interface WorkerRoom {
  cores: number;
  batchSize: number;
  /** The workers can rebuild the step: a built-in model and a loss by name. */
  describable: boolean;
}

/** The rows each worker needs at least for workers to be measured. */
export const ROWS_PER_WORKER = 256;

/** The candidates "auto" measures, simplest first: one kernel thread, all of them, then workers where they can win. */
export function candidates(room: WorkerRoom = { cores: availableParallelism(), batchSize: 0, describable: false }): Parallelism[] {
  const pool = poolThreads();
  const out: Parallelism[] = [];
  if (pool > 1 && native?.setThreads !== undefined) out.push({ kind: "threads", threads: 1 });
  out.push({ kind: "threads", threads: pool });
  const workers = Math.min(pool, room.cores);
  if (room.cores >= 4 && workers >= 2 && room.describable && room.batchSize >= ROWS_PER_WORKER * workers) out.push({ kind: "workers", workers });
  return out;
}

/**
 * The chooser of each work (see `workKey`) this process has trained: a later run of the same work
 * goes on with it (what it kept, what it dropped, the count to its next re-check), so a run of a
 * few dozen batches still gets re-checked over several runs.
 */
const choosers = new Map<string, ParallelChooser>();

/** Batches a run continuing a chooser runs untimed first (the compiled step is built on the first). */
export const RUN_WARMUP = 2;

/** Forgets what earlier runs of this process measured. */
export function forgetMeasurements(): void {
  choosers.clear();
}

/** A number per function object, so a custom network or loss names its work by identity (held weakly). */
const functionIds = new WeakMap<object, number>();
let functionsSeen = 0;

function functionId(f: object): string {
  let id = functionIds.get(f);
  if (id === undefined) functionIds.set(f, (id = ++functionsSeen));
  return `#${id}`;
}

/**
 * The work a measurement holds for: the network's sizes, its activation and head, the loss and the
 * batch size. A custom network (its forward function and parameter shapes) or loss function is the
 * same work when it is the same function object, as a run with another seed passes it again.
 */
function workKey(spec: ModelSpec, loss: LossChoice, batchSize: number, list: Parallelism[]): string {
  const network = spec.network ? `${functionId(spec.network.forward)} ${JSON.stringify(spec.network.shapes)}` : layerSizes(spec).join("-");
  const lossName = typeof loss === "string" ? loss : functionId(loss);
  return [network, spec.inputs, spec.outputs, spec.activation, spec.head, lossName, batchSize, list.map(parallelismName).join(",")].join(" ");
}

/**
 * Below these sizes the native kernels run a product (multiply-adds, and neither side 64 or more)
 * or an Adam step (elements) on the calling thread alone: native/parallel.c's GEMM_PARALLEL_MIN and
 * ADAM_PARALLEL_MIN (parallel-gradient.test.ts reads them there).
 */
export const KERNEL_SPLIT = { gemm: 2 ** 21, adam: 2 ** 16 };

/**
 * Whether any kernel of a batch step of this model can run on more than one thread: otherwise every
 * thread count runs the same code on one thread, and measuring them would only time noise.
 * A custom network's products are not known here: it is measured.
 */
export function kernelsSplit(spec: ModelSpec, batchSize: number): boolean {
  if (spec.kind === "custom") return true;
  const sizes = layerSizes(spec);
  const split = (m: number, k: number, n: number) => m * k * n >= KERNEL_SPLIT.gemm && !(m < 64 && n < 64);
  let params = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const a = sizes[l]!, b = sizes[l + 1]!;
    params += a * b + b;
    // Forward x·W, and backward xᵀ·dY (the weights' gradient) and dY·Wᵀ (the inputs').
    if (split(batchSize, a, b) || split(a, batchSize, b) || split(batchSize, b, a)) return true;
  }
  return params >= KERNEL_SPLIT.adam;
}

export interface AutoOptions {
  /** The candidates (default `candidates()` for the run). */
  candidates?: Parallelism[];
  settings?: ChooserSettings;
  /** Use and keep what earlier runs of the same work in this process measured (default true). */
  remember?: boolean;
  /** Let the first batch wait for the worker threads to start, rather than run without them until they have (a short run then measures them too). */
  awaitWorkers?: boolean;
}

/** The trainer's `makeGradient` for this choice (default: DESCENT_PARALLEL, else measured). */
export function parallelGradient(choice: ParallelismChoice = parallelismFromEnv(), auto: AutoOptions = {}) {
  return (spec: ModelSpec, loss: LossChoice, params: Params, batchSize: number, classWeights?: Float32Array): ParallelGradient =>
    makeParallelGradient(spec, loss, params, batchSize, classWeights, choice, auto);
}

export function makeParallelGradient(
  spec: ModelSpec, loss: LossChoice, params: Params, batchSize: number, classWeights: Float32Array | undefined, choice: ParallelismChoice,
  auto: AutoOptions = {},
): ParallelGradient {
  const single = makeBatchGradient(spec, loss, classWeights);
  if (choice !== "auto") return pinned(spec, loss, params, batchSize, classWeights, choice, single);
  const describable = spec.kind !== "custom" && typeof loss === "string";
  if (auto.candidates === undefined && !kernelsSplit(spec, batchSize)) {
    setKernelThreads(1);
    return withReport(single, { used: { kind: "threads", threads: 1 }, how: "too small to split" }, () => setKernelThreads(0));
  }
  const list = auto.candidates ?? candidates({ cores: availableParallelism(), batchSize, describable });
  if (list.length === 1) {
    setKernelThreads(list[0]!.kind === "threads" ? list[0]!.threads : 0);
    return withReport(single, { used: list[0]!, how: "only one way here" }, () => setKernelThreads(0));
  }
  const names = list.map(parallelismName);
  const key = auto.remember === false ? undefined : workKey(spec, loss, batchSize, list);
  const earlier = key === undefined ? undefined : choosers.get(key);
  const chooser = earlier ?? new ParallelChooser(list.length, allThreadsCandidate(list), auto.settings ?? CHOOSER_SETTINGS);
  if (key !== undefined && earlier === undefined) choosers.set(key, chooser);
  const before = { trials: chooser.state.trials, switches: chooser.state.switches };
  let calls = 0;

  // Workers start at once (their threads compile the step on other cores); nothing is timed until they have.
  const wi = list.findIndex((c) => c.kind === "workers");
  let dp: DataParallelGradient | undefined;
  if (wi >= 0) {
    if (typeof loss !== "string") throw new OptionError("data-parallel workers need a loss by name (a custom loss function runs on the kernel threads)");
    dp = makeDataParallelGradient(spec, loss, params, (list[wi] as { workers: number }).workers, batchSize, classWeights);
  }
  const run = list.map((c) => (c.kind === "workers" ? dp! : single));
  let timing: { since: number; rows: number } | null = null;

  const gradient = ((p: Params, x: Float32Array, y: Float32Array): BatchResult => {
    const now = performance.now();
    if (timing !== null) chooser.record((now - timing.since) / timing.rows);
    timing = null;
    if (dp !== undefined && !auto.awaitWorkers && !dp.ready()) {
      setKernelThreads(0);
      return single(p, x, y);
    }
    if (earlier !== undefined && calls < RUN_WARMUP) {
      // A continued chooser's own warm-up is long past: this run's first batches build its step.
      calls += 1;
      useCandidate(list[chooser.state.kept]!);
      return run[chooser.state.kept]!(p, x, y);
    }
    const turn = chooser.next();
    useCandidate(list[turn.candidate]!);
    if (turn.timed) timing = { since: now, rows: y.length };
    return run[turn.candidate]!(p, x, y);
  }) as ParallelGradient;

  const report = (): ParallelismReport => {
    const s = chooser.state;
    const base = chooserReport(s, list, names, before);
    if (base.how !== "measured") return base;
    const measured = (i: number) => Number.isFinite(s.relative[i]!);
    return {
      ...base,
      ...(earlier !== undefined ? { earlier: true } : {}),
      msPerBatch: Object.fromEntries(names.flatMap((n, i) => (measured(i) ? [[n, s.perRow[i]! * batchSize]] : []))),
      ...(s.dropped.some(Boolean) ? { dropped: names.filter((_, i) => s.dropped[i]) } : {}),
    };
  };
  return withReport(gradient, report, () => {
    dp?.close();
    setKernelThreads(0);
  });
}

function pinned(
  spec: ModelSpec, loss: LossChoice, params: Params, batchSize: number, classWeights: Float32Array | undefined,
  p: Parallelism, single: ReturnType<typeof makeBatchGradient>,
): ParallelGradient {
  if (p.kind === "threads") {
    const threads = Math.min(p.threads, poolThreads());
    if (!setKernelThreads(threads)) throw new OptionError(`threads=${p.threads}: this build of the native kernels cannot change its thread count (run npm run build:native)`);
    return withReport(single, { used: { kind: "threads", threads }, how: "asked" }, () => setKernelThreads(0));
  }
  if (batchSize < p.workers) throw new OptionError(`workers=${p.workers} needs a batch of at least ${p.workers} rows, got ${batchSize}`);
  if (typeof loss !== "string" || spec.kind === "custom") throw new OptionError(`workers=${p.workers} needs a built-in model and a loss by name (the workers rebuild the step from its description); use threads=N`);
  setKernelThreads(0);
  const dp = makeDataParallelGradient(spec, loss, params, p.workers, batchSize, classWeights);
  return withReport(dp, { used: p, how: "asked" }, () => dp.close());
}

function withReport(
  fn: (params: Params, x: Float32Array, y: Float32Array) => BatchResult,
  report: ParallelismReport | (() => ParallelismReport),
  close: () => void,
): ParallelGradient {
  const out = ((p: Params, x: Float32Array, y: Float32Array) => fn(p, x, y)) as ParallelGradient;
  Object.defineProperty(out, "parallelism", { get: typeof report === "function" ? report : () => report });
  out.close = close;
  return out;
}
