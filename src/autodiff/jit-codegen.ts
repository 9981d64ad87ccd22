/**
 * How a compiled plan runs (jit.ts): its steps in order, with runs of elementwise steps (trace.ts
 * `describe`) fused into one generated JavaScript function. For scalars and small shapes the whole
 * plan becomes straight-line code on local variables: each buffer is read at most once and
 * written once per run of fused steps; larger elementwise runs become one loop. Steps that are
 * not elementwise (matrix products, reductions, broadcasting copies, custom ops) are called from
 * the generated code as the closures they were recorded as.
 *
 * Generated code needs `new Function`, which a Content-Security-Policy without 'unsafe-eval'
 * forbids. Where it is unavailable (or switched off with `setJitCodegen(false)`), the plan runs
 * its steps' closures in order instead: the same numbers, since every description computes
 * exactly what its closure does. That choice is made here and nowhere else: `generatedFactory`
 * is the only caller of `new Function` (jit-pattern.ts gets its argument checks from it too).
 */
import type { FloatArray } from "./dtype.js";
import type { Elementwise, Recorder } from "./trace.js";

/** A plan's runnable form. */
export interface Program {
  /** Runs every step once (the arena must be in force when `needsArena`). */
  run: () => void;
  /** Input storage by slot: the plan reads slot k's array from `inputs[k]` (set before `run`). */
  readonly inputs: FloatArray[];
  /** Steps computed by generated code (0 when interpreted). */
  readonly fused: number;
  /** Whether `run` is generated code (false: the steps' closures in order). */
  readonly generated: boolean;
  /** False when the run calls no closure (all generated code, which allocates nothing): no arena needed. */
  readonly needsArena: boolean;
}

/** Runs of fused steps shorter than this run as closures unless their arrays are this small. */
const SMALL = 64;

/** A generated factory: given its arguments (arrays, closures: never part of the source), the function it makes. */
export type Factory = (...args: any[]) => (...args: any[]) => unknown;

/**
 * Shared factories by source: what differs between uses of the same source is passed as arguments,
 * so e.g. argument matchers of the same structure share one compiled function that V8 has already
 * optimized. Plans do not share theirs (see `generate`).
 */
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 256;
let unsharedCount = 0;

/**
 * The one place that generates code: a factory taking `params` and running `source` (its body),
 * or null where code generation is off or refused (callers then use closures). `shared`: the same
 * source gets the same factory (its functions share V8's feedback and optimized code).
 */
export function generatedFactory(params: readonly string[], source: string, shared = true): Factory | null {
  if (!jitCodegenEnabled()) return null;
  // An unshared factory's source is made unique: V8 caches compiled code by source text, and
  // functions compiled from one text share their feedback and optimized code after all.
  if (!shared) return compile(params, `${source}\n// ${++unsharedCount}`);
  const key = params.join(",") + "\n" + source;
  const known = factories.get(key);
  if (known !== undefined) return known;
  const factory = compile(params, source);
  if (factory === null) return null;
  if (factories.size >= MAX_FACTORIES) factories.delete(factories.keys().next().value!);
  factories.set(key, factory);
  return factory;
}

function compile(params: readonly string[], source: string): Factory | null {
  try {
    return new Function(...params, source) as Factory;
  } catch {
    return null; // refused after all (a policy set after the probe)
  }
}

let allowed: boolean | null = null;
let forcedOff = false;

/** Whether this environment lets the library generate code (probed once). */
function canGenerate(): boolean {
  if (allowed === null) {
    try {
      allowed = new Function("return 1")() === 1;
    } catch {
      allowed = false; // EvalError under a Content-Security-Policy without 'unsafe-eval'
    }
  }
  return allowed;
}

/** Switches generated code off (false) or back on where allowed (true); for tests and comparisons. Plans already made keep theirs. */
export function setJitCodegen(on: boolean): void {
  forcedOff = !on;
}

/** Whether new plans get generated code: allowed here and not switched off. */
export function jitCodegenEnabled(): boolean {
  return !forcedOff && canGenerate();
}

/** The plan's program: generated where allowed (see the module comment), else its closures in order. */
export function makeProgram(recorder: Recorder, inputStorage: readonly FloatArray[]): Program {
  const inputs = inputStorage.slice();
  return generate(recorder, inputs) ?? interpreted(recorder, inputs);
}

function interpreted(recorder: Recorder, inputs: FloatArray[]): Program {
  const steps = recorder.steps;
  const run = (): void => {
    for (let i = 0; i < steps.length; i++) steps[i]!();
  };
  return { run, inputs, fused: 0, generated: false, needsArena: steps.length > 0 };
}

/** Which steps can be fused: described, with every array of the right length and none sharing memory with another. */
function fusable(recorder: Recorder): boolean[] {
  const byBuffer = new Map<ArrayBufferLike, FloatArray>();
  const shared = new Set<FloatArray>();
  for (const k of recorder.kernels) {
    if (k === null) continue;
    for (const a of [...k.inputs, ...k.outputs]) {
      const other = byBuffer.get(a.buffer);
      if (other === undefined) byBuffer.set(a.buffer, a);
      else if (other !== a) { shared.add(a); shared.add(other); }
    }
  }
  return recorder.kernels.map((k) =>
    k !== null &&
    k.n > 0 &&
    k.inputs.every((a) => !shared.has(a) && (a.length === k.n || a.length === 1)) &&
    k.outputs.every((a) => !shared.has(a) && a.length === k.n));
}

/** Consecutive fusable steps with the same element count, worth generating code for. */
function runsOf(recorder: Recorder): Array<{ start: number; end: number; n: number }> {
  const ok = fusable(recorder);
  const runs: Array<{ start: number; end: number; n: number }> = [];
  const kernels = recorder.kernels;
  for (let i = 0; i < kernels.length; ) {
    if (!ok[i]) { i++; continue; }
    const n = kernels[i]!.n;
    let j = i + 1;
    while (j < kernels.length && ok[j] && kernels[j]!.n === n) j++;
    // One large step alone gains nothing from generated code (its closure may be a native kernel).
    if (j - i >= 2 || n <= SMALL) runs.push({ start: i, end: j, n });
    i = j;
  }
  return runs;
}

/** Source for one run of fused steps; `name` gives each array's variable. */
function fuseRun(kernels: readonly Elementwise[], n: number, name: (a: FloatArray) => string): string {
  const lines: string[] = [];
  const hoisted: string[] = [];
  const local = new Map<FloatArray, string>();
  const dirty = new Set<FloatArray>();
  let next = 0;
  const at = n === 1 ? "[0]" : "[i]";
  for (const k of kernels) {
    // Inputs not yet in a local get a name, loaded only if the expressions use it (a backward
    // rule is handed g, x and y whether it reads them all or not).
    const fresh = new Map<string, FloatArray>();
    const names = k.inputs.map((a) => {
      let v = local.get(a);
      if (v === undefined) {
        v = `v${next++}`;
        fresh.set(v, a);
        local.set(a, v);
      }
      return v;
    });
    const exprs = k.code(names);
    for (const [v, a] of fresh) {
      if (!exprs.some((e) => new RegExp(`\\b${v}\\b`).test(e))) { local.delete(a); continue; }
      // A one-element input of a longer run is constant across the loop: read it once.
      if (a.length === 1 && n !== 1) hoisted.push(`const ${v} = ${name(a)}[0];`);
      else lines.push(`const ${v} = ${name(a)}${at};`);
    }
    k.outputs.forEach((out, o) => {
      const v = `v${next++}`;
      const e = exprs[o]!;
      lines.push(`const ${v} = ${out instanceof Float32Array ? `Math.fround(${e})` : e};`);
      local.set(out, v);
      dirty.add(out);
    });
  }
  for (const out of dirty) lines.push(`${name(out)}${at} = ${local.get(out)};`);
  if (n === 1) return `{\n${lines.join("\n")}\n}`;
  return `{\n${hoisted.join("\n")}\nfor (let i = 0; i < ${n}; i++) {\n${lines.join("\n")}\n}\n}`;
}

function generate(recorder: Recorder, inputs: FloatArray[]): Program | null {
  if (!jitCodegenEnabled()) return null;
  const runs = runsOf(recorder);
  if (runs.length === 0) return null;
  const constants: FloatArray[] = [];
  const names = new Map<FloatArray, string>();
  inputs.forEach((a, k) => names.set(a, `x${k}`));
  const name = (a: FloatArray): string => {
    let v = names.get(a);
    if (v === undefined) {
      v = `c${constants.length}`;
      constants.push(a);
      names.set(a, v);
    }
    return v;
  };
  const body: string[] = [];
  const closures: number[] = [];
  let fused = 0;
  const { steps, kernels, arenaStart, arenaEnd } = recorder;
  let r = 0;
  for (let i = 0; i < steps.length; ) {
    const run = runs[r];
    if (run !== undefined && run.start === i) {
      body.push(fuseRun(kernels.slice(run.start, run.end) as Elementwise[], run.n, name));
      fused += run.end - run.start;
      i = run.end;
      r++;
      continue;
    }
    closures.push(i);
    // A closure's arrays come from its place in the arena (the fused steps before it took none);
    // one that takes other arrays than at its trace counts as a miss, as in the interpreted run.
    body.push(`A.cursor = ${arenaStart[i]}; s${i}(); if (A.cursor !== ${arenaEnd[i]}) A.misses++;`);
    i++;
  }
  const prelude = [
    ...constants.map((_, k) => `const c${k} = C[${k}];`),
    ...closures.map((i) => `const s${i} = S[${i}];`),
  ];
  const loads = inputs.map((_, k) => `const x${k} = I[${k}];`);
  const source = `"use strict";\n${prelude.join("\n")}\nreturn function plan() {\n${loads.join("\n")}\n${body.join("\n")}\n};`;
  // Not shared: the plan calls its own steps' closures, and V8 inlines the ones the first plan's
  // calls saw; another plan on the same compiled function (a second run's `jit` of the same loss)
  // then deoptimized on every call ("wrong call target") and ran interpreted from then on.
  const factory = generatedFactory(["C", "S", "I", "A"], source, false);
  if (factory === null) return null;
  const run = factory(constants, steps, inputs, recorder.arena) as () => void;
  return { run, inputs, fused, generated: true, needsArena: closures.length > 0 };
}
