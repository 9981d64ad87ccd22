/**
 * The trainer's batch gradient on the fastest use of the cores, chosen by measuring, for the
 * trainer's `makeGradient` option. Whether all kernel threads or one is faster depends on the
 * machine, the model, the batch size and what else is running, so no static rule holds; the first
 * batches of the run measure each thread count in turn and the rest run on the fastest.
 *
 * Data-parallel workers are used only when asked for (`workers=N`): measured in the bench on this
 * 2-core machine they never won (W2 at batch 128 and 1024), and trying them in "auto" cost short
 * runs their start-up (compiling their modules on a core) and a throwaway copy of each timed batch.
 *
 * The run's numbers do not depend on the measuring: every batch's result comes from the one-thread
 * gradient, which gives the same bits on any kernel thread count. Each candidate is timed from its
 * gradient call to the next call, so the optimizer step (split over the kernel threads too)
 * counts; median of ROUNDS, after one warm-up batch each.
 */
import { OptionError } from "../errors.js";
import { native } from "../kernels/index.js";
import type { BatchResult } from "./batch-step.js";
import { makeDataParallelGradient } from "./data-parallel.node.js";
import type { LossName } from "./losses.js";
import type { ModelSpec, Params } from "./model.js";
import { parallelismName, parseParallelism, type Parallelism, type ParallelismChoice, type ParallelismReport } from "./parallelism.js";
import { makeBatchGradient } from "./batch-step.js";

/** Timed rounds of every candidate (after one warm-up round). */
export const ROUNDS = 3;

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

/** The candidates "auto" measures, fastest-by-default first: the whole kernel pool, then one thread. */
export function candidates(): Parallelism[] {
  const pool = poolThreads();
  const out: Parallelism[] = [{ kind: "threads", threads: pool }];
  if (pool > 1 && native?.setThreads !== undefined) out.push({ kind: "threads", threads: 1 });
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
  const list = candidates();
  if (list.length === 1) {
    setKernelThreads(0);
    return withReport(single, { used: list[0]!, how: "only one way here" }, () => {});
  }
  const times = list.map(() => ({ gradient: [] as number[], rest: [] as number[] }));
  const runs = list.map(() => 0); // batches each candidate has run (the first of each is a warm-up)
  let pending: { index: number; since: number } | null = null;
  let report: ParallelismReport = { used: list[0]!, how: "run too short to measure" };
  let chosen: Parallelism | null = null;

  const decide = () => {
    const ms = list.map((_, i) => median(times[i]!.gradient) + median(times[i]!.rest));
    let best = 0;
    for (let i = 1; i < list.length; i++) if (ms[i]! < ms[best]!) best = i;
    chosen = list[best]!;
    report = { used: chosen, how: "measured", msPerBatch: Object.fromEntries(list.map((c, i) => [parallelismName(c), ms[i]!])) };
    setKernelThreads(chosen.kind === "threads" ? chosen.threads : 0);
  };

  const gradient = ((p: Params, x: Float32Array, y: Float32Array): BatchResult => {
    if (chosen !== null) return single(p, x, y);
    const start = performance.now();
    if (pending !== null) times[pending.index]!.rest.push(start - pending.since);
    pending = null;
    // The candidate with the fewest batches so far (ties in list order): A B A B …; a timed batch
    // counts once the time to the next call (the optimizer step) is known.
    let index = -1;
    for (let i = 0; i < list.length; i++) {
      if (runs[i]! > ROUNDS) continue;
      if (index < 0 || runs[i]! < runs[index]!) index = i;
    }
    if (index < 0) {
      decide();
      return single(p, x, y);
    }
    const round = runs[index]!;
    runs[index] = round + 1;
    const c = list[index]!;
    setKernelThreads(c.kind === "threads" ? c.threads : 0);
    const t0 = performance.now();
    const result = single(p, x, y);
    const ms = performance.now() - t0;
    if (round > 0) {
      times[index]!.gradient.push(ms);
      pending = { index, since: performance.now() };
    }
    return result;
  }) as ParallelGradient;
  return withReport(gradient, () => report, () => setKernelThreads(0));
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
