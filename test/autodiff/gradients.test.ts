/** Every op's gradient against central finite differences, in float64 and float32. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as ad from "../../src/autodiff/index.js";
import type { DType, Tensor } from "../../src/autodiff/index.js";
import { GRAD_TOL, rand, weightedSum } from "./helpers.js";

interface Case {
  name: string;
  f: (...xs: Tensor[]) => Tensor;
  inputs: (dtype: DType) => Tensor[];
}

const away = (lo: number, hi: number) => ({ low: lo, high: hi });
const u = (shape: number[], seed: number, range = away(-1, 1)) => (dtype: DType) => [rand(shape, seed, { ...range, dtype })];

const unaryCases: Case[] = [
  { name: "neg", f: (x) => weightedSum(ad.neg(x)), inputs: u([3, 4], 1) },
  { name: "square", f: (x) => weightedSum(x.square()), inputs: u([3, 4], 2) },
  { name: "exp", f: (x) => weightedSum(x.exp()), inputs: u([3, 4], 3) },
  { name: "log", f: (x) => weightedSum(x.log()), inputs: u([3, 4], 4, away(0.5, 2)) },
  { name: "sqrt", f: (x) => weightedSum(x.sqrt()), inputs: u([3, 4], 5, away(0.5, 2)) },
  { name: "abs", f: (x) => weightedSum(x.abs()), inputs: (d) => [ad.tensor([-1.5, -0.3, 0.4, 2], { dtype: d })] },
  { name: "sin", f: (x) => weightedSum(x.sin()), inputs: u([5], 6, away(-3, 3)) },
  { name: "cos", f: (x) => weightedSum(x.cos()), inputs: u([5], 7, away(-3, 3)) },
  { name: "tan", f: (x) => weightedSum(x.tan()), inputs: u([5], 8) },
  { name: "tanh", f: (x) => weightedSum(x.tanh()), inputs: u([5], 9, away(-2, 2)) },
  { name: "sigmoid", f: (x) => weightedSum(x.sigmoid()), inputs: u([5], 10, away(-4, 4)) },
  { name: "relu", f: (x) => weightedSum(x.relu()), inputs: (d) => [ad.tensor([-1.5, -0.3, 0.4, 2], { dtype: d })] },
  { name: "softplus", f: (x) => weightedSum(x.softplus()), inputs: u([5], 11, away(-4, 4)) },
  { name: "pow 3", f: (x) => weightedSum(x.pow(3)), inputs: u([5], 12) },
  { name: "pow 0.5", f: (x) => weightedSum(x.pow(0.5)), inputs: u([5], 13, away(0.5, 2)) },
  { name: "pow 1", f: (x) => weightedSum(x.pow(1)), inputs: u([5], 14) },
  { name: "astype", f: (x) => weightedSum(x.astype("float64").mul(x.astype("float64"))), inputs: u([4], 15) },
];

const binaryCases: Case[] = [
  { name: "add", f: (a, b) => weightedSum(a.add(b)), inputs: (d) => [rand([2, 3], 20, { dtype: d }), rand([2, 3], 21, { dtype: d })] },
  { name: "sub", f: (a, b) => weightedSum(a.sub(b)), inputs: (d) => [rand([2, 3], 22, { dtype: d }), rand([2, 3], 23, { dtype: d })] },
  { name: "mul", f: (a, b) => weightedSum(a.mul(b)), inputs: (d) => [rand([2, 3], 24, { dtype: d }), rand([2, 3], 25, { dtype: d })] },
  { name: "div", f: (a, b) => weightedSum(a.div(b)), inputs: (d) => [rand([2, 3], 26, { dtype: d }), rand([2, 3], 27, { low: 0.5, high: 2, dtype: d })] },
  { name: "pow tensor", f: (a, b) => weightedSum(a.pow(b)), inputs: (d) => [rand([2, 3], 28, { low: 0.5, high: 2, dtype: d }), rand([2, 3], 29, { low: -2, high: 2, dtype: d })] },
  { name: "minimum", f: (a, b) => weightedSum(a.minimum(b)), inputs: (d) => [rand([2, 3], 30, { dtype: d }), rand([2, 3], 31, { dtype: d })] },
  { name: "maximum", f: (a, b) => weightedSum(a.maximum(b)), inputs: (d) => [rand([2, 3], 32, { dtype: d }), rand([2, 3], 33, { dtype: d })] },
  { name: "where", f: (a, b) => weightedSum(ad.where(a.gt(b), a.mul(2), b.exp())), inputs: (d) => [rand([2, 3], 34, { dtype: d }), rand([2, 3], 35, { dtype: d })] },
  { name: "number operands", f: (a) => weightedSum(ad.sub(1, a).mul(3).add(ad.div(2, a.add(3)))), inputs: u([4], 36) },
];

const reduceAndShapeCases: Case[] = [
  { name: "sum all", f: (x) => x.sum().square(), inputs: u([3, 4], 40) },
  { name: "sum axis 0", f: (x) => weightedSum(x.sum(0)), inputs: u([3, 4], 41) },
  { name: "sum axis -1 keepDims", f: (x) => weightedSum(x.sum(-1, true)), inputs: u([2, 3, 4], 42) },
  { name: "mean all", f: (x) => x.mean().square(), inputs: u([3, 4], 43) },
  { name: "mean axis 1", f: (x) => weightedSum(x.mean(1)), inputs: u([2, 3, 4], 44) },
  { name: "max axis 1", f: (x) => weightedSum(x.max(1)), inputs: u([3, 5], 45) },
  { name: "max all", f: (x) => x.max().square(), inputs: u([3, 5], 46) },
  { name: "reshape", f: (x) => weightedSum(x.reshape([4, -1]).exp()), inputs: u([2, 6], 47) },
  { name: "transpose 2-D", f: (x) => weightedSum(x.transpose().matmul(x)), inputs: u([3, 4], 48) },
  { name: "transpose perm", f: (x) => weightedSum(x.transpose([2, 0, 1]).sin()), inputs: u([2, 3, 4], 49) },
  { name: "slice", f: (x) => weightedSum(x.slice([[1, 3], null, [-2]])), inputs: u([4, 2, 5], 50) },
  { name: "slice 1-D", f: (x) => weightedSum(x.slice([[-4, -1]]).exp()), inputs: u([6], 56) },
  { name: "gather with repeats", f: (x) => weightedSum(x.gather([2, 0, 2, 1]).square()), inputs: u([3, 4], 51) },
  { name: "concat axis 1", f: (a, b) => weightedSum(ad.concat([a, b, a], 1).square()), inputs: (d) => [rand([2, 3], 52, { dtype: d }), rand([2, 1], 53, { dtype: d })] },
  { name: "stack", f: (a, b) => weightedSum(ad.stack([a, b], 1).exp()), inputs: (d) => [rand([2, 3], 54, { dtype: d }), rand([2, 3], 55, { dtype: d })] },
];

const nnCases: Case[] = [
  { name: "logSumExp last axis", f: (x) => weightedSum(x.logSumExp()), inputs: u([3, 4], 60, away(-3, 3)) },
  { name: "logSumExp axis 0 keepDims", f: (x) => weightedSum(x.logSumExp(0, true)), inputs: u([3, 4], 61, away(-3, 3)) },
  { name: "softmax last axis", f: (x) => weightedSum(x.softmax()), inputs: u([3, 4], 62, away(-3, 3)) },
  { name: "softmax axis 1 of 3-D", f: (x) => weightedSum(x.softmax(1)), inputs: u([2, 3, 4], 63, away(-3, 3)) },
  { name: "logSoftmax last axis", f: (x) => weightedSum(x.logSoftmax()), inputs: u([3, 4], 64, away(-3, 3)) },
  { name: "logSoftmax axis 0", f: (x) => weightedSum(x.logSoftmax(0)), inputs: u([3, 4], 65, away(-3, 3)) },
];

const matmulCases: Case[] = [
  { name: "matmul 2-D", f: (a, b) => weightedSum(a.matmul(b)), inputs: (d) => [rand([3, 5], 70, { dtype: d }), rand([5, 2], 71, { dtype: d })] },
  { name: "matmul vector·matrix", f: (a, b) => weightedSum(a.matmul(b)), inputs: (d) => [rand([5], 72, { dtype: d }), rand([5, 3], 73, { dtype: d })] },
  { name: "matmul matrix·vector", f: (a, b) => weightedSum(a.matmul(b)), inputs: (d) => [rand([3, 5], 74, { dtype: d }), rand([5], 75, { dtype: d })] },
  { name: "matmul dot", f: (a, b) => a.matmul(b), inputs: (d) => [rand([5], 76, { dtype: d }), rand([5], 77, { dtype: d })] },
  { name: "matmul batched", f: (a, b) => weightedSum(a.matmul(b)), inputs: (d) => [rand([2, 3, 4], 78, { dtype: d }), rand([2, 4, 2], 79, { dtype: d })] },
  { name: "matmul batched · shared matrix", f: (a, b) => weightedSum(a.matmul(b)), inputs: (d) => [rand([2, 3, 4], 80, { dtype: d }), rand([4, 2], 81, { dtype: d })] },
];

for (const [group, cases] of [
  ["unary", unaryCases], ["binary", binaryCases], ["reductions and shapes", reduceAndShapeCases], ["nn", nnCases], ["matmul", matmulCases],
] as const) {
  describe(`gradients: ${group}`, () => {
    for (const c of cases) {
      for (const dtype of ["float64", "float32"] as const) {
        test(`${c.name} (${dtype})`, () => {
          const inputs = c.inputs(dtype);
          const r = ad.checkGradient(c.f, inputs);
          assert.ok(r.maxRelError < GRAD_TOL[dtype], `${c.name}: maxRelError ${r.maxRelError} at ${JSON.stringify(r.worst)}`);
          // The check must have compared something non-trivial.
          assert.ok(r.analytic.some((g) => g.some((v) => v !== 0)), "all-zero gradient");
          for (let i = 0; i < inputs.length; i++) assert.equal(r.analytic[i]!.length, inputs[i]!.size);
        });
      }
    }
  });
}

test("checkGradient reports a wrong hand-written backward", () => {
  // A fused op whose backward is deliberately off by a factor of 2 must be caught.
  const badSquare = (x: Tensor) => {
    const out = x.data.map((v) => v * v);
    return ad.makeNode([x], out, x.shape, (g) => [g.map((gv, i) => gv * x.data[i]!)]);
  };
  const r = ad.checkGradient((x) => weightedSum(badSquare(x)), [rand([4], 90)]);
  assert.ok(r.maxRelError > 0.1, `expected a large error, got ${r.maxRelError}`);
});
