import type { DType, FloatArray } from "./dtype.js";
import { dtypeOfArray } from "./dtype.js";
import type { BackwardFn, GraphBackwardFn } from "./node.js";
import * as binary from "./ops/elementwise-binary.js";
import * as unary from "./ops/elementwise-unary.js";
import * as compare from "./ops/compare.js";
import * as reduce from "./ops/reduce.js";
import * as shapeOps from "./ops/shape-ops.js";
import * as nn from "./ops/nn.js";
import { matmul } from "./ops/matmul.js";
import { ShapeError, DescentError } from "../errors.js";
import { formatShape } from "./shape.js";
import { blockReplay, noteTensor } from "./trace.js";

/** Nested arrays of numbers, as produced by `toArray()`; a scalar is a plain number. */
export type NestedArray = number | NestedArray[];

/** A right-hand operand: a tensor, or a number that adopts the other side's dtype. */
export type Operand = Tensor | number;

/**
 * An immutable n-dimensional array of float32 or float64, stored row-major. A tensor produced by
 * an op on inputs that require gradients remembers those inputs (`parents`) and how to push a
 * gradient back to them (`backwardFn`); everything else is a constant with no graph attached.
 */
export class Tensor {
  readonly dtype: DType;

  constructor(
    /** Row-major values; owned by this tensor and never mutated after creation. */
    readonly data: FloatArray,
    readonly shape: readonly number[],
    /** The op inputs this tensor was computed from, when it is part of a recorded graph. */
    readonly parents: readonly Tensor[] | null = null,
    /** Gradient rule for `parents`, when recorded. */
    readonly backwardFn: BackwardFn | null = null,
    /** True for differentiable leaves and for every result that depends on one. */
    readonly requiresGrad = false,
    /** The differentiable form of `backwardFn`, for second derivatives (null: first order only). */
    readonly graphBackwardFn: GraphBackwardFn | null = null,
  ) {
    this.dtype = dtypeOfArray(data);
    noteTensor(this);
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a size-1 tensor. */
  item(): number {
    blockReplay("item() read a value while tracing (a plan cannot replay a decision on it)");
    if (this.data.length !== 1) {
      throw new ShapeError(`item: tensor of shape ${formatShape(this.shape)} has ${this.data.length} elements, not 1`);
    }
    return this.data[0]!;
  }

  /** Values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    blockReplay("toArray() read values while tracing (a plan cannot replay a decision on them)");
    if (this.shape.length === 0) return this.data[0]!;
    const build = (axis: number, offset: number, stride: number): NestedArray[] => {
      const n = this.shape[axis]!;
      const inner = stride / n;
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = axis === this.shape.length - 1 ? this.data[offset + i]! : build(axis + 1, offset + i * inner, inner);
      }
      return out;
    };
    // Rank is small, so this recursion is bounded by the number of axes, not the data size.
    return build(0, 0, this.data.length || 0);
  }

  /** The same values with no graph attached (gradients stop here). */
  detach(): Tensor {
    return this.requiresGrad ? new Tensor(this.data, this.shape) : this;
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${formatShape(this.shape)}, ${JSON.stringify(this.toArray())})`;
  }

  add(other: Operand): Tensor { return binary.add(this, other); }
  sub(other: Operand): Tensor { return binary.sub(this, other); }
  mul(other: Operand): Tensor { return binary.mul(this, other); }
  div(other: Operand): Tensor { return binary.div(this, other); }
  pow(exponent: Operand): Tensor { return binary.pow(this, exponent); }
  minimum(other: Operand): Tensor { return binary.minimum(this, other); }
  maximum(other: Operand): Tensor { return binary.maximum(this, other); }

  neg(): Tensor { return unary.neg(this); }
  square(): Tensor { return unary.square(this); }
  exp(): Tensor { return unary.exp(this); }
  log(): Tensor { return unary.log(this); }
  sqrt(): Tensor { return unary.sqrt(this); }
  abs(): Tensor { return unary.abs(this); }
  sin(): Tensor { return unary.sin(this); }
  cos(): Tensor { return unary.cos(this); }
  tan(): Tensor { return unary.tan(this); }
  tanh(): Tensor { return unary.tanh(this); }
  sigmoid(): Tensor { return unary.sigmoid(this); }
  relu(): Tensor { return unary.relu(this); }
  softplus(): Tensor { return unary.softplus(this); }
  astype(dtype: DType): Tensor { return unary.astype(this, dtype); }

  lt(other: Operand): Tensor { return compare.lt(this, other); }
  le(other: Operand): Tensor { return compare.le(this, other); }
  gt(other: Operand): Tensor { return compare.gt(this, other); }
  ge(other: Operand): Tensor { return compare.ge(this, other); }
  eq(other: Operand): Tensor { return compare.eq(this, other); }

  sum(axis?: number, keepDims = false): Tensor { return reduce.sum(this, axis, keepDims); }
  mean(axis?: number, keepDims = false): Tensor { return reduce.mean(this, axis, keepDims); }
  max(axis?: number, keepDims = false): Tensor { return reduce.max(this, axis, keepDims); }
  argmax(axis?: number): Tensor { return reduce.argmax(this, axis); }

  matmul(other: Tensor): Tensor { return matmul(this, other); }
  reshape(shape: readonly number[]): Tensor { return shapeOps.reshape(this, shape); }
  transpose(perm?: readonly number[]): Tensor { return shapeOps.transpose(this, perm); }
  slice(ranges: readonly shapeOps.SliceRange[]): Tensor { return shapeOps.slice(this, ranges); }
  gather(indices: shapeOps.IndexList): Tensor { return shapeOps.gather(this, indices); }

  logSumExp(axis = -1, keepDims = false): Tensor { return nn.logSumExp(this, axis, keepDims); }
  softmax(axis = -1): Tensor { return nn.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return nn.logSoftmax(this, axis); }
}

/** Throws unless `x` is a Tensor (catches plain arrays passed where tensors are expected). */
export function expectTensor(x: unknown, where: string): Tensor {
  if (x instanceof Tensor) return x;
  throw new DescentError(`${where}: expected a Tensor, got ${Array.isArray(x) ? "an array" : typeof x}`, "NOT_A_TENSOR");
}
