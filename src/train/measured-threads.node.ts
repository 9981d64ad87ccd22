/**
 * A user's own per-batch step on the kernel thread count that runs it fastest, chosen as the Node
 * entry's `train()` chooses it (parallel-gradient.node.ts; the rule, without a clock, in
 * parallel-gradient-chooser.ts): after a few untimed calls, one kernel thread and all of them run
 * in interleaved blocks of calls, each call timed to the next one (so the optimizer step between
 * them counts), and the rest run on the kept count, re-checked now and then. Which count is faster
 * depends on the machine, the sizes and what else runs; the results do not (the kernels give the
 * same bits on any thread count). Data-parallel workers are not a candidate: a function cannot be
 * sent to a worker thread.
 */
import { native } from "../kernels/index.js";
import { allThreadsCandidate, candidates, chooserReport, useCandidate } from "./parallel-gradient.node.js";
import { CHOOSER_SETTINGS, ParallelChooser } from "./parallel-gradient-chooser.js";
import { parallelismName, type ParallelismReport } from "./parallelism.js";

/** `fn` with its kernel thread count measured; `parallelism` says what it uses and why. */
export type MeasuredThreads<A extends unknown[], R> = ((...args: A) => R) & { readonly parallelism: ParallelismReport };

/**
 * `fn` (a compiled gradient step, or a whole batch step) run on the fastest kernel thread count,
 * measured over its first calls. Without native kernels, or on one core, `fn` runs as it is.
 */
export function measuredThreads<A extends unknown[], R>(fn: (...args: A) => R): MeasuredThreads<A, R> {
  const list = candidates();
  if (list.length === 1 || native?.setThreads === undefined) {
    const only: ParallelismReport = { used: list[0]!, how: "only one way here" };
    return Object.assign((...args: A) => fn(...args), { parallelism: only });
  }
  const names = list.map(parallelismName);
  const chooser = new ParallelChooser(list.length, allThreadsCandidate(list), CHOOSER_SETTINGS);
  let since = -1;
  const step = (...args: A): R => {
    const now = performance.now();
    if (since >= 0) chooser.record(now - since);
    since = -1;
    const turn = chooser.next();
    useCandidate(list[turn.candidate]!);
    if (turn.timed) since = now;
    return fn(...args);
  };
  const report = (): ParallelismReport => chooserReport(chooser.state, list, names);
  return Object.defineProperty(step, "parallelism", { get: report, enumerable: true }) as MeasuredThreads<A, R>;
}
