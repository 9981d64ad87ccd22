import { ShapeError } from "../errors.js";
import { allocate, checkDType, dtypeOfArray, type DType, type FloatArray } from "./dtype.js";
import { checkShape, formatShape, SCALAR_SHAPE, sizeOf } from "./shape.js";
import { Tensor, type NestedArray } from "./tensor.js";

/** What `tensor()` accepts: a number, nested arrays of numbers, or a flat typed/plain array. */
export type TensorLike = number | NestedArray | readonly number[] | ArrayLike<number>;

export interface TensorOptions {
  /** Element type; default float64 (or the typed array's own type when given one). */
  dtype?: DType;
  /** Target shape for flat data; must hold exactly as many elements. */
  shape?: readonly number[];
}

/** Builds a tensor (always copying) from numbers, nested arrays or a typed array. */
export function tensor(values: TensorLike, options: TensorOptions = {}): Tensor {
  const dtype = options.dtype !== undefined
    ? checkDType(options.dtype, "tensor")
    : values instanceof Float32Array ? "float32" : "float64";
  let shape: readonly number[];
  let data: FloatArray;
  if (typeof values === "number") {
    data = allocate(dtype, 1);
    data[0] = values;
    shape = SCALAR_SHAPE;
  } else if (Array.isArray(values)) {
    shape = inferShape(values as NestedArray[]);
    data = allocate(dtype, sizeOf(shape));
    flattenInto(values as NestedArray[], shape, data);
  } else {
    const flat = values as ArrayLike<number>;
    data = allocate(dtype, flat.length);
    for (let i = 0; i < flat.length; i++) data[i] = flat[i]!;
    shape = [flat.length];
  }
  if (options.shape !== undefined) {
    checkShape(options.shape, "tensor");
    if (sizeOf(options.shape) !== data.length) {
      throw new ShapeError(`tensor: ${data.length} values do not fill shape ${formatShape(options.shape)}`);
    }
    shape = [...options.shape];
  }
  return new Tensor(data, shape);
}

/** Walks the first element of each level to find the shape, then checks every row against it. */
function inferShape(values: NestedArray[]): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0]!;
  }
  return shape;
}

function flattenInto(values: NestedArray[], shape: readonly number[], out: FloatArray): void {
  // Iterative flattening with an explicit stack of (array, depth) frames.
  let pos = 0;
  const stack: Array<{ arr: NestedArray[]; depth: number; i: number }> = [{ arr: values, depth: 0, i: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.i === 0 && frame.arr.length !== shape[frame.depth]) {
      throw new ShapeError(`tensor: ragged nested array (expected length ${shape[frame.depth]} at depth ${frame.depth}, got ${frame.arr.length})`);
    }
    if (frame.i >= frame.arr.length) {
      stack.pop();
      continue;
    }
    const v = frame.arr[frame.i++]!;
    if (frame.depth === shape.length - 1) {
      if (typeof v !== "number") throw new ShapeError(`tensor: ragged nested array (expected a number at depth ${frame.depth})`);
      out[pos++] = v;
    } else {
      if (!Array.isArray(v)) throw new ShapeError(`tensor: ragged nested array (expected an array at depth ${frame.depth + 1})`);
      stack.push({ arr: v, depth: frame.depth + 1, i: 0 });
    }
  }
}

/** A shape-[] tensor. */
export function scalar(value: number, dtype: DType = "float64"): Tensor {
  const data = allocate(dtype, 1);
  data[0] = value;
  return new Tensor(data, SCALAR_SHAPE);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, dtype: DType = "float64"): Tensor {
  checkShape(shape, "full");
  const data = allocate(checkDType(dtype, "full"), sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(data, [...shape]);
}

export function zeros(shape: readonly number[], dtype: DType = "float64"): Tensor {
  return full(shape, 0, dtype);
}

export function ones(shape: readonly number[], dtype: DType = "float64"): Tensor {
  return full(shape, 1, dtype);
}

/** Wraps an existing typed array without copying; the caller must not mutate it afterwards. */
export function fromData(data: FloatArray, shape: readonly number[] = [data.length]): Tensor {
  checkShape(shape, "fromData");
  if (sizeOf(shape) !== data.length) {
    throw new ShapeError(`fromData: ${data.length} values do not fill shape ${formatShape(shape)}`);
  }
  dtypeOfArray(data);
  return new Tensor(data, shape.length === 0 ? SCALAR_SHAPE : [...shape]);
}

/** Converts a number to a scalar tensor of `dtype`; passes tensors through. */
export function asTensor(x: Tensor | number, dtype: DType): Tensor {
  return typeof x === "number" ? scalar(x, dtype) : x;
}
