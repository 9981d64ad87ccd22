/** Second-order autodiff: every op's differentiable backward rule, hvp, hessian and jvp. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ad from "../../src/autodiff/index.js";
import type { Tensor } from "../../src/autodiff/index.js";
import { assertClose, rand, weightedSum } from "./helpers.js";

/** One case per op (and per interesting layout): a function of one tensor and where to take it. */
const OPS: Array<[string, (x: Tensor) => Tensor, number[], { low?: number; high?: number }?]> = [
  ["neg", (x) => ad.neg(x), [3, 2]],
  ["square", (x) => ad.square(x), [4]],
  ["exp", (x) => ad.exp(x), [2, 3]],
  ["log", (x) => ad.log(x), [5], { low: 0.5, high: 2 }],
  ["sqrt", (x) => ad.sqrt(x), [5], { low: 0.5, high: 2 }],
  ["abs", (x) => ad.abs(x), [6]],
  ["sin", (x) => ad.sin(x), [3]],
  ["cos", (x) => ad.cos(x), [3]],
  ["tan", (x) => ad.tan(x), [3]],
  ["tanh", (x) => ad.tanh(x), [2, 2]],
  ["sigmoid", (x) => ad.sigmoid(x), [4]],
  ["relu", (x) => ad.relu(x), [6]],
  ["softplus", (x) => ad.softplus(x), [4]],
  ["pow 3", (x) => ad.pow(x, 3), [4]],
  ["pow 0.5", (x) => ad.pow(x, 0.5), [4], { low: 0.5, high: 2 }],
  ["pow tensor", (x) => ad.pow(x, x), [4], { low: 0.5, high: 2 }],
  ["add broadcast", (x) => ad.add(x, x.sum(0, true)), [3, 2]],
  ["sub", (x) => ad.sub(x.mul(x), ad.tensor([1, 2])), [3, 2]],
  ["mul broadcast", (x) => ad.mul(x, x.mean(1, true)), [2, 3]],
  ["div", (x) => ad.div(ad.sin(x), ad.add(x.square(), 1)), [5]],
  ["minimum", (x) => ad.minimum(x.square(), ad.exp(x)), [6]],
  ["maximum", (x) => ad.maximum(x.square(), ad.sin(x)), [6]],
  ["where", (x) => ad.where(ad.gt(x, 0), x.square(), ad.exp(x)), [6]],
  ["sum axis", (x) => x.square().sum(1), [3, 4]],
  ["mean", (x) => x.exp().mean(), [3, 4]],
  ["max axis", (x) => x.square().max(0), [3, 4]],
  ["matmul 2-D", (x) => ad.matmul(x, ad.tanh(x.transpose())), [3, 4]],
  ["matmul 1-D", (x) => ad.matmul(x.slice([[0, 1], null]).reshape([4]), ad.sin(x)).sum(), [4, 4]],
  ["matmul batched", (x) => ad.matmul(x.reshape([2, 2, 3]), ad.tensor([[1, 2], [3, 4], [5, 6]])).square(), [4, 3]],
  ["transpose", (x) => x.transpose().mul(ad.tensor([1, 2, 3])).square(), [3, 2]],
  ["slice", (x) => x.slice([[1, 3], [0, 2]]).exp(), [3, 4]],
  ["gather", (x) => x.gather([2, 0, 2]).square(), [3, 2]],
  ["concat", (x) => ad.concat([x.square(), x.sin()], 1), [2, 3]],
  ["stack", (x) => ad.stack([x.square(), x.exp()]), [3]],
  ["logSumExp", (x) => ad.logSumExp(x.square()), [2, 4]],
  ["softmax", (x) => ad.softmax(x, 0).square(), [3, 2]],
  ["logSoftmax", (x) => ad.logSoftmax(x).square(), [2, 3]],
  ["astype", (x) => x.astype("float32").square().astype("float64"), [3]],
];

test("every op's differentiable backward rule gives its array rule's gradient", () => {
  OPS.forEach(([name, f, shape, range], i) => {
    const x = rand(shape, 100 + i, range);
    const loss = (t: Tensor): Tensor => weightedSum(f(t));
    const expected = ad.grad(loss)(x);
    const leaf = ad.variable(x);
    const [g] = ad.backpropagateGraph(loss(leaf), [leaf]);
    assertClose(g!.data, expected.data, name === "astype" ? 1e-6 : 1e-12, name);
  });
});

/** H·v by central differences of the (first-order) gradient. */
function hvpByDifferences(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor, h = 1e-5): Float64Array {
  const g = ad.grad(f);
  const plus = g(x.add(v.mul(h))).data;
  const minus = g(x.sub(v.mul(h))).data;
  return Float64Array.from(plus, (p, i) => (p - minus[i]!) / (2 * h));
}

test("hvp matches central differences of the gradient through every op", () => {
  OPS.filter(([name]) => name !== "astype").forEach(([name, f, shape, range], i) => {
    const x = rand(shape, 200 + i, range);
    const v = rand(shape, 300 + i);
    const loss = (t: Tensor): Tensor => weightedSum(f(t));
    const hv = ad.hvp(loss)(x, v);
    assert.deepEqual(hv.shape, x.shape);
    assertClose(hv.data, hvpByDifferences(loss, x, v), 2e-6, `hvp ${name}`);
  });
});

test("hessian of the article's 2-D function is exactly [[12, 0], [0, 18]] everywhere", () => {
  // f(x, y) = 6x² + 9y² − 12x − 14y + 3 (the article's 2-D example)
  const f = (p: Tensor): Tensor => {
    const x = p.slice([[0, 1]]);
    const y = p.slice([[1, 2]]);
    return x.square().mul(6).add(y.square().mul(9)).sub(x.mul(12)).sub(y.mul(14)).add(3).sum();
  };
  for (const at of [[1, 7 / 9], [-3, 2.5]]) {
    assert.deepEqual(ad.hessian(f)(ad.tensor(at)).toArray(), [[12, 0], [0, 18]]);
  }
});

test("hessian of Rosenbrock matches its closed form", () => {
  const f = (p: Tensor): Tensor => {
    const x = p.slice([[0, 1]]);
    const y = p.slice([[1, 2]]);
    return ad.sub(1, x).square().add(y.sub(x.square()).square().mul(100)).sum();
  };
  const [x, y] = [-1.5, 2];
  const h = ad.hessian(f)(ad.tensor([x, y])).data;
  assertClose(h, [1200 * x * x - 400 * y + 2, -400 * x, -400 * x, 200], 1e-12, "rosenbrock");
});

test("hvp and jvp take records of parameters", () => {
  const params = { w: rand([3, 2], 1), b: rand([2], 2) };
  const xs = rand([4, 3], 3);
  const loss = (p: Record<string, Tensor>): Tensor => ad.tanh(ad.matmul(xs, p.w!).add(p.b!)).square().mean();
  const v = { w: rand([3, 2], 4), b: rand([2], 5) };
  const hv = ad.hvp(loss)(params, v);
  // Check against differences along v of the record's gradient.
  const h = 1e-5;
  const step = (s: number) => ({ w: params.w.add(v.w.mul(s)), b: params.b.add(v.b.mul(s)) });
  const grad = (p: Record<string, Tensor>) => ad.grad((w: Tensor, b: Tensor) => loss({ w, b }), [0, 1])(p.w, p.b);
  const [wp, bp] = grad(step(h));
  const [wm, bm] = grad(step(-h));
  assertClose(hv.w!.data, Float64Array.from(wp!.data, (a, i) => (a - wm!.data[i]!) / (2 * h)), 1e-6, "w");
  assertClose(hv.b!.data, Float64Array.from(bp!.data, (a, i) => (a - bm!.data[i]!) / (2 * h)), 1e-6, "b");
  const { tangent } = ad.jvp(loss)(params, v);
  const directional = (loss(step(h)).item() - loss(step(-h)).item()) / (2 * h);
  assert.ok(Math.abs(tangent.item() - directional) < 1e-8, `${tangent.item()} vs ${directional}`);
});

test("jvp of a vector function is J·v", () => {
  const f = (x: Tensor): Tensor => ad.concat([ad.sin(x).mul(x), x.exp().sum(0, true)]);
  const x = rand([3], 7);
  const v = rand([3], 8);
  const { value, tangent } = ad.jvp(f)(x, v);
  assert.deepEqual(value.shape, [4]);
  const xd = x.data;
  const vd = v.data;
  const expected = [0, 1, 2].map((i) => (Math.cos(xd[i]!) * xd[i]! + Math.sin(xd[i]!)) * vd[i]!);
  expected.push([0, 1, 2].reduce((s, i) => s + Math.exp(xd[i]!) * vd[i]!, 0));
  assertClose(tangent.data, expected, 1e-12, "jvp");
});

test("an op without a differentiable rule is refused in one line", () => {
  const opaque = (x: Tensor): Tensor => ad.defineOp([x], new Float64Array([x.data[0]! * 2]), [], (g) => [new Float64Array([2 * g[0]!])]);
  assert.throws(() => ad.hvp((x: Tensor) => opaque(x.square().sum()))(ad.tensor([1]), ad.tensor([1])), /no differentiable backward rule/);
  assert.throws(() => ad.hvp((x: Tensor) => x.square().sum())(ad.tensor([1, 2]), ad.tensor([1])), /direction 0 must be a float64 tensor of shape \[2\]/);
});
