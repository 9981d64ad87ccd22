/**
 * The arguments' structure a compiled plan was traced for (jit.ts), and the check each call
 * makes against it: tree structure (arrays, plain records with their keys in order), each
 * tensor's dtype and shape, and every static value. Where code can be generated the check is a
 * straight-line function written for the pattern (jit-codegen.ts decides); otherwise `match`
 * walks the pattern.
 */
import type { DType } from "./dtype.js";
import { generatedFactory } from "./jit-codegen.js";
import { Tensor } from "./tensor.js";

export type Pattern =
  | { kind: 0; dtype: DType; shape: readonly number[] }
  | { kind: 1; items: Pattern[] }
  | { kind: 2; keys: string[]; items: Pattern[] }
  | { kind: 3; value: unknown };

/** A plain record (prototype Object.prototype or null): the only objects jit walks into. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The pattern of one argument (already accepted by jit's signature walk). */
export function patternOf(node: unknown): Pattern {
  if (node instanceof Tensor) return { kind: 0, dtype: node.dtype, shape: node.shape.slice() };
  if (Array.isArray(node)) return { kind: 1, items: node.map(patternOf) };
  if (isRecord(node)) {
    const keys = Object.keys(node);
    return { kind: 2, keys, items: keys.map((k) => patternOf(node[k])) };
  }
  return { kind: 3, value: node };
}

/**
 * Matches `node` against `p`, writing its tensors into `out` from `at`: the next position, or -1
 * when it does not match (another structure, shape, dtype or static value, or a tensor that
 * requires a gradient, which the caller's slow path reports).
 */
export function match(p: Pattern, node: unknown, out: Tensor[], at: number): number {
  switch (p.kind) {
    case 0: {
      if (!(node instanceof Tensor) || node.dtype !== p.dtype || node.requiresGrad) return -1;
      const shape = node.shape;
      const want = p.shape;
      if (shape.length !== want.length) return -1;
      for (let i = 0; i < shape.length; i++) if (shape[i] !== want[i]) return -1;
      out[at] = node;
      return at + 1;
    }
    case 1: {
      if (!Array.isArray(node) || node.length !== p.items.length) return -1;
      for (let i = 0; i < node.length && at >= 0; i++) at = match(p.items[i]!, node[i], out, at);
      return at;
    }
    case 2: {
      if (!isRecord(node)) return -1;
      const keys = p.keys;
      let i = 0;
      // Key order is part of the signature (the signature walks Object.keys), so compare in order.
      for (const k in node) if (k !== keys[i++]) return -1;
      if (i !== keys.length) return -1;
      for (let j = 0; j < keys.length && at >= 0; j++) at = match(p.items[j]!, node[keys[j]!], out, at);
      return at;
    }
    default:
      return Object.is(node, p.value) ? at : -1;
  }
}

/** Checks a call's arguments (passed as they came: `matcher.apply(null, arguments)`), writing their tensors into the `out` it was made with. */
export type Matcher = (...args: unknown[]) => boolean;

/** The check for `patterns`: generated code where allowed, else a walk with `match`. */
export function makeMatcher(patterns: readonly Pattern[], out: Tensor[]): Matcher {
  return generatedMatcher(patterns, out) ?? function (): boolean {
    if (arguments.length !== patterns.length) return false;
    let at = 0;
    for (let i = 0; i < patterns.length && at >= 0; i++) at = match(patterns[i]!, arguments[i], out, at);
    return at === out.length;
  };
}

/** The same checks as `match`, unrolled for these patterns. */
function generatedMatcher(patterns: readonly Pattern[], out: Tensor[]): Matcher | null {
  const lines: string[] = [];
  const statics: unknown[] = [];
  let temp = 0;
  let leaf = 0;
  const emit = (p: Pattern, v: string): void => {
    switch (p.kind) {
      case 0:
        lines.push(`if (!(${v} instanceof T) || ${v}.dtype !== ${JSON.stringify(p.dtype)} || ${v}.requiresGrad) return false;`);
        lines.push(`{ const s = ${v}.shape; if (s.length !== ${p.shape.length}${p.shape.map((d, i) => ` || s[${i}] !== ${d}`).join("")}) return false; }`);
        lines.push(`L[${leaf++}] = ${v};`);
        return;
      case 1:
        lines.push(`if (!Array.isArray(${v}) || ${v}.length !== ${p.items.length}) return false;`);
        p.items.forEach((item, i) => {
          const t = `t${temp++}`;
          lines.push(`const ${t} = ${v}[${i}];`);
          emit(item, t);
        });
        return;
      case 2: {
        lines.push(`if (typeof ${v} !== "object" || ${v} === null) return false;`);
        lines.push(`{ const p = getPrototypeOf(${v}); if (p !== OP && p !== null) return false; }`);
        const cases = p.keys.map((k, i) => `case ${i}: if (k !== ${JSON.stringify(k)}) return false; break;`).join(" ");
        lines.push(`{ let n = 0; for (const k in ${v}) { switch (n++) { ${cases} default: return false; } } if (n !== ${p.keys.length}) return false; }`);
        p.keys.forEach((k, i) => {
          const t = `t${temp++}`;
          lines.push(`const ${t} = ${v}[${JSON.stringify(k)}];`);
          emit(p.items[i]!, t);
        });
        return;
      }
      default:
        lines.push(`if (!Object.is(${v}, V[${statics.length}])) return false;`);
        statics.push(p.value);
    }
  };
  patterns.forEach((p, i) => emit(p, `a${i}`));
  const params = patterns.map((_, i) => `a${i}`).join(", ");
  const source = `"use strict";\nconst getPrototypeOf = Object.getPrototypeOf, OP = Object.prototype;\nreturn function match(${params}) {\nif (arguments.length !== ${patterns.length}) return false;\n${lines.join("\n")}\nreturn true;\n};`;
  const factory = generatedFactory(["T", "L", "V"], source);
  return factory === null ? null : (factory(Tensor, out, statics) as Matcher);
}
