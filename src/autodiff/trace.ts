/**
 * Recording a function's ops for a compiled plan (jit.ts). While a Recorder is active, every op
 * registers its forward step (a closure that recomputes its output buffer from its inputs'
 * current storage), and a reverse pass registers one step per backward rule and per gradient
 * sum (backward.ts walks the graph once, at trace time); replaying the steps in order reruns the
 * function on new inputs. Arrays the steps ask `allocate` for are kept in the recorder's arena and
 * handed back on replay, so a replay allocates no typed array.
 *
 * A step may also describe itself as elementwise (`describe`): each output element a JavaScript
 * expression of the inputs' elements at the same index (or of a size-1 input's one element).
 * A plan fuses runs of such steps into generated code (jit-codegen.ts); the step's closure stays
 * the reference, and the fallback where code cannot be generated.
 *
 * The active recorder is module state, as jax keeps its trace stack: ops are plain functions
 * and must find it without being passed it. It is set only for the duration of one trace.
 */
import { withArena, type Arena, type FloatArray } from "./dtype.js";
import type { Tensor } from "./tensor.js";

/**
 * A step as elementwise arithmetic: `outputs[k][i] = code(names)[k]`, where each name stands for
 * one input's element i (an input of n elements) or its only element (an input of 1). The
 * expressions must compute exactly what the step's closure computes, in the same order of
 * operations, in double precision (the store into a float32 output rounds, as the closure's does).
 */
export interface Elementwise {
  /** Elements of every output. */
  readonly n: number;
  readonly inputs: readonly FloatArray[];
  readonly outputs: readonly FloatArray[];
  readonly code: (names: readonly string[]) => readonly string[];
}

export class Recorder {
  /** The plan: forward steps, backward rules and gradient sums, in the order they ran. */
  readonly steps: Array<() => unknown> = [];
  /** Per step, its elementwise description or null. */
  readonly kernels: Array<Elementwise | null> = [];
  /** Per step, the arena position of its first array and one past its last. */
  readonly arenaStart: number[] = [];
  readonly arenaEnd: number[] = [];
  /** Arrays the steps allocated, handed back in the same order on replay. */
  readonly arena: Arena = { buffers: [], cursor: 0, recording: true, misses: 0 };
  /** Each input's storage → the tensors made on it (the input itself, its views, variables):
   * a replay with new input arrays points all of them at the new storage. */
  readonly views = new Map<FloatArray, Tensor[]>();
  /** The storage of every other tensor made while tracing: arrays a replay may overwrite. */
  readonly made = new Set<FloatArray>();
  /** The first reason the trace cannot be replayed (the plan then runs the function eagerly). */
  blocker: string | null = null;
  /** > 0 while a recorded step runs: ops it calls belong to that step, not to the plan. */
  depth = 0;
  /** The description the running step gave of itself (see `describe`). */
  pending: Elementwise | null = null;
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
export function step<T>(run: () => T, kernel?: Elementwise): T {
  const r = active;
  if (r === null) return run();
  if (r.depth > 0) {
    // Part of the running step (an op or a reverse pass it calls): counted, so that a
    // description given in there is not taken for the whole step's (see `describe`).
    r.depth++;
    try {
      return run();
    } finally {
      r.depth--;
    }
  }
  r.depth++;
  r.pending = kernel ?? null;
  const start = r.arena.buffers.length;
  try {
    const result = withArena(r.arena, run);
    r.steps.push(run);
    r.kernels.push(r.pending);
    r.arenaStart.push(start);
    r.arenaEnd.push(r.arena.buffers.length);
    return result;
  } finally {
    r.pending = null;
    r.depth--;
  }
}

/**
 * Called from inside a running step (only while tracing, so eager calls pay one check): the step
 * is the elementwise work `kernel` and nothing else. A description from a nested op (a step
 * that calls other ops) is ignored, since it would cover only part of its step.
 */
export function describe(kernel: Elementwise): void {
  const r = active;
  if (r !== null && r.depth === 1) r.pending = kernel;
}

/** Called by the Tensor constructor: a tensor made on an input's storage follows that input. */
export function noteTensor(t: Tensor): void {
  const r = active;
  if (r === null) return;
  const views = r.views.get(t.data);
  if (views !== undefined) views.push(t);
  else r.made.add(t.data);
}

/** Marks the trace as not replayable (the first reason wins) when it is not inside a step. */
export function blockReplay(reason: string): void {
  const r = active;
  if (r !== null && r.depth === 0 && r.blocker === null) r.blocker = reason;
}
