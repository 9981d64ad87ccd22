/**
 * The fused dense layer y = x·W + b as one autodiff node. Fusing the bias add avoids a broadcast
 * node and its reduction; the backward pass uses layout-specific kernels, so nothing is
 * transposed and no graph node is made per element. All three products go through autodiff's
 * matmul kernels (float32: WebAssembly SIMD above a small size; float64, for gradient checks: JS).
 */
import { Tensor, allocate, customOp, matmul, sum, transpose, type FloatArray } from "../autodiff/index.js";
import * as kernels from "../kernels/index.js";
import { DescentError, ShapeError } from "../errors.js";

/** x [m×k] · w [k×n] + b [n] → [m×n]. d/dx = G·Wᵀ, d/dW = xᵀ·G, d/db = column sums of G. */
export function dense(x: Tensor, w: Tensor, b: Tensor): Tensor {
  const [m, k] = x.shape as [number, number];
  const [kw, n] = w.shape as [number, number];
  if (x.shape.length !== 2 || w.shape.length !== 2 || k !== kw || b.size !== n) {
    throw new ShapeError(`dense: input [${x.shape.join("×")}] does not fit weight [${w.shape.join("×")}] and bias [${b.shape.join("×")}]`);
  }
  if (x.dtype !== w.dtype || w.dtype !== b.dtype) {
    throw new DescentError(`dense: dtype mismatch (${x.dtype}, ${w.dtype}, ${b.dtype})`, "DTYPE_MISMATCH");
  }
  const alloc = (size: number): FloatArray => allocate(x.dtype, size);
  const out = alloc(m * n);
  return customOp({ inputs: [x, w, b], output: out, shape: [m, n], forward: () => denseForward(x.data, w.data, b.data, m, k, n, out), backward: (g: FloatArray) => {
    const gx = x.requiresGrad ? denseInputGradient(g, w.data, m, k, n, alloc(m * k)) : null;
    const gw = w.requiresGrad ? denseWeightGradient(x.data, g, m, k, n, alloc(k * n)) : null;
    const gb = b.requiresGrad ? kernels.columnSums(g, m, n, alloc(n)) : null;
    return [gx, gw, gb];
  }, graphBackward: (g) => [
    // The same three products in differentiable ops (second order: sharpness, hvp).
    x.requiresGrad ? matmul(g, transpose(w)) : null,
    w.requiresGrad ? matmul(transpose(x), g) : null,
    b.requiresGrad ? sum(g, 0) : null,
  ] });
}

/** out ← x·W + b, overwriting out (m×n): the layer's forward step, eager and in a compiled plan. */
export function denseForward(x: FloatArray, w: FloatArray, bias: FloatArray, m: number, k: number, n: number, out: FloatArray): void {
  // Start from the bias in every row. `set` per row costs a call each: for narrow outputs (one
  // logit, a few classes) a plain loop is several times faster.
  if (n === 1) out.fill(bias[0]!);
  else if (n < 64) for (let i = 0, at = 0; i < m; i++) for (let j = 0; j < n; j++, at++) out[at] = bias[j]!;
  else for (let i = 0; i < m; i++) out.set(bias, i * n);
  if (out instanceof Float32Array) kernels.matmulNN32(x as Float32Array, w as Float32Array, out, m, k, n);
  else kernels.matmulNN64(x as Float64Array, w as Float64Array, out as Float64Array, m, k, n);
}

/** gx += G·Wᵀ (gx m×k, zero for the plain gradient); returns gx. */
export function denseInputGradient(g: FloatArray, w: FloatArray, m: number, k: number, n: number, gx: FloatArray): FloatArray {
  if (gx instanceof Float32Array) kernels.matmulNT32(g as Float32Array, w as Float32Array, gx, m, n, k);
  else kernels.matmulNT64(g as Float64Array, w as Float64Array, gx as Float64Array, m, n, k);
  return gx;
}

/** gw += xᵀ·G (gw k×n, zero for the plain gradient; row i of xᵀ is column i of x); returns gw. */
export function denseWeightGradient(x: FloatArray, g: FloatArray, m: number, k: number, n: number, gw: FloatArray): FloatArray {
  if (gw instanceof Float32Array) kernels.matmulTN32(x as Float32Array, g as Float32Array, gw, k, m, n);
  else kernels.matmulTN64(x as Float64Array, g as Float64Array, gw as Float64Array, k, m, n);
  return gw;
}

