/**
 * Recording a function's ops for a compiled plan (jit.ts). While a Recorder is active, every op
 * registers its forward step (a closure that recomputes its output buffer from its inputs'
 * current storage) and the reverse pass registers itself as one step; replaying the steps in
 * order reruns the function on new inputs. Arrays the steps ask `allocate` for are kept in the
 * recorder's arena and handed back on replay, so a replay allocates no typed array.
 *
 * The active recorder is module state, as jax keeps its trace stack: ops are plain functions
 * and must find it without being passed it. It is set only for the duration of one trace.
 */
import { withArena, type Arena, type FloatArray } from "./dtype.js";
import type { Tensor } from "./tensor.js";

export class Recorder {
  /** The plan: forward steps and reverse passes, in the order they ran. */
  readonly steps: Array<() => void> = [];
  /** Arrays the steps allocated, handed back in the same order on replay. */
  readonly arena: Arena = { buffers: [], cursor: 0, recording: true, misses: 0 };
  /** Each input's storage → the tensors made on it (the input itself, its views, variables):
   * a replay with new input arrays points all of them at the new storage. */
  readonly views = new Map<FloatArray, Tensor[]>();
  /** The first reason the trace cannot be replayed (the plan then runs the function eagerly). */
  blocker: string | null = null;
  /** > 0 while a recorded step runs: ops it calls belong to that step, not to the plan. */
  depth = 0;
}

let active: Recorder | null = null;

/** Runs `fn` with `recorder` collecting the plan. */
export function recording<T>(recorder: Recorder, fn: () => T): T {
  const previous = active;
  active = recorder;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** True while a trace is being recorded. */
export function isRecording(): boolean {
  return active !== null;
}

/** Runs a step now and, while tracing, keeps it in the plan (its allocations go to the arena). */
export function step<T>(run: () => T): T {
  const r = active;
  if (r === null || r.depth > 0) return run();
  r.depth++;
  try {
    const result = withArena(r.arena, run);
    r.steps.push(run);
    return result;
  } finally {
    r.depth--;
  }
}

/** Called by the Tensor constructor: a tensor made on an input's storage follows that input. */
export function noteTensor(t: Tensor): void {
  const r = active;
  if (r === null) return;
  const views = r.views.get(t.data);
  if (views !== undefined) views.push(t);
}

/** Marks the trace as not replayable (the first reason wins) when it is not inside a step. */
export function blockReplay(reason: string): void {
  const r = active;
  if (r !== null && r.depth === 0 && r.blocker === null) r.blocker = reason;
}
