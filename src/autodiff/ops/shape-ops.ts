/**
 * Ops that move values without arithmetic. Their gradients move the gradient back the same way:
 * reshape passes it through, transpose applies the inverse permutation, slice and gather scatter
 * (gather adds, since an index may repeat), concat splits.
 */
import { ShapeError } from "../../errors.js";
import { allocate, commonDType, type FloatArray } from "../dtype.js";
import { formatShape, normalizeAxis, sizeOf, stridedIndex, stridesOf } from "../shape.js";
import { emit, link } from "../node.js";
import { Tensor, expectTensor } from "../tensor.js";
import { zeros } from "../create.js";
import { matmul } from "./matmul.js";

/** Differentiable scatter of a box-shaped gradient into zeros of `shape` at `starts`: one concat
 * with zero blocks per axis (concat's derivative is slicing, so this stays differentiable). */
function padGraph(g: Tensor, shape: readonly number[], starts: readonly number[]): Tensor {
  let t = g;
  for (let ax = 0; ax < shape.length; ax++) {
    const before = starts[ax]!;
    const after = shape[ax]! - before - t.shape[ax]!;
    const block = (d: number): Tensor => zeros(t.shape.map((s, i) => (i === ax ? d : s)), g.dtype);
    const parts = [...(before > 0 ? [block(before)] : []), t, ...(after > 0 ? [block(after)] : [])];
    if (parts.length > 1) t = concat(parts, ax);
  }
  return t;
}

/** A per-axis range: [start, end) with negative values counted from the end, or null for the whole axis. */
export type SliceRange = readonly [number, number] | readonly [number] | null;
/** Row indices for `gather`. */
export type IndexList = readonly number[] | Int32Array | Uint32Array;

/** Same values, new shape (one entry may be -1 to infer it); the gradient is reshaped back. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  expectTensor(x, "reshape");
  const target = [...shape];
  const free = target.indexOf(-1);
  if (free >= 0) {
    const known = sizeOf(target.filter((_, i) => i !== free));
    target[free] = known === 0 ? 0 : x.size / known;
  }
  if (target.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(target) !== x.size) {
    throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`);
  }
  // Tensors never mutate their data, so the result can share it (a view: no step of its own).
  return link([x], x.data, target, (g) => [g], (g) => [reshape(g, x.shape)]);
}

/** Reorders axes by `data`'s permutation into a new array. */
function permute(data: FloatArray, shape: readonly number[], perm: readonly number[], out: FloatArray): void {
  const rank = shape.length;
  if (rank === 2 && perm[0] === 1) {
    const r = shape[0]!;
    const c = shape[1]!;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = data[i * c + j]!;
    return;
  }
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  const readStride = perm.map((p) => inStrides[p]!);
  const index = stridedIndex(outShape, readStride);
  for (let i = 0; i < out.length; i++) out[i] = data[index[i]!]!;
}

/** Permutes axes (default: reverses them, the matrix transpose for 2-D); gradient: inverse permutation. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  expectTensor(x, "transpose");
  const rank = x.rank;
  const p = perm ?? x.shape.map((_, i) => rank - 1 - i);
  const seen = new Set(p);
  if (p.length !== rank || seen.size !== rank || p.some((a) => !Number.isInteger(a) || a < 0 || a >= rank)) {
    throw new ShapeError(`transpose: [${p.join(",")}] is not a permutation of the axes of ${formatShape(x.shape)}`);
  }
  const outShape = p.map((a) => x.shape[a]!);
  const out = allocate(x.dtype, x.size);
  const inverse = new Array<number>(rank);
  p.forEach((a, i) => (inverse[a] = i));
  return emit([x], out, outShape, () => permute(x.data, x.shape, p, out), (g) => {
    const gx = allocate(x.dtype, x.size);
    permute(g, outShape, inverse, gx);
    return [gx];
  }, (g) => [transpose(g, inverse)]);
}

/**
 * Visits the contiguous runs of a box inside `shape`: calls `run(offset, outOffset)` for every
 * innermost row of the box (length box[last]). Iterative odometer over the outer axes.
 */
function forEachRun(shape: readonly number[], starts: readonly number[], box: readonly number[], run: (src: number, dst: number) => void): void {
  const rank = shape.length;
  const strides = stridesOf(shape);
  const rowLength = box[rank - 1]!;
  const rows = sizeOf(box) / (rowLength || 1);
  if (sizeOf(box) === 0) return;
  const index = new Array<number>(rank - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let src = starts[rank - 1]!;
    for (let ax = 0; ax < rank - 1; ax++) src += (starts[ax]! + index[ax]!) * strides[ax]!;
    run(src, r * rowLength);
    for (let ax = rank - 2; ax >= 0; ax--) {
      index[ax]!++;
      if (index[ax]! < box[ax]!) break;
      index[ax] = 0;
    }
  }
}

/** Sub-box [start, end) per axis (missing/null ranges take the whole axis); gradient: scatter into zeros. */
export function slice(x: Tensor, ranges: readonly SliceRange[]): Tensor {
  expectTensor(x, "slice");
  if (ranges.length > x.rank) {
    throw new ShapeError(`slice: ${ranges.length} ranges for shape ${formatShape(x.shape)}`);
  }
  if (x.rank === 0) return x;
  if (x.rank === 1) return slice1d(x, ranges[0] ?? null);
  const starts: number[] = [];
  const box: number[] = [];
  x.shape.forEach((dim, ax) => {
    const [start, end] = resolveRange(ranges[ax] ?? null, dim, ax, x.shape);
    starts.push(start);
    box.push(end - start);
  });
  const out = allocate(x.dtype, sizeOf(box));
  const row = box[x.rank - 1]!;
  return emit([x], out, box, () => forEachRun(x.shape, starts, box, (src, dst) => out.set(x.data.subarray(src, src + row), dst)), (g) => {
    const gx = allocate(x.dtype, x.size);
    forEachRun(x.shape, starts, box, (dst, src) => gx.set(g.subarray(src, src + row), dst));
    return [gx];
  }, (g) => [padGraph(g, x.shape, starts)]);
}

/** Resolves one range against an axis of length `dim`: negative values count from the end, clamped. */
function resolveRange(r: SliceRange, dim: number, ax: number, shape: readonly number[]): [number, number] {
  if (r === null) return [0, dim];
  if (!Number.isInteger(r[0]) || (r.length > 1 && !Number.isInteger(r[1]))) {
    throw new ShapeError(`slice: non-integer range [${r.join(",")}] on axis ${ax} of ${formatShape(shape)}`);
  }
  const clampIndex = (v: number): number => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
  const start = clampIndex(r[0]);
  const end = r.length < 2 ? dim : clampIndex(r[1]!);
  return [start, Math.max(end, start)];
}

/** The 1-D case of slice (vectors of parameters are common), without the general machinery. */
function slice1d(x: Tensor, range: SliceRange): Tensor {
  const [start, end] = resolveRange(range, x.size, 0, x.shape);
  const out = allocate(x.dtype, end - start);
  return emit([x], out, [end - start], () => out.set(x.data.subarray(start, end)), (g) => {
    const gx = allocate(x.dtype, x.size);
    gx.set(g, start);
    return [gx];
  }, (g) => [padGraph(g, x.shape, [start])]);
}

/** Rows of `x` (along axis 0) at `indices`; gradient: scatter-add back into those rows. */
export function gather(x: Tensor, indices: IndexList): Tensor {
  expectTensor(x, "gather");
  if (x.rank === 0) throw new ShapeError("gather: cannot index rows of a scalar");
  const rows = x.shape[0]!;
  const row = x.size / (rows || 1);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      throw new ShapeError(`gather: index ${r} (position ${i}) is out of range for axis 0 of ${formatShape(x.shape)}`);
    }
  }
  const idx = Int32Array.from(indices as ArrayLike<number>);
  const out = allocate(x.dtype, idx.length * row);
  return emit([x], out, [idx.length, ...x.shape.slice(1)], () => {
    for (let i = 0; i < idx.length; i++) out.set(x.data.subarray(idx[i]! * row, idx[i]! * row + row), i * row);
  }, (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let i = 0; i < idx.length; i++) {
      const dst = idx[i]! * row;
      const src = i * row;
      for (let j = 0; j < row; j++) gx[dst + j] = gx[dst + j]! + g[src + j]!;
    }
    return [gx];
  }, (g) => {
    // Scatter-add as a product with the constant 0/1 matrix S (S[r, i] = 1 where idx[i] = r).
    const s = allocate(x.dtype, rows * idx.length);
    for (let i = 0; i < idx.length; i++) s[idx[i]! * idx.length + i] = 1;
    const g2 = reshape(g, [idx.length, row]);
    return [reshape(matmul(new Tensor(s, [rows, idx.length]), g2), x.shape)];
  });
}

/** Joins tensors along an existing axis; the gradient is split back into the pieces. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError("concat: needs at least one tensor");
  const first = expectTensor(tensors[0], "concat");
  const ax = normalizeAxis(axis, first.shape, "concat");
  for (const t of tensors) {
    expectTensor(t, "concat");
    commonDType(first.dtype, t.dtype, "concat");
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new ShapeError(`concat: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ off axis ${axis}`);
    }
  }
  const outer = sizeOf(first.shape.slice(0, ax));
  const inner = sizeOf(first.shape.slice(ax + 1));
  const widths = tensors.map((t) => t.shape[ax]! * inner);
  const total = widths.reduce((s, w) => s + w, 0);
  const out = allocate(first.dtype, outer * total);
  const outShape = first.shape.map((d, i) => (i === ax ? total / inner : d));
  return emit(tensors, out, outShape, () => {
    let offset = 0;
    tensors.forEach((t, i) => {
      const w = widths[i]!;
      for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * w, o * w + w), o * total + offset);
      offset += w;
    });
  }, (g) => {
    let start = 0;
    return tensors.map((t, i) => {
      const w = widths[i]!;
      const from = start;
      start += w;
      if (!t.requiresGrad) return null;
      const gt = allocate(t.dtype, t.size);
      for (let o = 0; o < outer; o++) gt.set(g.subarray(o * total + from, o * total + from + w), o * w);
      return gt;
    });
  }, (g) => {
    let start = 0;
    return tensors.map((t) => {
      const from = start;
      start += t.shape[ax]!;
      return t.requiresGrad ? slice(g, outShape.map((_, i) => (i === ax ? [from, from + t.shape[ax]!] : null))) : null;
    });
  });
}

/** Stacks equal-shaped tensors along a new axis (default 0); gradient: the matching slices. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError("stack: needs at least one tensor");
  const first = expectTensor(tensors[0], "stack");
  const rank = first.rank + 1;
  const ax = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= rank) {
    throw new ShapeError(`stack: axis ${axis} is out of range for stacking shape ${formatShape(first.shape)}`);
  }
  const expanded = [...first.shape.slice(0, ax), 1, ...first.shape.slice(ax)];
  return concat(
    tensors.map((t) => {
      if (expectTensor(t, "stack").rank !== first.rank || t.shape.some((d, i) => d !== first.shape[i])) {
        throw new ShapeError(`stack: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ`);
      }
      return reshape(t, expanded);
    }),
    ax,
  );
}
