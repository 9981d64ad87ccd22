/**
 * Elementwise binary ops with NumPy broadcasting. Each op is a forward loop and, beside it, the
 * loops that give dL/da and dL/db. Loops read operands through a stride of 1 (same shape) or 0
 * (a size-1 operand), so the common cases touch no index arithmetic; only genuinely broadcast
 * operands are materialised first. Gradients are summed back over broadcast axes.
 */
import { allocate, commonDType, type FloatArray } from "../dtype.js";
import { broadcastShapes, expandTo, sameShape, sizeOf, sumToShape } from "../shape.js";
import { emit } from "../node.js";
import { describe, isRecording } from "../trace.js";
import { Tensor, type Operand } from "../tensor.js";
import { scalar } from "../create.js";
import { neg, powScalar } from "./elementwise-unary.js";
import { eq, ge, le, where } from "./compare.js";
import { log } from "./elementwise-unary.js";
import { reduceToShape } from "./graph-shape.js";

type Forward = (a: FloatArray, sa: number, b: FloatArray, sb: number, out: FloatArray) => void;
/** Gradient of one operand, per output element (output-sized), or null when not needed. */
type Backward = (
  g: FloatArray, a: FloatArray, sa: number, b: FloatArray, sb: number, y: FloatArray, wantA: boolean, wantB: boolean,
) => [FloatArray | null, FloatArray | null];

/** Turns number operands into scalars of the other side's dtype. */
export function operands(x: Operand, y: Operand, op: string): [Tensor, Tensor] {
  if (typeof x === "number") {
    if (typeof y === "number") return [scalar(x), scalar(y)];
    return [scalar(x, y.dtype), y];
  }
  if (typeof y === "number") return [x, scalar(y, x.dtype)];
  commonDType(x.dtype, y.dtype, op);
  return [x, y];
}

/** The backward rule in differentiable ops: gradients at the output's shape (summed back to each
 * operand's shape by the driver) from g, the operands a, b and the output y. */
type GraphBackward = (g: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null];

/**
 * The same arithmetic as JavaScript expressions, for compiled plans that fuse elementwise steps
 * (trace.ts `describe`): `forward` gives one element of the output from one element of a and b;
 * `backward` gives dL/da and dL/db from g, a, b and y, exactly as the Backward loop computes them
 * (same operations, same order: test/autodiff/jit-fusion.test.ts holds them equal bit for bit).
 */
export interface BinaryCode {
  forward(a: string, b: string): string;
  backward(g: string, a: string, b: string, y: string): [string, string];
}

/** Shared driver: broadcast, run the forward loop, record the backward (and its differentiable form). */
export function binaryOp(op: string, x: Operand, y: Operand, forward: Forward, backward: Backward, graph?: GraphBackward, code?: BinaryCode): Tensor {
  // Numbers adopt the other side's dtype (inlined rather than via operands() to skip a tuple per op).
  const a = typeof x === "number" ? scalar(x, typeof y === "number" ? "float64" : y.dtype) : x;
  const b = typeof y === "number" ? scalar(y, a.dtype) : y;
  const dtype = a.dtype;
  if (b.dtype !== dtype) commonDType(dtype, b.dtype, op);
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, op);
  const n = shape === a.shape ? a.data.length : sizeOf(shape);
  // A genuinely broadcast operand is materialised (inside the forward step, so a replay redoes it).
  const expandA = a.data.length !== n && a.data.length !== 1;
  const expandB = b.data.length !== n && b.data.length !== 1;
  const sa = a.data.length === 1 && n !== 1 ? 0 : 1;
  const sb = b.data.length === 1 && n !== 1 ? 0 : 1;
  let ad = a.data;
  let bd = b.data;
  const out = allocate(dtype, n);
  const run = (): void => {
    ad = expandA ? expandTo(a.data, a.shape, shape, dtype) : a.data;
    bd = expandB ? expandTo(b.data, b.shape, shape, dtype) : b.data;
    forward(ad, sa, bd, sb, out);
  };
  // Traced, a step on operands that need no materialising describes itself for fusion.
  const fusable = code !== undefined && !expandA && !expandB && isRecording();
  const kernel = fusable ? { n, inputs: [a.data, b.data], outputs: [out], code: (v: readonly string[]) => [code.forward(v[0]!, v[1]!)] } : undefined;
  if (!a.requiresGrad && !b.requiresGrad) return emit([a, b], out, shape, run, undefined, undefined, kernel);
  return emit([a, b], out, shape, run, (g) => {
    // Unexpanded operands are read from the tensors, not from the forward's last run: a fused
    // plan may have computed the forward without running that closure.
    const aNow = expandA ? ad : a.data;
    const bNow = expandB ? bd : b.data;
    const grads = backward(g, aNow, sa, bNow, sb, out, a.requiresGrad, b.requiresGrad);
    const ga = grads[0];
    const gb = grads[1];
    if (fusable && isRecording() && (ga === null || ga.length === aNow.length) && (gb === null || gb.length === bNow.length)) {
      describeGrads(g, [aNow, bNow, out], grads, (v) => code.backward(v[0]!, v[1]!, v[2]!, v[3]!));
    }
    if (ga !== null && ga.length !== a.data.length) grads[0] = sumToShape(ga, shape, a.shape, dtype);
    if (gb !== null && gb.length !== b.data.length) grads[1] = sumToShape(gb, shape, b.shape, dtype);
    return grads;
  }, graph && ((g, out) => {
    const [ga, gb] = graph(g, a, b, out);
    return [a.requiresGrad && ga ? reduceToShape(ga, a.shape) : null, b.requiresGrad && gb ? reduceToShape(gb, b.shape) : null];
  }), kernel);
}

/**
 * Describes a backward step for fusion: its inputs are g and `reads`, its outputs the gradients it
 * computed (a gradient that is g itself needs no code). `code` gets the names of g and `reads`.
 */
export function describeGrads(
  g: FloatArray, reads: readonly FloatArray[], grads: ReadonlyArray<FloatArray | null>, code: (v: readonly string[]) => readonly string[],
): void {
  const outputs: FloatArray[] = [];
  const which: number[] = [];
  for (let k = 0; k < grads.length; k++) {
    const gk = grads[k];
    if (gk !== null && gk !== undefined && gk !== g) { outputs.push(gk); which.push(k); }
  }
  describe({ n: g.length, inputs: [g, ...reads], outputs, code: (v) => { const all = code(v); return which.map((k) => all[k]!); } });
}

function negated(g: FloatArray): FloatArray {
  const out = allocate(g instanceof Float32Array ? "float32" : "float64", g.length);
  for (let i = 0; i < g.length; i++) out[i] = -g[i]!;
  return out;
}

/** out[i] = g[i] * v[i*sv] */
function scaled(g: FloatArray, v: FloatArray, sv: number): FloatArray {
  const out = allocate(g instanceof Float32Array ? "float32" : "float64", g.length);
  for (let i = 0, j = 0; i < g.length; i++, j += sv) out[i] = g[i]! * v[j]!;
  return out;
}

const addForward: Forward = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia]! + b[ib]!;
};
const addBackward: Backward = (g, _a, _sa, _b, _sb, _y, wantA, wantB) => [wantA ? g : null, wantB ? g : null];
/** Sum: d(a+b)/da = 1, d(a+b)/db = 1. */
export function add(x: Operand, y: Operand): Tensor {
  return binaryOp("add", x, y, addForward, addBackward, (g) => [g, g], { forward: (a, b) => `${a} + ${b}`, backward: (g) => [g, g] });
}

const subForward: Forward = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia]! - b[ib]!;
};
const subBackward: Backward = (g, _a, _sa, _b, _sb, _y, wantA, wantB) => [wantA ? g : null, wantB ? negated(g) : null];
/** Difference: d(a-b)/da = 1, d(a-b)/db = -1. */
export function sub(x: Operand, y: Operand): Tensor {
  return binaryOp("sub", x, y, subForward, subBackward, (g) => [g, neg(g)], { forward: (a, b) => `${a} - ${b}`, backward: (g) => [g, `-${g}`] });
}

const mulForward: Forward = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia]! * b[ib]!;
};
const mulBackward: Backward = (g, a, sa, b, sb, _y, wantA, wantB) => [wantA ? scaled(g, b, sb) : null, wantB ? scaled(g, a, sa) : null];
/** Product: d(ab)/da = b, d(ab)/db = a. */
export function mul(x: Operand, y: Operand): Tensor {
  return binaryOp("mul", x, y, mulForward, mulBackward, (g, a, b) => [mul(g, b), mul(g, a)], {
    forward: (a, b) => `${a} * ${b}`,
    backward: (g, a, b) => [`${g} * ${b}`, `${g} * ${a}`],
  });
}

const divForward: Forward = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia]! / b[ib]!;
};
const divBackward: Backward = (g, _a, _sa, b, sb, y, wantA, wantB) => {
  let ga: FloatArray | null = null;
  let gb: FloatArray | null = null;
  if (wantA) {
    ga = allocate(g instanceof Float32Array ? "float32" : "float64", g.length);
    for (let i = 0, ib = 0; i < g.length; i++, ib += sb) ga[i] = g[i]! / b[ib]!;
  }
  if (wantB) {
    gb = allocate(g instanceof Float32Array ? "float32" : "float64", g.length);
    for (let i = 0, ib = 0; i < g.length; i++, ib += sb) gb[i] = (-g[i]! * y[i]!) / b[ib]!;
  }
  return [ga, gb];
};
/** Quotient: d(a/b)/da = 1/b, d(a/b)/db = -a/b² = -y/b. */
export function div(x: Operand, y: Operand): Tensor {
  return binaryOp("div", x, y, divForward, divBackward, (g, _a, b, y) => [div(g, b), neg(div(mul(g, y), b))], {
    forward: (a, b) => `${a} / ${b}`,
    backward: (g, _a, b, y) => [`${g} / ${b}`, `(-${g} * ${y}) / ${b}`],
  });
}

const powForward: Forward = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = Math.pow(a[ia]!, b[ib]!);
};
const powBackward: Backward = (g, a, sa, b, sb, y, wantA, wantB) => {
  const dtype = g instanceof Float32Array ? "float32" : "float64";
  let ga: FloatArray | null = null;
  let gb: FloatArray | null = null;
  if (wantA) {
    ga = allocate(dtype, g.length);
    for (let i = 0, ia = 0, ib = 0; i < g.length; i++, ia += sa, ib += sb) {
      const e = b[ib]!;
      ga[i] = e === 0 ? 0 : g[i]! * e * Math.pow(a[ia]!, e - 1);
    }
  }
  if (wantB) {
    gb = allocate(dtype, g.length);
    for (let i = 0, ia = 0; i < g.length; i++, ia += sa) {
      const base = a[ia]!;
      gb[i] = base === 0 ? 0 : g[i]! * y[i]! * Math.log(base);
    }
  }
  return [ga, gb];
};
/**
 * Power a^b: d/da = b·a^(b-1), d/db = a^b·ln a (taken as 0 where a = 0, the limit for b > 0).
 * A number exponent takes the cheaper unary path.
 */
export function pow(x: Operand, y: Operand): Tensor {
  if (typeof y === "number" && typeof x !== "number") return powScalar(x, y);
  return binaryOp("pow", x, y, powForward, powBackward, (g, a, b, y) => [
    // Same conventions as the array rule: 0 where the exponent is 0, and d/db taken as 0 where a = 0.
    where(eq(b, 0), 0, mul(g, mul(b, pow(a, sub(b, 1))))),
    where(eq(a, 0), 0, mul(g, mul(y, log(where(eq(a, 0), 1, a))))),
  ], {
    forward: (a, b) => `Math.pow(${a}, ${b})`,
    backward: (g, a, b, y) => [`(${b} === 0 ? 0 : ${g} * ${b} * Math.pow(${a}, ${b} - 1))`, `(${a} === 0 ? 0 : ${g} * ${y} * Math.log(${a}))`],
  });
}

/** Routes g to a where `pickA` holds, else to b (ties are decided by `pickA`). */
function routed(
  g: FloatArray, a: FloatArray, sa: number, b: FloatArray, sb: number, wantA: boolean, wantB: boolean, aWinsTies: "min" | "max",
): [FloatArray | null, FloatArray | null] {
  const dtype = g instanceof Float32Array ? "float32" : "float64";
  const ga = wantA ? allocate(dtype, g.length) : null;
  const gb = wantB ? allocate(dtype, g.length) : null;
  for (let i = 0, ia = 0, ib = 0; i < g.length; i++, ia += sa, ib += sb) {
    const pickA = aWinsTies === "min" ? a[ia]! <= b[ib]! : a[ia]! >= b[ib]!;
    if (pickA) { if (ga) ga[i] = g[i]!; } else if (gb) gb[i] = g[i]!;
  }
  return [ga, gb];
}

/** g to a where the 0/1 mask `pickA` holds, to b elsewhere (the mask is a constant). */
function routedGraph(g: Tensor, pickA: Tensor): [Tensor, Tensor] {
  return [mul(g, pickA), mul(g, sub(1, pickA))];
}

const minimumForward: Forward = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia]! <= b[ib]! ? a[ia]! : b[ib]!;
};
const minimumBackward: Backward = (g, a, sa, b, sb, _y, wantA, wantB) => routed(g, a, sa, b, sb, wantA, wantB, "min");
/** Elementwise minimum: gradient 1 to the smaller operand (to a on ties), 0 to the other. */
export function minimum(x: Operand, y: Operand): Tensor {
  return binaryOp("minimum", x, y, minimumForward, minimumBackward, (g, a, b) => routedGraph(g, le(a, b)), {
    forward: (a, b) => `(${a} <= ${b} ? ${a} : ${b})`,
    backward: (g, a, b) => [`(${a} <= ${b} ? ${g} : 0)`, `(${a} <= ${b} ? 0 : ${g})`],
  });
}

const maximumForward: Forward = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia]! >= b[ib]! ? a[ia]! : b[ib]!;
};
const maximumBackward: Backward = (g, a, sa, b, sb, _y, wantA, wantB) => routed(g, a, sa, b, sb, wantA, wantB, "max");
/** Elementwise maximum: gradient 1 to the larger operand (to a on ties), 0 to the other. */
export function maximum(x: Operand, y: Operand): Tensor {
  return binaryOp("maximum", x, y, maximumForward, maximumBackward, (g, a, b) => routedGraph(g, ge(a, b)), {
    forward: (a, b) => `(${a} >= ${b} ? ${a} : ${b})`,
    backward: (g, a, b) => [`(${a} >= ${b} ? ${g} : 0)`, `(${a} >= ${b} ? 0 : ${g})`],
  });
}
