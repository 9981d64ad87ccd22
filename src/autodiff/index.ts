/**
 * descent's reverse-mode automatic differentiation: immutable float32/float64 tensors with
 * broadcasting, ops that carry their own derivatives, and grad / valueAndGrad transformations.
 *
 * Conventions:
 * - dtype: float64 by default; mixing float32 and float64 tensors throws DescentError
 *   (code DTYPE_MISMATCH) rather than promoting; numbers adopt the tensor's dtype; `astype` converts.
 * - A result records its graph only when an input requires grad (`variable()` or inside `grad`);
 *   every op also has its backward rule in differentiable ops, for hvp / hessian / jvp (second-order.ts).
 * - Non-smooth points: abs and relu have derivative 0 at 0; minimum/maximum/max send the
 *   gradient to the first operand (first maximum) on ties; comparisons have no gradient.
 * - Gradients are kept in a per-call table, never on tensors: calling twice gives the same result.
 */
export { type DType, type FloatArray } from "./dtype.js";
export { Tensor, type NestedArray, type Operand } from "./tensor.js";
export { tensor, scalar, zeros, ones, full, fromData, type TensorLike, type TensorOptions } from "./create.js";
export { randomUniform, randomNormal } from "./random-init.js";
export { makeNode, makeNode as defineOp, customOp, variable, type BackwardFn, type CustomOp } from "./node.js";
export { jit, type Jitted, type JitOptions, type JitReport } from "./jit.js";
export { setJitCodegen, jitCodegenEnabled } from "./jit-codegen.js";
export { allocate, typedArraysAllocated } from "./dtype.js";
export { broadcastShapes, sumToShape, expandTo, sizeOf, formatShape } from "./shape.js";
export { backpropagate } from "./backward.js";
export { grad, valueAndGrad, gradients, type ArgNums, type ScalarFunction } from "./grad.js";
export { treeLeaves, treeRebuild, type TensorTree, type GradTree } from "./tree.js";
export { hvp, hessian, jvp, valueGradHvp, backpropagateGraph, type Point } from "./second-order.js";
export { type GraphBackwardFn } from "./node.js";
export { checkGradient, type GradientCheckOptions, type GradientCheckResult } from "./check.js";
export { add, sub, mul, div, pow, minimum, maximum, binaryOp } from "./ops/elementwise-binary.js";
export {
  neg, square, exp, log, sqrt, abs, sin, cos, tan, tanh, sigmoid, relu, softplus, astype, unaryOp,
} from "./ops/elementwise-unary.js";
export { lt, le, gt, ge, eq, where } from "./ops/compare.js";
export { sum, mean, max, argmax } from "./ops/reduce.js";
export { matmul } from "./ops/matmul.js";
export { reshape, transpose, slice, gather, concat, stack, type SliceRange, type IndexList } from "./ops/shape-ops.js";
export { logSumExp, softmax, logSoftmax } from "./ops/nn.js";
