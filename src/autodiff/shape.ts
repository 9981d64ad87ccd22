import { ShapeError } from "../errors.js";
import { allocate, type DType, type FloatArray } from "./dtype.js";
import { columnSums } from "../kernels/index.js";

/** Shared empty shape for scalars (shapes are never mutated, so one instance is safe). */
export const SCALAR_SHAPE: readonly number[] = Object.freeze([]);

/** `[2,3]` as text, for error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** Number of elements a shape holds (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Checks that every dimension is a non-negative integer. */
export function checkShape(shape: readonly number[], where: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${where}: invalid shape ${formatShape(shape)}`);
  }
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** NumPy broadcasting: align trailing axes; each pair must be equal or contain a 1. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): readonly number[] {
  if (sameShape(a, b)) return a;
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides for reading `shape` as if it had `outShape` (0 along broadcast axes). */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  const strides = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) strides[i + offset] = shape[i] === 1 ? 0 : own[i]!;
  return strides;
}

/**
 * How an operand broadcast to `outShape` repeats, when it is one contiguous block of `outShape`'s
 * axes: the output is `outer` copies of the operand's `block` elements, each element repeated
 * `each` times in a row (a bias [n] under [m, n]: outer m, each 1; a column [m, 1] under [m, k]:
 * outer 1, each k). Null for other patterns ([m, 1, n] under [m, k, n]), which take the odometer.
 */
interface Repeat {
  outer: number;
  block: number;
  each: number;
}

function repeatOf(shape: readonly number[], outShape: readonly number[]): Repeat | null {
  const offset = outShape.length - shape.length;
  let outer = 1;
  let block = 1;
  let each = 1;
  // 0: before the operand's axes, 1: inside them, 2: after them.
  let phase = 0;
  for (let i = 0; i < outShape.length; i++) {
    const d = outShape[i]!;
    if (d === 1) continue;
    const own = i < offset ? 1 : shape[i - offset]!;
    if (own === d) {
      if (phase === 2) return null;
      phase = 1;
      block *= d;
    } else if (phase === 0) outer *= d;
    else {
      phase = 2;
      each *= d;
    }
  }
  return { outer, block, each };
}

/**
 * Index maps made so far, by output shape and strides: the steps of a compiled plan ask for the same
 * few on every replay, which must not allocate. Bounded by their total length (oldest go first).
 */
const indexMaps = new Map<string, Int32Array>();
const INDEX_MAP_ELEMENTS = 1 << 22;
let indexMapElements = 0;

/**
 * For each element of `outShape` in row-major order, the offset Σ indexᵢ·stridesᵢ into a source read
 * with `strides` (0 along a broadcast axis; another order for a permutation). Shared: read only.
 */
export function stridedIndex(outShape: readonly number[], strides: readonly number[]): Int32Array {
  const key = `${outShape.join(",")}|${strides.join(",")}`;
  const known = indexMaps.get(key);
  if (known !== undefined) return known;
  const n = sizeOf(outShape);
  const index = new Int32Array(n);
  const rank = outShape.length;
  const at = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    index[i] = src;
    // Odometer increment over the output index, updating the source offset incrementally.
    for (let ax = rank - 1; ax >= 0; ax--) {
      at[ax]!++;
      src += strides[ax]!;
      if (at[ax]! < outShape[ax]!) break;
      src -= strides[ax]! * outShape[ax]!;
      at[ax] = 0;
    }
  }
  if (n <= INDEX_MAP_ELEMENTS) {
    for (const [oldest, map] of indexMaps) {
      if (indexMapElements + n <= INDEX_MAP_ELEMENTS) break;
      indexMaps.delete(oldest);
      indexMapElements -= map.length;
    }
    indexMaps.set(key, index);
    indexMapElements += n;
  }
  return index;
}

/** For each element of `outShape`, the index of the element of `shape` broadcast to it. */
export function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array {
  return stridedIndex(outShape, broadcastStrides(shape, outShape));
}

/** Materialises `data` (of `shape`) broadcast to `outShape`. Used only on the general path. */
export function expandTo(data: FloatArray, shape: readonly number[], outShape: readonly number[], dtype: DType): FloatArray {
  const n = sizeOf(outShape);
  const out = allocate(dtype, n);
  if (data.length === 1) return out.fill(data[0]!);
  // The usual patterns (a bias row under a batch, a column against classes) as plain copies.
  const r = repeatOf(shape, outShape);
  if (r !== null) {
    if (r.each === 1 && r.block >= 64) for (let o = 0; o < r.outer; o++) out.set(data, o * r.block);
    else {
      for (let o = 0, at = 0; o < r.outer; o++) {
        for (let b = 0; b < r.block; b++) {
          const v = data[b]!;
          for (let e = 0; e < r.each; e++) out[at++] = v;
        }
      }
    }
    return out;
  }
  const index = broadcastIndex(shape, outShape);
  for (let i = 0; i < n; i++) out[i] = data[index[i]!]!;
  return out;
}

/**
 * The adjoint of `expandTo`: sums a gradient of `fromShape` over the axes that were broadcast.
 * The usual patterns (see `repeatOf`) sum each entry in double, in row order, rounded once: a bias
 * gradient is the kernel layer's column sums, as the fused dense layer's is.
 */
export function sumToShape(g: FloatArray, fromShape: readonly number[], toShape: readonly number[], dtype: DType): FloatArray {
  const toSize = sizeOf(toShape);
  if (toSize === g.length) return g;
  const out = allocate(dtype, toSize);
  if (toSize === 1) {
    let s = 0;
    for (let i = 0; i < g.length; i++) s += g[i]!;
    out[0] = s;
    return out;
  }
  const r = repeatOf(toShape, fromShape);
  if (r !== null) {
    if (r.each === 1) return columnSums(g, r.outer, r.block, out);
    for (let b = 0; b < r.block; b++) {
      let s = 0;
      for (let o = 0; o < r.outer; o++) {
        for (let e = 0, at = (o * r.block + b) * r.each; e < r.each; e++) s += g[at + e]!;
      }
      out[b] = s;
    }
    return out;
  }
  const index = broadcastIndex(toShape, fromShape);
  for (let i = 0; i < g.length; i++) out[index[i]!] = out[index[i]!]! + g[i]!;
  return out;
}

/** Resolves a possibly negative axis against a rank, or throws naming the op and shape. */
export function normalizeAxis(axis: number, shape: readonly number[], op: string): number {
  const rank = shape.length;
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for shape ${formatShape(shape)}`);
  }
  return a;
}
