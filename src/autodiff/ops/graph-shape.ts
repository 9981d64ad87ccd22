/**
 * Broadcasting as differentiable ops, for the backward rules written in tensors (second order):
 * a gradient computed at a broadcast shape is summed back to an operand's shape, and a reduced
 * gradient is spread back over the reduced axes, each step an op with its own derivative.
 */
import { sameShape } from "../shape.js";
import { zeros } from "../create.js";
import type { Tensor } from "../tensor.js";
import { add } from "./elementwise-binary.js";
import { sum } from "./reduce.js";
import { reshape } from "./shape-ops.js";

/** Sums `t` over the axes broadcasting added to `shape` (the inverse of broadcasting to t's shape). */
export function reduceToShape(t: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(t.shape, shape)) return t;
  let r = t;
  const extra = t.rank - shape.length;
  for (let ax = 0; ax < extra; ax++) r = sum(r, 0);
  for (let ax = 0; ax < shape.length; ax++) {
    if (shape[ax] === 1 && r.shape[ax] !== 1) r = sum(r, ax, true);
  }
  return sameShape(r.shape, shape) ? r : reshape(r, shape);
}

/** `t` repeated to `shape` by broadcasting (adding zeros; the derivative sums back). */
export function broadcastTo(t: Tensor, shape: readonly number[]): Tensor {
  return sameShape(t.shape, shape) ? t : add(zeros(shape, t.dtype), t);
}
