/**
 * `jit(f)`: trace a function of tensors once per input signature (tree structure, shapes and
 * dtypes) into a static plan, then replay the plan on new inputs.
 *
 * Tracing runs `f` on the real inputs while a Recorder is active (trace.ts): every op keeps its
 * forward step (the closure that writes its output buffer from its inputs' storage, the same code
 * the eager call ran), and each reverse pass (`valueAndGrad` inside `f`) walks the recorded graph
 * once and keeps one step per backward rule and per gradient sum (the ops' own rules). Output
 * buffers are allocated once, at trace time; what the steps allocate is recorded in an arena and
 * handed back on replay. Runs of elementwise steps are fused into generated code (jit-codegen.ts;
 * the closures run instead where code cannot be generated). A replay binds the new input arrays
 * (no copy), runs the plan and returns the same output objects, now holding the new values: it
 * allocates no typed array and no result objects (the returned tree is the traced one).
 *
 * A call first checks its arguments against the plan the previous call used (structure, dtypes,
 * shapes; no key is built), so a loop that calls with the same shapes pays a few comparisons;
 * only a mismatch computes the signature key and looks the plan up (or traces a new one).
 *
 * Correct before fast: a trace that reads a value on the JavaScript side (`item()`), uses an op
 * with no forward step (`makeNode`/`defineOp`), or gets inputs that share storage is not
 * replayable, and its function runs eagerly instead; the first replay of each plan is checked
 * bit for bit against an eager run, and a plan that differs (a value computed outside the ops)
 * is dropped for eager runs. `jitted.inspect()` says which happened and why.
 */
import { DescentError } from "../errors.js";
import { allocate, dtypeOfArray, withArena, type FloatArray } from "./dtype.js";
import { makeProgram, type Program } from "./jit-codegen.js";
import { isRecord, makeMatcher, patternOf, type Matcher } from "./jit-pattern.js";
import { Tensor } from "./tensor.js";
import { Recorder, isRecording, recording } from "./trace.js";

/** How the last call ran: replaying a plan, or eagerly (with the reason). */
export interface JitReport {
  /** Signatures traced so far (each has its plan). */
  plans: number;
  compiled: boolean;
  /** Why the last call ran eagerly, or null. */
  reason: string | null;
  /** Steps in the last call's plan (0 when eager). */
  steps: number;
  /** Arrays the plan's steps allocated once and reuse. */
  buffers: number;
  /** Steps of the last call's plan computed by generated code (0 where code is not generated). */
  fused: number;
  /** Whether the last call's plan runs generated code (false: its steps' closures in order). */
  generated: boolean;
}

export interface JitOptions {
  /** Check each plan's first replay against an eager run, bit for bit (default true). */
  verify?: boolean;
  /** Plans kept (one per input signature; the oldest goes first). Default 16. */
  maxPlans?: number;
}

/** A compiled function: call it like `f`; the tensors it returns are overwritten by its next call. */
export type Jitted<F extends (...args: any[]) => any> = F & { inspect(): JitReport };

interface Plan {
  slots: Tensor[];
  /** Per slot, the tensors made on its storage (itself first). */
  views: Tensor[][];
  recorder: Recorder;
  output: unknown;
  /** null: replayable; otherwise the reason calls run eagerly. */
  eager: string | null;
  verified: boolean;
  /** How the plan runs (null while it runs eagerly). */
  program: Program | null;
  /** Checks a call's arguments against the traced ones, writing their tensors into `matched`. */
  matcher: Matcher;
  /** The matched arguments' tensors, in slot order. */
  matched: Tensor[];
  /** Per slot, where an input that is one of the plan's own arrays is copied (made on first need). */
  copies: Array<FloatArray | undefined>;
}

/**
 * The tensors of the arguments in a fixed order, and a key naming the structure, each tensor's
 * dtype and shape, and every other (static) value. Numbers, strings, booleans, null and undefined
 * are static: a new value traces a new plan. Runs on every call, so it builds only the key string
 * (a key that two structures could share is caught by the plan's input count, and retraced).
 */
function flatten(args: readonly unknown[], leaves: Tensor[]): string {
  let key = "";
  const stack: unknown[] = [];
  for (let i = args.length - 1; i >= 0; i--) stack.push(args[i]);
  while (stack.length > 0) {
    const node = stack.pop();
    if (node instanceof Tensor) {
      leaves.push(node);
      key += node.dtype === "float32" ? "f" : "d";
      const shape = node.shape;
      for (let i = 0; i < shape.length; i++) key += shape[i] + ",";
      key += ";";
    } else if (Array.isArray(node)) {
      key += "[" + node.length + ";";
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
    } else if (isRecord(node)) {
      key += "{";
      const keys = Object.keys(node);
      for (let i = 0; i < keys.length; i++) key += keys[i] + ",";
      for (let i = keys.length - 1; i >= 0; i--) stack.push(node[keys[i]!]);
    } else if (node === null || node === undefined || typeof node === "number" || typeof node === "string" || typeof node === "boolean") {
      key += "=" + typeof node + (typeof node === "string" ? JSON.stringify(node) : String(node)) + ";";
    } else {
      throw badArgument(args);
    }
  }
  return key;
}

/** The error for an argument jit cannot take, naming where it is. */
function badArgument(args: readonly unknown[]): DescentError {
  const stack: Array<{ node: unknown; path: string }> = args.map((node, i) => ({ node, path: `argument ${i}` }));
  while (stack.length > 0) {
    const { node, path } = stack.shift()!;
    if (node instanceof Tensor || node === null || ["undefined", "number", "string", "boolean"].includes(typeof node)) continue;
    if (Array.isArray(node)) node.forEach((v, i) => stack.push({ node: v, path: `${path}[${i}]` }));
    else if (isRecord(node)) Object.keys(node).forEach((k) => stack.push({ node: node[k], path: `${path}.${k}` }));
    else {
      const what = ArrayBuffer.isView(node) ? (node as object).constructor.name : typeof node;
      return new DescentError(
        `jit: ${path} is ${what === "object" ? "an object that is not a plain record" : `a ${what}`}; pass tensors (wrap arrays with fromData), arrays or plain records of them, or numbers and strings`,
        "JIT_ARGUMENT",
      );
    }
  }
  return new DescentError("jit: an argument is not a tensor, an array or a plain record", "JIT_ARGUMENT");
}

/** The arguments with their tensors replaced, in `flatten` order, by `slots`. */
function substitute(args: readonly unknown[], slots: readonly Tensor[]): unknown[] {
  let next = 0;
  const build = (node: unknown): unknown => {
    if (node instanceof Tensor) return slots[next++]!;
    if (Array.isArray(node)) return node.map(build);
    if (isRecord(node)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(node)) out[k] = build(node[k]);
      return out;
    }
    return node;
  };
  return args.map(build);
}

/** True when two output trees hold the same values bit for bit (NaN equal to NaN). */
function sameValues(a: unknown, b: unknown): boolean {
  if (a instanceof Tensor) {
    if (!(b instanceof Tensor) || a.size !== b.size || a.dtype !== b.dtype) return false;
    const x = a.data;
    const y = b.data;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValues(v, b[i]));
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => sameValues(a[k], b[k]));
  }
  return Object.is(a, b);
}

/** Traces `f` on `args`: the plan (replayable or not) and this call's result. */
function trace(f: (...args: any[]) => unknown, args: readonly unknown[], leaves: readonly Tensor[]): Plan {
  const recorder = new Recorder();
  const slots: Tensor[] = [];
  const views: Tensor[][] = [];
  let eager: string | null = null;
  for (const leaf of leaves) {
    const slot = new Tensor(leaf.data, leaf.shape);
    if (recorder.views.has(leaf.data)) eager ??= "two inputs share one array (pass copies to compile)";
    const own = [slot];
    recorder.views.set(leaf.data, own);
    slots.push(slot);
    views.push(own);
  }
  const output = recording(recorder, () => f(...substitute(args, slots)));
  eager ??= recorder.blocker;
  const program = eager === null ? makeProgram(recorder, leaves.map((l) => l.data)) : null;
  const matched = slots.slice();
  const matcher = makeMatcher(args.map(patternOf), matched);
  return { slots, views, recorder, output, eager, verified: false, program, matcher, matched, copies: [] };
}

/**
 * Points every tensor made on an input, and the program, at this call's array (no copy). An
 * input that is one of the plan's own arrays (a tensor its last call returned, fed back as in
 * `h = step(h)`) would be overwritten while the plan reads it, so it is copied first, into an
 * array the slot keeps for that.
 */
function bind(plan: Plan, leaves: readonly Tensor[]): void {
  const inputs = plan.program!.inputs;
  const made = plan.recorder.made;
  for (let i = 0; i < leaves.length; i++) {
    let data = leaves[i]!.data;
    // The array bound last time was checked then (a plan's own array is never bound itself).
    if (plan.slots[i]!.data === data) continue;
    if (made.has(data)) {
      const copy = (plan.copies[i] ??= allocate(dtypeOfArray(data), data.length));
      copy.set(data);
      data = copy;
      if (plan.slots[i]!.data === data) continue;
    }
    // Tensors are immutable to their users; a plan rebinds the storage of the ones it owns.
    const views = plan.views[i]!;
    for (let k = 0; k < views.length; k++) (views[k] as { data: FloatArray }).data = data;
    inputs[i] = data;
  }
}

/** Runs the plan with its recorded arrays; false when a step asked for others. */
function replay(plan: Plan): boolean {
  const program = plan.program!;
  if (!program.needsArena) {
    program.run();
    return true;
  }
  const arena = plan.recorder.arena;
  arena.recording = false;
  arena.cursor = 0;
  arena.misses = 0;
  withArena(arena, program.run);
  return arena.misses === 0 && (program.generated || arena.cursor === arena.buffers.length);
}

/**
 * Compiles `f`, a function of tensors (and trees of them: arrays, plain records), into a plan per
 * input signature; see the module comment. `jit(valueAndGrad(loss))` is a compiled training step.
 * The returned tensors belong to the plan: the next call with the same signature overwrites them,
 * so read (or copy) them first. Arguments that require gradients (grad of a jitted function) run
 * `f` eagerly.
 */
export function jit<F extends (...args: any[]) => any>(f: F, options: JitOptions = {}): Jitted<F> {
  if (typeof f !== "function") throw new DescentError(`jit: expected a function, got ${typeof f}`, "JIT_ARGUMENT");
  const verify = options.verify ?? true;
  const maxPlans = options.maxPlans ?? 16;
  const plans = new Map<string, Plan>();
  // What the last call did, kept as two fields (a report object per call would be garbage).
  let lastPlan: Plan | null = null;
  // The plan the last call replayed successfully: the next call tries it first.
  let hot: Plan | null = null;
  let lastReason: string | null = "not called yet";
  const report = (plan: Plan | null, reason: string | null): void => {
    lastPlan = plan;
    lastReason = reason;
  };
  const inspect = (): JitReport => ({
    plans: plans.size,
    compiled: lastReason === null,
    reason: lastReason,
    steps: lastPlan !== null && lastReason === null ? lastPlan.recorder.steps.length : 0,
    buffers: lastPlan !== null ? lastPlan.recorder.arena.buffers.length : 0,
    fused: lastPlan !== null && lastReason === null ? lastPlan.program!.fused : 0,
    generated: lastPlan !== null && lastReason === null && lastPlan.program!.generated,
  });

  // The fast path: the plan the last call replayed, if these arguments fit it. `arguments` is
  // only read by index or forwarded with apply, so a call that replays builds no array.
  const jitted = function (): unknown {
    const plan = hot;
    if (plan !== null && !isRecording() && plan.matcher.apply(null, arguments as unknown as unknown[])) {
      bind(plan, plan.matched);
      if (replay(plan)) {
        report(plan, null);
        return plan.output;
      }
    }
    const args: unknown[] = new Array(arguments.length);
    for (let i = 0; i < args.length; i++) args[i] = arguments[i];
    return call(args);
  };
  /** The slow path: find (or trace) the plan for this signature, replay it or run f eagerly. */
  const call = (args: unknown[]): unknown => {
    // Called while another function is traced: its ops belong to that trace.
    if (isRecording()) return f(...args);
    hot = null;
    const leaves: Tensor[] = [];
    const key = flatten(args, leaves);
    for (const leaf of leaves) {
      if (leaf.requiresGrad) {
        report(null, "an argument requires a gradient (differentiating through jit runs f eagerly)");
        return f(...args);
      }
    }
    let plan = plans.get(key);
    if (plan === undefined || plan.slots.length !== leaves.length) {
      plan = trace(f, args, leaves);
      if (plans.size >= maxPlans) plans.delete(plans.keys().next().value!);
      plans.set(key, plan);
      report(plan, plan.eager);
      return plan.output;
    }
    if (plan.eager !== null) {
      report(plan, plan.eager);
      return f(...args);
    }
    // The eager run that checks the first replay goes first: the replay overwrites the plan's
    // outputs, and an argument may be one of them (fed back from the last call).
    const check = !plan.verified && verify;
    const eagerOutput = check ? f(...args) : undefined;
    bind(plan, leaves);
    if (!replay(plan)) {
      plan.eager = "a step allocated differently from its trace (an op's work depends on values)";
      report(plan, plan.eager);
      // The bound inputs (copies where an argument was the plan's own array) still hold this call's values.
      return check ? eagerOutput : f(...substitute(args, plan.slots));
    }
    if (check) {
      if (!sameValues(plan.output, eagerOutput)) {
        plan.eager = "the replay differed from an eager run (f computes a value outside tensor ops)";
        report(plan, plan.eager);
        return eagerOutput;
      }
      plan.verified = true;
    }
    report(plan, null);
    hot = plan;
    return plan.output;
  };
  return Object.assign(jitted as F, { inspect });
}
