/**
 * Matrix product with NumPy matmul semantics for the cases training needs: 2-D·2-D, 1-D operands
 * (promoted to a row / column and squeezed back), and batched [..., m, k]·[..., k, n] where the
 * batch shapes are equal or one side is a plain matrix shared by every batch.
 * d(AB)/dA: G·Bᵀ, d(AB)/dB: Aᵀ·G, computed by the layout-specific kernels without transposes.
 */
import { ShapeError } from "../../errors.js";
import { allocate, commonDType, type FloatArray } from "../dtype.js";
import { formatShape, sameShape, sizeOf } from "../shape.js";
import { emit } from "../node.js";
import { Tensor, expectTensor } from "../tensor.js";
import * as k from "../../kernels/index.js";
import { reduceToShape } from "./graph-shape.js";
import { reshape, transpose } from "./shape-ops.js";

/** Swaps the last two axes. */
function swapLast(t: Tensor): Tensor {
  const perm = t.shape.map((_, i) => i);
  perm[perm.length - 1] = perm.length - 2;
  perm[perm.length - 2] = perm.length - 1;
  return transpose(t, perm);
}

type Kernel = (a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, aOff: number, bOff: number, oOff: number) => void;

function kernelsFor(dtype: "float32" | "float64"): { nn: Kernel; tn: Kernel; nt: Kernel } {
  return dtype === "float32"
    ? { nn: k.matmulNN32 as Kernel, tn: k.matmulTN32 as Kernel, nt: k.matmulNT32 as Kernel }
    : { nn: k.matmulNN64 as Kernel, tn: k.matmulTN64 as Kernel, nt: k.matmulNT64 as Kernel };
}

/** Matrix product a·b: d/da = G·bᵀ, d/db = aᵀ·G. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, "matmul");
  expectTensor(b, "matmul");
  const dtype = commonDType(a.dtype, b.dtype, "matmul");
  if (a.rank === 0 || b.rank === 0) {
    throw new ShapeError(`matmul: operands must have at least one axis, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  // Promote 1-D operands: a vector on the left is a row, on the right a column.
  const aShape = a.rank === 1 ? [1, a.shape[0]!] : a.shape;
  const bShape = b.rank === 1 ? [b.shape[0]!, 1] : b.shape;
  const m = aShape[aShape.length - 2]!;
  const kk = aShape[aShape.length - 1]!;
  const kb = bShape[bShape.length - 2]!;
  const n = bShape[bShape.length - 1]!;
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  if (kk !== kb || (aBatch.length > 0 && bBatch.length > 0 && !sameShape(aBatch, bBatch))) {
    throw new ShapeError(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} do not fit (inner sizes ${kk} and ${kb})`);
  }
  const batchShape = aBatch.length > 0 ? aBatch : bBatch;
  const batches = sizeOf(batchShape);
  // Stride 0 lets a plain matrix serve every batch (and its gradient accumulate over them).
  const aStride = aBatch.length > 0 ? m * kk : 0;
  const bStride = bBatch.length > 0 ? kk * n : 0;
  const outShape = [...batchShape];
  if (a.rank > 1) outShape.push(m);
  if (b.rank > 1) outShape.push(n);
  const { nn, tn, nt } = kernelsFor(dtype);
  const out = allocate(dtype, batches * m * n);
  return emit([a, b], out, outShape, () => {
    // The kernels add into their output: start from zero on every run.
    out.fill(0);
    for (let t = 0; t < batches; t++) nn(a.data, b.data, out, m, kk, n, t * aStride, t * bStride, t * m * n);
  }, (g) => {
    let ga: FloatArray | null = null;
    let gb: FloatArray | null = null;
    if (a.requiresGrad) {
      ga = allocate(dtype, a.data.length);
      for (let t = 0; t < batches; t++) nt(g, b.data, ga, m, n, kk, t * m * n, t * bStride, t * aStride);
    }
    if (b.requiresGrad) {
      gb = allocate(dtype, b.data.length);
      for (let t = 0; t < batches; t++) tn(a.data, g, gb, kk, m, n, t * aStride, t * m * n, t * bStride);
    }
    return [ga, gb];
  }, (g) => {
    // The same products in differentiable ops, on the promoted (matrix) shapes.
    const a2 = a.rank === 1 ? reshape(a, aShape) : a;
    const b2 = b.rank === 1 ? reshape(b, bShape) : b;
    const g2 = reshape(g, [...batchShape, m, n]);
    const ga2 = a.requiresGrad ? matmul(g2, swapLast(b2)) : null;
    const gb2 = b.requiresGrad ? matmul(swapLast(a2), g2) : null;
    // A matrix shared by every batch gets the sum over the batches.
    return [
      ga2 && reshape(reduceToShape(ga2, aShape), a.shape),
      gb2 && reshape(reduceToShape(gb2, bShape), b.shape),
    ];
  });
}
