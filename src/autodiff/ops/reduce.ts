/**
 * Reductions over all elements or along one axis. A reduction along `axis` views the input as
 * [outer, n, inner] (n = the axis length), so every loop below is plain strided arithmetic.
 */
import { allocate, type FloatArray } from "../dtype.js";
import { normalizeAxis, SCALAR_SHAPE } from "../shape.js";
import { emit } from "../node.js";
import { Tensor, expectTensor } from "../tensor.js";
import { broadcastTo } from "./graph-shape.js";
import { mul } from "./elementwise-binary.js";
import { reshape } from "./shape-ops.js";

/** The differentiable form of spreadBack: g (reduced) broadcast back over x's shape, times scale. */
function spreadBackGraph(g: Tensor, x: Tensor, v: AxisView, scale: number): Tensor {
  const kept = reshape(g, [v.outer, 1, v.inner]);
  const spread = broadcastTo(kept, [v.outer, v.n, v.inner]);
  return reshape(scale === 1 ? spread : mul(spread, scale), x.shape);
}

/** The [outer, n, inner] view of a reduction, and the output shape it produces. */
export interface AxisView {
  outer: number;
  n: number;
  inner: number;
  outShape: readonly number[];
}

/** Describes reducing `shape` along `axis` (all axes when undefined). */
export function axisView(shape: readonly number[], axis: number | undefined, keepDims: boolean, op: string): AxisView {
  if (axis === undefined) {
    let n = 1;
    for (const d of shape) n *= d;
    return { outer: 1, n, inner: 1, outShape: keepDims ? shape.map(() => 1) : SCALAR_SHAPE };
  }
  const ax = normalizeAxis(axis, shape, op);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < ax; i++) outer *= shape[i]!;
  for (let i = ax + 1; i < shape.length; i++) inner *= shape[i]!;
  const outShape = keepDims ? shape.map((d, i) => (i === ax ? 1 : d)) : shape.filter((_, i) => i !== ax);
  return { outer, n: shape[ax]!, inner, outShape };
}

function sumAlong(x: FloatArray, v: AxisView, out: FloatArray): void {
  const { outer, n, inner } = v;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let s = 0;
      const base = o * n;
      for (let k = 0; k < n; k++) s += x[base + k]!;
      out[o] = s;
    }
    return;
  }
  out.fill(0);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < n; k++) {
      const src = (o * n + k) * inner;
      const dst = o * inner;
      for (let j = 0; j < inner; j++) out[dst + j] = out[dst + j]! + x[src + j]!;
    }
  }
}

/** Spreads an output-shaped gradient back over the reduced axis, times `scale`. */
function spreadBack(g: FloatArray, v: AxisView, scale: number, gx: FloatArray): void {
  const { outer, n, inner } = v;
  if (inner === 1) {
    for (let o = 0, at = 0; o < outer; o++) {
      const value = g[o]! * scale;
      for (let k = 0; k < n; k++) gx[at++] = value;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < n; k++) {
      const dst = (o * n + k) * inner;
      const src = o * inner;
      for (let j = 0; j < inner; j++) gx[dst + j] = g[src + j]! * scale;
    }
  }
}

/** Sum over all elements or along `axis`: d(Σx)/dxᵢ = 1 (the gradient is broadcast back). */
export function sum(x: Tensor, axis?: number, keepDims = false): Tensor {
  expectTensor(x, "sum");
  const v = axisView(x.shape, axis, keepDims, "sum");
  const out = allocate(x.dtype, v.outer * v.inner);
  return emit([x], out, v.outShape, () => sumAlong(x.data, v, out), (g) => {
    const gx = allocate(x.dtype, x.data.length);
    spreadBack(g, v, 1, gx);
    return [gx];
  }, (g) => [spreadBackGraph(g, x, v, 1)]);
}

/** Mean over all elements or along `axis`: d(mean x)/dxᵢ = 1/n. */
export function mean(x: Tensor, axis?: number, keepDims = false): Tensor {
  expectTensor(x, "mean");
  const v = axisView(x.shape, axis, keepDims, "mean");
  const out = allocate(x.dtype, v.outer * v.inner);
  const scale = 1 / v.n;
  return emit([x], out, v.outShape, () => {
    sumAlong(x.data, v, out);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale;
  }, (g) => {
    const gx = allocate(x.dtype, x.data.length);
    spreadBack(g, v, scale, gx);
    return [gx];
  }, (g) => [spreadBackGraph(g, x, v, scale)]);
}

/** Writes the index (along the axis) of the first maximum of each [outer, ·, inner] fibre to idx. */
function argmaxAlong(x: FloatArray, v: AxisView, idx: Int32Array): Int32Array {
  const { outer, n, inner } = v;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let best = 0;
      let bestValue = x[o * n * inner + j]!;
      for (let k = 1; k < n; k++) {
        const value = x[(o * n + k) * inner + j]!;
        if (value > bestValue || (value !== value && bestValue === bestValue)) { best = k; bestValue = value; }
      }
      idx[o * inner + j] = best;
    }
  }
  return idx;
}

/** Maximum over all elements or along `axis`: gradient 1 at the (first) maximum, 0 elsewhere. */
export function max(x: Tensor, axis?: number, keepDims = false): Tensor {
  expectTensor(x, "max");
  const v = axisView(x.shape, axis, keepDims, "max");
  const idx = new Int32Array(v.outer * v.inner);
  const out = allocate(x.dtype, idx.length);
  const { n, inner } = v;
  const position = (i: number): number => (Math.floor(i / inner) * n + idx[i]!) * inner + (i % inner);
  return emit([x], out, v.outShape, () => {
    argmaxAlong(x.data, v, idx);
    for (let i = 0; i < idx.length; i++) out[i] = x.data[position(i)]!;
  }, (g) => {
    const gx = allocate(x.dtype, x.data.length);
    for (let i = 0; i < idx.length; i++) gx[position(i)] = g[i]!;
    return [gx];
  }, (g, y) => {
    // The positions of the maxima: a 0/1 mask with no gradient (an op, so a plan recomputes it).
    const mask = allocate(x.dtype, x.data.length);
    const maskT = emit([y], mask, x.shape, () => {
      mask.fill(0);
      for (let i = 0; i < idx.length; i++) mask[position(i)] = 1;
    });
    return [mul(spreadBackGraph(g, x, v, 1), maskT)];
  });
}

/** Index of the maximum along `axis` (over the flattened tensor when undefined), as numbers; no gradient. */
export function argmax(x: Tensor, axis?: number): Tensor {
  expectTensor(x, "argmax");
  const v = axisView(x.shape, axis, false, "argmax");
  const idx = new Int32Array(v.outer * v.inner);
  const out = allocate(x.dtype, idx.length);
  return emit([x], out, v.outShape, () => out.set(argmaxAlong(x.data, v, idx)));
}
