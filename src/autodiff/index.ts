/**
 * descent's reverse-mode automatic differentiation: immutable float32/float64 tensors with
 * broadcasting, ops that carry their own derivatives, and grad / valueAndGrad transformations.
 */
export { type DType, type FloatArray } from "./dtype.js";
export { Tensor, type NestedArray, type Operand } from "./tensor.js";
export { tensor, scalar, zeros, ones, full, fromData, type TensorLike, type TensorOptions } from "./create.js";
export { randomUniform, randomNormal } from "./random-init.js";
export { makeNode, makeNode as defineOp, variable, type BackwardFn } from "./node.js";
export { broadcastShapes, sumToShape, expandTo, sizeOf, formatShape } from "./shape.js";
export { backpropagate } from "./backward.js";
export { grad, valueAndGrad, gradients, type ArgNums, type ScalarFunction } from "./grad.js";
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
export * as kernels from "./kernels/index.js";
