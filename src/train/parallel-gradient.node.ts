/**
 * The trainer's batch gradient on the fastest use of the cores, chosen by measuring, for the
 * trainer's `makeGradient` option. Which of "all kernel threads", "one kernel thread" and
 * "data-parallel workers" is fastest depends on the machine, the model, the batch size and what
 * else is running (on one 2-core machine each has won W2 at some batch size), so no static rule
 * holds; the first batches of the run measure each in turn and the rest run on the fastest.
 *
 * The run's numbers do not depend on the measuring: every batch's result comes from the one-thread
 * gradient (which gives the same bits on any kernel thread count), and a worker candidate is timed
 * on a throwaway copy of that batch's gradient. Only choosing workers changes the numbers after
 * the measuring (the batch sum is added in another order: float32 rounding), so workers are a
 * candidate only where a batch is big enough for them to have a chance.
 *
 * Each candidate is timed from its gradient call to the next call, so the optimizer step (split
 * over the kernel threads too) counts; median of ROUNDS, after one warm-up batch each. The worker
 * threads start in the background: they are measured once started, so the run never waits on them.
 */
import { availableParallelism } from "node:os";
import { OptionError } from "../errors.js";
import { native } from "../kernels/index.js";
import type { BatchResult } from "./batch-step.js";
import { makeDataParallelGradient, type DataParallelGradient } from "./data-parallel.node.js";
import type { LossName } from "./losses.js";
import { layerSizes, type ModelSpec, type Params } from "./model.js";
import { parallelismName, parseParallelism, type Parallelism, type ParallelismChoice, type ParallelismReport } from "./parallelism.js";
import { makeBatchGradient } from "./batch-step.js";

/** Timed rounds of every candidate (after one warm-up round). */
export const ROUNDS = 3;

/** Workers not started within this many times the measuring batches are left out. */
const GIVE_UP = 4;

/**
 * Multiply-adds of one batch's forward products below which workers are not tried: their
 * hand-off and reduction (~50 µs here) then outweigh any gain, and keeping them out keeps small
 * runs' numbers independent of timing.
 */
export const WORKERS_MIN_WORK = 1 << 22;

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

/** The candidates for this model and batch size, fastest-by-default first. */
export function candidates(spec: ModelSpec, batchSize: number): Parallelism[] {
  const pool = poolThreads();
  const out: Parallelism[] = [{ kind: "threads", threads: pool }];
  if (pool > 1 && native?.setThreads !== undefined) out.push({ kind: "threads", threads: 1 });
  const sizes = layerSizes(spec);
  let work = 0;
  for (let l = 0; l + 1 < sizes.length; l++) work += sizes[l]! * sizes[l + 1]!;
  const workers = Math.min(8, Math.max(pool, native === null ? availableParallelism() : 1));
  if (workers >= 2 && batchSize >= 2 * workers && batchSize * work >= WORKERS_MIN_WORK) {
    out.push({ kind: "workers", workers });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The trainer's `makeGradient` for this choice (default: DESCENT_PARALLEL, else measured). */
export function parallelGradient(choice: ParallelismChoice = parallelismFromEnv()) {
  return (spec: ModelSpec, loss: LossName, params: Params, batchSize: number, classWeights?: Float32Array): ParallelGradient =>
    makeParallelGradient(spec, loss, params, batchSize, classWeights, choice);
}

export function makeParallelGradient(
  spec: ModelSpec, loss: LossName, params: Params, batchSize: number, classWeights: Float32Array | undefined, choice: ParallelismChoice,
): ParallelGradient {
  const single = makeBatchGradient(spec, loss, classWeights);
  if (choice !== "auto") return pinned(spec, loss, params, batchSize, classWeights, choice, single);
  const list = candidates(spec, batchSize);
  if (list.length === 1) {
    setKernelThreads(0);
    return withReport(single, { used: list[0]!, how: "only one way here" }, () => {});
  }
  const workerCandidate = list.find((c): c is Extract<Parallelism, { kind: "workers" }> => c.kind === "workers");
  // Moves the parameters into shared memory now, before the trainer keeps references to them.
  const dp: DataParallelGradient | undefined = workerCandidate && makeDataParallelGradient(spec, loss, params, workerCandidate.workers, batchSize, classWeights);
  const times = list.map(() => ({ gradient: [] as number[], rest: [] as number[] }));
  // Batches each candidate has run (the first of each is a warm-up). Workers are tried only once
  // their threads have started, so the run never waits for them; if they have not started within
  // GIVE_UP batches they are left out.
  const runs = list.map(() => 0);
  const giveUp = GIVE_UP * (ROUNDS + 1) * list.length;
  let calls = 0;
  let pending: { index: number; since: number } | null = null;
  let report: ParallelismReport = { used: list[0]!, how: "run too short to measure" };
  let chosen: Parallelism | null = null;

  const decide = () => {
    const measured = list.map((_, i) => i).filter((i) => times[i]!.gradient.length > 0 && times[i]!.rest.length > 0);
    const ms = list.map((_, i) => median(times[i]!.gradient) + median(times[i]!.rest));
    let best = measured[0] ?? 0;
    for (const i of measured) if (ms[i]! < ms[best]!) best = i;
    chosen = list[best]!;
    report = { used: chosen, how: "measured", msPerBatch: Object.fromEntries(measured.map((i) => [parallelismName(list[i]!), ms[i]!])) };
    if (chosen.kind === "threads") {
      setKernelThreads(chosen.threads);
      dp?.close();
    } else {
      setKernelThreads(0);
    }
  };

  const gradient = ((p: Params, x: Float32Array, y: Float32Array): BatchResult => {
    if (chosen !== null) return chosen.kind === "workers" ? dp!(p, x, y) : single(p, x, y);
    const start = performance.now();
    if (pending !== null) times[pending.index]!.rest.push(start - pending.since);
    pending = null;
    // The candidate with the fewest batches so far (ties in list order): A B C A B C …
    // While the worker threads start (compiling their modules on a core) nothing is timed: the
    // contention would favour one kernel thread. Past GIVE_UP the workers are left out.
    const starting = dp !== undefined && !dp.ready() && calls < giveUp;
    let index = -1;
    for (let i = 0; i < list.length && !starting; i++) {
      if (runs[i]! > ROUNDS || (list[i]!.kind === "workers" && !dp!.ready())) continue;
      if (index < 0 || runs[i]! < runs[index]!) index = i;
    }
    const waiting = starting || runs.some((r) => r <= ROUNDS);
    if (index < 0 && (!waiting || calls >= giveUp)) {
      decide();
      return gradient(p, x, y);
    }
    calls += 1;
    if (index < 0) {
      setKernelThreads(0); // the workers are starting: this batch runs on the whole pool, not timed
      return single(p, x, y);
    }
    const round = runs[index]!;
    runs[index] = round + 1;
    const c = list[index]!;
    let result: BatchResult;
    let ms: number;
    if (c.kind === "threads") {
      setKernelThreads(c.threads);
      const t0 = performance.now();
      result = single(p, x, y);
      ms = performance.now() - t0;
    } else {
      setKernelThreads(0);
      const t0 = performance.now();
      dp!(p, x, y);
      ms = performance.now() - t0;
      result = single(p, x, y); // the batch's numbers stay the one-thread gradient's
    }
    if (round > 0) {
      times[index]!.gradient.push(ms);
      pending = { index, since: performance.now() };
    }
    return result;
  }) as ParallelGradient;
  return withReport(gradient, () => report, () => {
    dp?.close();
    setKernelThreads(0);
  });
}

function pinned(
  spec: ModelSpec, loss: LossName, params: Params, batchSize: number, classWeights: Float32Array | undefined,
  p: Parallelism, single: ReturnType<typeof makeBatchGradient>,
): ParallelGradient {
  if (p.kind === "threads") {
    const threads = Math.min(p.threads, poolThreads());
    if (!setKernelThreads(threads)) throw new OptionError(`threads=${p.threads}: this build of the native kernels cannot change its thread count (run npm run build:native)`);
    return withReport(single, { used: { kind: "threads", threads }, how: "asked" }, () => setKernelThreads(0));
  }
  if (batchSize < p.workers) throw new OptionError(`workers=${p.workers} needs a batch of at least ${p.workers} rows, got ${batchSize}`);
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
