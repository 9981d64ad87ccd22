/**
 * How a training run uses the machine's cores: the native kernels' thread count for the matrix
 * products and the optimizer step, or data-parallel worker threads (data-parallel.node.ts), each
 * on one share of every batch. What each means and how a choice is written and reported; the
 * measuring and switching is Node-only (parallel-gradient.node.ts). Browser-safe.
 */
import { OptionError } from "../errors.js";

/** `threads`: one training thread, its products and update split over this many kernel threads.
 * `workers`: this many data-parallel worker threads (the calling one included), one kernel thread each. */
export type Parallelism = { kind: "threads"; threads: number } | { kind: "workers"; workers: number };

/** "auto" measures the candidates during the run and keeps the fastest (parallel-gradient-chooser.ts). */
export type ParallelismChoice = "auto" | Parallelism;

/** What a run used, and why: measured (with what the measuring found), or as asked. */
export interface ParallelismReport {
  /** What the run ended on. */
  used: Parallelism;
  how: "measured" | "asked" | "only one way here" | "run too short to measure" | "too small to split";
  /** Trials in this run (the first and the re-checks). */
  trials?: number;
  /** Times a trial changed what runs. */
  switches?: number;
  /** The run went on with the measuring of an earlier run of the same work in this process (no new first trial). */
  earlier?: boolean;
  /** The last trial: each candidate's time ÷ the fastest's in the same round (median over rounds), by name. */
  relative?: Record<string, number>;
  /** The last trial: median milliseconds per batch (gradient and optimizer step) of each candidate, by name. */
  msPerBatch?: Record<string, number>;
  /** Candidates left out after losing clearly. */
  dropped?: string[];
}

export const PARALLELISM_HELP = "auto, threads=N (one training thread, N kernel threads) or workers=N (N data-parallel worker threads)";

/** "threads=2", "workers=2": the written form, as parsed by parseParallelism. */
export function parallelismName(p: Parallelism): string {
  return p.kind === "threads" ? `threads=${p.threads}` : `workers=${p.workers}`;
}

/** In words: "2 kernel threads", "2 data-parallel workers". */
export function describeParallelism(p: Parallelism): string {
  return p.kind === "threads"
    ? `${p.threads} kernel thread${p.threads === 1 ? "" : "s"}`
    : `${p.workers} data-parallel workers`;
}

/** Parses "auto", "threads=N" or "workers=N"; `where` names the flag or variable in the error. */
export function parseParallelism(text: string, where: string): ParallelismChoice {
  const t = text.trim().toLowerCase();
  if (t === "auto") return "auto";
  const m = /^(threads|workers)=(\d+)$/.exec(t);
  const n = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(n) || n < 1 || n > 64 || (m[1] === "workers" && n < 2)) {
    throw new OptionError(`${where} must be ${PARALLELISM_HELP} (workers at least 2), got "${text}"`);
  }
  return m[1] === "threads" ? { kind: "threads", threads: n } : { kind: "workers", workers: n };
}

/** One line for a run's output: what ran and why. */
export function parallelismLine(r: ParallelismReport): string {
  const used = describeParallelism(r.used);
  if (r.how === "too small to split") return `parallelism: ${used} (the kernels split no product or step of this size over threads)`;
  if (r.how !== "measured") return `parallelism: ${used} (${r.how})`;
  const where = r.earlier ? "the fastest measured over this process's runs of the same work" : "the fastest measured";
  const each = r.relative === undefined ? "" : `; time ÷ fastest: ${Object.entries(r.relative).map(([name, x]) => `${name} ${x.toFixed(2)}`).join(", ")}`;
  const trials = r.trials === undefined ? "" : `, ${r.trials} trial${r.trials === 1 ? "" : "s"}${r.switches ? `, ${r.switches} switch${r.switches === 1 ? "" : "es"}` : ""}`;
  return `parallelism: ${used}, ${where} (interleaved blocks of batches${trials}${each}; DESCENT_PARALLEL or --parallel pins it)`;
}
