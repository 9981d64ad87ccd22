/**
 * Numerically stable log-sum-exp, softmax and log-softmax along one axis. Each subtracts the
 * fibre's maximum before exponentiating, so inputs like 1000 neither overflow nor underflow.
 */
import { allocate, type FloatArray } from "../dtype.js";
import { emit } from "../node.js";
import { Tensor, expectTensor } from "../tensor.js";
import { axisView, sum, type AxisView } from "./reduce.js";
import { mul, sub } from "./elementwise-binary.js";
import { exp } from "./elementwise-unary.js";
import { reshape } from "./shape-ops.js";

/** A reduced tensor viewed with its axis kept (size 1), so it broadcasts against the input. */
function kept(t: Tensor, v: AxisView): Tensor {
  return reshape(t, [v.outer, 1, v.inner]);
}

/** The largest of a fibre's n entries (from `base`, every `inner`): −∞ for none, NaN when one is. */
function fibreMax(x: FloatArray, base: number, n: number, inner: number): number {
  let m = -Infinity;
  for (let k = 0; k < n; k++) m = Math.max(m, x[base + k * inner]!);
  return m;
}

/** Writes log Σ exp along the view's axis into `lse` (one entry per fibre). */
function logSumExpAlong(x: FloatArray, v: AxisView, lse: FloatArray): void {
  const { outer, n, inner } = v;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      const m = fibreMax(x, base, n, inner);
      if (m === -Infinity || !Number.isFinite(m)) { lse[o * inner + j] = m; continue; }
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(x[base + k * inner]! - m);
      lse[o * inner + j] = m + Math.log(s);
    }
  }
}

/**
 * softmax fibre by fibre as exp(x - max) / Σ exp(x - max) into `prob` (exact 0.5s for equal large
 * inputs); with `logOut`, log softmax too, as (x - max) - log Σ exp(x - max) from the same
 * exponentials: subtracting the two parts separately keeps full precision.
 */
function softmaxAlong(x: FloatArray, v: AxisView, prob: FloatArray, logOut: FloatArray | null = null): void {
  const { outer, n, inner } = v;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      const m = fibreMax(x, base, n, inner);
      let s = 0;
      for (let k = 0; k < n; k++) {
        const e = Math.exp(x[base + k * inner]! - m);
        prob[base + k * inner] = e;
        s += e;
      }
      for (let k = 0; k < n; k++) prob[base + k * inner] = prob[base + k * inner]! / s;
      if (logOut === null) continue;
      const logS = Math.log(s);
      for (let k = 0; k < n; k++) logOut[base + k * inner] = x[base + k * inner]! - m - logS;
    }
  }
}

/** dL/dx = g − p · Σ g fibre by fibre, from the forward's softmax p. */
function logSoftmaxBackward(g: FloatArray, prob: FloatArray, v: AxisView, gx: FloatArray): void {
  const { outer, n, inner } = v;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let total = 0;
      for (let k = 0; k < n; k++) total += g[base + k * inner]!;
      for (let k = 0; k < n; k++) gx[base + k * inner] = g[base + k * inner]! - prob[base + k * inner]! * total;
    }
  }
}

/** Σ over the axis of `a` (optionally times `b`), one entry per fibre. */
function fibreSums(a: FloatArray, b: FloatArray | null, v: AxisView, out: FloatArray): void {
  const { outer, n, inner } = v;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < n; k++) {
      const row = (o * n + k) * inner;
      for (let j = 0; j < inner; j++) out[o * inner + j] = out[o * inner + j]! + (b === null ? a[row + j]! : a[row + j]! * b[row + j]!);
    }
  }
}

/** log Σ exp(x) along `axis` (default last): its gradient is softmax(x) times the incoming gradient. */
export function logSumExp(x: Tensor, axis = -1, keepDims = false): Tensor {
  expectTensor(x, "logSumExp");
  const v = axisView(x.shape, x.rank === 0 ? undefined : axis, keepDims, "logSumExp");
  const lse = allocate(x.dtype, v.outer * v.inner);
  return emit([x], lse, v.outShape, () => logSumExpAlong(x.data, v, lse), (g) => {
    const gx = allocate(x.dtype, x.size);
    softmaxAlong(x.data, v, gx);
    const { outer, n, inner } = v;
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < n; k++) {
        const row = (o * n + k) * inner;
        for (let j = 0; j < inner; j++) gx[row + j] = gx[row + j]! * g[o * inner + j]!;
      }
    }
    return [gx];
  }, (g, y) => {
    const x3 = reshape(x, [v.outer, v.n, v.inner]);
    return [reshape(mul(exp(sub(x3, kept(y, v))), kept(g, v)), x.shape)];
  });
}

/** softmax along `axis` (default last): dL/dx = y ⊙ (g − Σ g⊙y). */
export function softmax(x: Tensor, axis = -1): Tensor {
  expectTensor(x, "softmax");
  const v = axisView(x.shape, x.rank === 0 ? undefined : axis, true, "softmax");
  const y = allocate(x.dtype, x.size);
  return emit([x], y, x.shape, () => softmaxAlong(x.data, v, y), (g) => {
    const dot = allocate(x.dtype, v.outer * v.inner);
    fibreSums(g, y, v, dot);
    const gx = allocate(x.dtype, x.size);
    const { outer, n, inner } = v;
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < n; k++) {
        const row = (o * n + k) * inner;
        for (let j = 0; j < inner; j++) gx[row + j] = y[row + j]! * (g[row + j]! - dot[o * inner + j]!);
      }
    }
    return [gx];
  }, (g, yT) => {
    const y3 = reshape(yT, [v.outer, v.n, v.inner]);
    const g3 = reshape(g, [v.outer, v.n, v.inner]);
    return [reshape(mul(y3, sub(g3, sum(mul(g3, y3), 1, true))), x.shape)];
  });
}

/** log softmax along `axis` (default last): dL/dx = g − softmax(x) · Σ g. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  expectTensor(x, "logSoftmax");
  const v = axisView(x.shape, x.rank === 0 ? undefined : axis, true, "logSoftmax");
  const out = allocate(x.dtype, x.size);
  // softmax(x), written by the forward step (a plan's replay too), so the backward needs no exp.
  const prob = allocate(x.dtype, x.size);
  return emit([x], out, x.shape, () => softmaxAlong(x.data, v, prob, out), (g) => {
    const gx = allocate(x.dtype, x.size);
    logSoftmaxBackward(g, prob, v, gx);
    return [gx];
  }, (g, yT) => {
    const y3 = reshape(yT, [v.outer, v.n, v.inner]);
    const g3 = reshape(g, [v.outer, v.n, v.inner]);
    return [reshape(sub(g3, mul(exp(y3), sum(g3, 1, true))), x.shape)];
  });
}
