/**
 * Elementwise unary ops. Each op is a forward loop over the input and, beside it, the loop that
 * writes dL/dx = dL/dy · f'(x) (using y = f(x) where that is cheaper). The loops are hoisted
 * module constants so nothing is allocated per call beyond the output and the graph link.
 */
import { allocate, checkDType, type DType, type FloatArray } from "../dtype.js";
import { emit } from "../node.js";
import { isRecording } from "../trace.js";
import * as binary from "./elementwise-binary.js";
import { gt, lt } from "./compare.js";
import * as kernels from "../../kernels/index.js";
import { Tensor, expectTensor } from "../tensor.js";

export type Forward = (x: FloatArray, out: FloatArray) => void;
/** Writes dL/dx into gx, given dL/dy (g), the input x and the output y. */
export type Backward = (g: FloatArray, x: FloatArray, y: FloatArray, gx: FloatArray) => void;

/** The backward rule in differentiable ops: dL/dx from dL/dy (g), the input x and the output y. */
export type GraphBackward = (g: Tensor, x: Tensor, y: Tensor) => Tensor;

/**
 * The op as JavaScript expressions, for compiled plans that fuse elementwise steps: one output
 * element from one input element, and dL/dx from g, x and y, computed exactly as the loops do
 * (test/autodiff/jit-fusion.test.ts holds them equal bit for bit).
 */
export interface UnaryCode {
  forward(x: string): string;
  backward(g: string, x: string, y: string): string;
}

/** Shared driver for the unary ops: one output allocation, one backward closure (and its
 * differentiable form, when the op has second derivatives). */
export function unaryOp(op: string, x: Tensor, forward: Forward, backward: Backward, graph?: GraphBackward, code?: UnaryCode): Tensor {
  expectTensor(x, op);
  const out = allocate(x.dtype, x.data.length);
  const traced = code !== undefined && isRecording();
  const kernel = traced ? { n: out.length, inputs: [x.data], outputs: [out], code: (v: readonly string[]) => [code.forward(v[0]!)] } : undefined;
  return emit([x], out, x.shape, () => forward(x.data, out), (g) => {
    const gx = allocate(x.dtype, out.length);
    backward(g, x.data, out, gx);
    if (traced && isRecording()) binary.describeGrads(g, [x.data, out], [gx], (v) => [code.backward(v[0]!, v[1]!, v[2]!)]);
    return [gx];
  }, graph && ((g, y) => [graph(g, x, y)]), kernel);
}

const negF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = -x[i]!; };
const negB: Backward = (g, _x, _y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = -g[i]!; };
/** Negation: d(-x)/dx = -1. */
export const neg = (x: Tensor): Tensor => unaryOp("neg", x, negF, negB, (g) => neg(g), {
  forward: (x) => `-${x}`,
  backward: (g) => `-${g}`,
});

const squareF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = x[i]! * x[i]!; };
const squareB: Backward = (g, x, _y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = 2 * x[i]! * g[i]!; };
/** Square: d(x²)/dx = 2x. */
export const square = (x: Tensor): Tensor => unaryOp("square", x, squareF, squareB, (g, x) => binary.mul(g, binary.mul(x, 2)), {
  forward: (x) => `${x} * ${x}`,
  backward: (g, x) => `2 * ${x} * ${g}`,
});

const expF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.exp(x[i]!); };
const expB: Backward = (g, _x, y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = g[i]! * y[i]!; };
/** Exponential: d(eˣ)/dx = eˣ. */
export const exp = (x: Tensor): Tensor => unaryOp("exp", x, expF, expB, (g, _x, y) => binary.mul(g, y), {
  forward: (x) => `Math.exp(${x})`,
  backward: (g, _x, y) => `${g} * ${y}`,
});

const logF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.log(x[i]!); };
const logB: Backward = (g, x, _y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = g[i]! / x[i]!; };
/** Natural logarithm: d(ln x)/dx = 1/x. */
export const log = (x: Tensor): Tensor => unaryOp("log", x, logF, logB, (g, x) => binary.div(g, x), {
  forward: (x) => `Math.log(${x})`,
  backward: (g, x) => `${g} / ${x}`,
});

const sqrtF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.sqrt(x[i]!); };
const sqrtB: Backward = (g, _x, y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = g[i]! / (2 * y[i]!); };
/** Square root: d(√x)/dx = 1/(2√x). */
export const sqrt = (x: Tensor): Tensor => unaryOp("sqrt", x, sqrtF, sqrtB, (g, _x, y) => binary.div(g, binary.mul(y, 2)), {
  forward: (x) => `Math.sqrt(${x})`,
  backward: (g, _x, y) => `${g} / (2 * ${y})`,
});

const absF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.abs(x[i]!); };
const absB: Backward = (g, x, _y, gx) => {
  for (let i = 0; i < g.length; i++) gx[i] = x[i]! > 0 ? g[i]! : x[i]! < 0 ? -g[i]! : 0;
};
/** Absolute value: d|x|/dx = sign(x), taken as 0 at 0. */
export const abs = (x: Tensor): Tensor => unaryOp("abs", x, absF, absB, (g, x) => binary.mul(g, binary.sub(gt(x, 0), lt(x, 0))), {
  forward: (x) => `Math.abs(${x})`,
  backward: (g, x) => `(${x} > 0 ? ${g} : ${x} < 0 ? -${g} : 0)`,
});

const sinF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.sin(x[i]!); };
const sinB: Backward = (g, x, _y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = g[i]! * Math.cos(x[i]!); };
/** Sine: d(sin x)/dx = cos x. */
export const sin = (x: Tensor): Tensor => unaryOp("sin", x, sinF, sinB, (g, x) => binary.mul(g, cos(x)), {
  forward: (x) => `Math.sin(${x})`,
  backward: (g, x) => `${g} * Math.cos(${x})`,
});

const cosF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.cos(x[i]!); };
const cosB: Backward = (g, x, _y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = -g[i]! * Math.sin(x[i]!); };
/** Cosine: d(cos x)/dx = -sin x. */
export const cos = (x: Tensor): Tensor => unaryOp("cos", x, cosF, cosB, (g, x) => neg(binary.mul(g, sin(x))), {
  forward: (x) => `Math.cos(${x})`,
  backward: (g, x) => `-${g} * Math.sin(${x})`,
});

const tanF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.tan(x[i]!); };
const tanB: Backward = (g, _x, y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = g[i]! * (1 + y[i]! * y[i]!); };
/** Tangent: d(tan x)/dx = 1 + tan²x. */
export const tan = (x: Tensor): Tensor => unaryOp("tan", x, tanF, tanB, (g, _x, y) => binary.mul(g, binary.add(square(y), 1)), {
  forward: (x) => `Math.tan(${x})`,
  backward: (g, _x, y) => `${g} * (1 + ${y} * ${y})`,
});

const tanhF: Forward = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.tanh(x[i]!); };
const tanhB: Backward = (g, _x, y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = g[i]! * (1 - y[i]! * y[i]!); };
/** Hyperbolic tangent: d(tanh x)/dx = 1 - tanh²x. */
export const tanh = (x: Tensor): Tensor => unaryOp("tanh", x, tanhF, tanhB, (g, _x, y) => binary.mul(g, binary.sub(1, square(y))), {
  forward: (x) => `Math.tanh(${x})`,
  backward: (g, _x, y) => `${g} * (1 - ${y} * ${y})`,
});

const sigmoidF: Forward = (x, o) => {
  // Two branches keep exp's argument non-positive, so large |x| neither overflows nor loses 1.
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
    else { const e = Math.exp(v); o[i] = e / (1 + e); }
  }
};
const sigmoidB: Backward = (g, _x, y, gx) => { for (let i = 0; i < g.length; i++) gx[i] = g[i]! * y[i]! * (1 - y[i]!); };
/** Logistic sigmoid σ(x) = 1/(1+e⁻ˣ): dσ/dx = σ(1-σ). */
export const sigmoid = (x: Tensor): Tensor => unaryOp("sigmoid", x, sigmoidF, sigmoidB, (g, _x, y) => binary.mul(g, binary.mul(y, binary.sub(1, y))), {
  forward: (x) => `(${x} >= 0 ? 1 / (1 + Math.exp(-${x})) : Math.exp(${x}) / (1 + Math.exp(${x})))`,
  backward: (g, _x, y) => `${g} * ${y} * (1 - ${y})`,
});

const reluF: Forward = (x, o) => kernels.relu(x, o);
const reluB: Backward = (g, x, _y, gx) => kernels.reluGrad(g, x, gx);
/** Rectifier max(x, 0): derivative 1 for x > 0, 0 otherwise (0 at 0). */
export const relu = (x: Tensor): Tensor => unaryOp("relu", x, reluF, reluB, (g, x) => binary.mul(g, gt(x, 0)), {
  forward: (x) => `(${x} > 0 ? ${x} : 0)`,
  backward: (g, x) => `(${x} > 0 ? ${g} : 0)`,
});

const softplusF: Forward = (x, o) => {
  // log(1+eˣ) = max(x,0) + log1p(e^-|x|): stable for large |x|.
  for (let i = 0; i < x.length; i++) { const v = x[i]!; o[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))); }
};
const softplusB: Backward = (g, x, _y, gx) => {
  for (let i = 0; i < g.length; i++) {
    const v = x[i]!;
    const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    gx[i] = g[i]! * s;
  }
};
/** Softplus ln(1+eˣ): derivative σ(x). */
export const softplus = (x: Tensor): Tensor => unaryOp("softplus", x, softplusF, softplusB, (g, x) => binary.mul(g, sigmoid(x)), {
  forward: (x) => `Math.max(${x}, 0) + Math.log1p(Math.exp(-Math.abs(${x})))`,
  backward: (g, x) => `${g} * (${x} >= 0 ? 1 / (1 + Math.exp(-${x})) : Math.exp(${x}) / (1 + Math.exp(${x})))`,
});

/** A number as JavaScript source that reads back as the same double (-0 included). */
function literal(v: number): string {
  return Object.is(v, -0) ? "(-0)" : `(${String(v)})`;
}

/** Power with a constant exponent p: d(xᵖ)/dx = p·xᵖ⁻¹ (x² and x³ avoid Math.pow). */
export function powScalar(x: Tensor, p: number): Tensor {
  expectTensor(x, "pow");
  if (p === 2) return square(x);
  if (p === 1) return unaryOp("pow", x, copyF, identityB, (g) => g, { forward: (x) => x, backward: (g) => g });
  return unaryOp(
    "pow",
    x,
    (xd, o) => { for (let i = 0; i < xd.length; i++) o[i] = Math.pow(xd[i]!, p); },
    (g, xd, _y, gx) => {
      if (p === 0) return;
      for (let i = 0; i < g.length; i++) gx[i] = g[i]! * p * Math.pow(xd[i]!, p - 1);
    },
    (g, x) => binary.mul(g, p === 0 ? 0 : binary.mul(powScalar(x, p - 1), p)),
    {
      forward: (x) => `Math.pow(${x}, ${literal(p)})`,
      backward: (g, x) => (p === 0 ? "0" : `${g} * ${literal(p)} * Math.pow(${x}, ${literal(p)} - 1)`),
    },
  );
}

const copyF: Forward = (x, o) => { o.set(x); };
const identityB: Backward = (g, _x, _y, gx) => { gx.set(g); };

/** Dtype conversion: the gradient is converted back to the input's dtype (derivative 1). */
export function astype(x: Tensor, dtype: DType): Tensor {
  expectTensor(x, "astype");
  checkDType(dtype, "astype");
  if (x.dtype === dtype) return x;
  const out = allocate(dtype, x.data.length);
  return emit([x], out, x.shape, () => out.set(x.data), (g) => {
    const gx = allocate(x.dtype, g.length);
    gx.set(g);
    return [gx];
  }, (g) => [astype(g, x.dtype)]);
}
