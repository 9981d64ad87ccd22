/** grad / valueAndGrad semantics: argnums, repeatability, depth, errors, fused ops. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ad from "../../src/autodiff/index.js";
import { DescentError, ShapeError } from "../../src/errors.js";
import type { Tensor } from "../../src/autodiff/index.js";
import { assertClose, rand } from "./helpers.js";

const rosenbrock = (x: Tensor, y: Tensor) => ad.sub(1, x).square().add(y.sub(x.square()).square().mul(100));

test("grad of Rosenbrock matches the closed form at (-1.5, 2)", () => {
  const [gx, gy] = ad.grad(rosenbrock, [0, 1])(ad.scalar(-1.5), ad.scalar(2));
  // d/dx = -2(1-x) - 400x(y-x²), d/dy = 200(y-x²)
  assert.equal(gx!.item(), -2 * 2.5 - 400 * -1.5 * (2 - 2.25));
  assert.equal(gy!.item(), 200 * (2 - 2.25));
  assert.deepEqual(gx!.shape, []);
});

test("argnums: a single number gives a Tensor, a list gives Tensors in that order", () => {
  const f = (a: Tensor, b: Tensor, c: Tensor) => a.mul(b).mul(c).sum();
  const a = ad.tensor([1, 2]);
  const b = ad.tensor([3, 4]);
  const c = ad.tensor([5, 6]);
  assert.deepEqual(ad.grad(f, 1)(a, b, c).toArray(), [5, 12]);
  assert.deepEqual(ad.grad(f)(a, b, c).toArray(), [15, 24]);
  const [gc, ga] = ad.grad(f, [2, 0])(a, b, c);
  assert.deepEqual(gc!.toArray(), [3, 8]);
  assert.deepEqual(ga!.toArray(), [15, 24]);
});

test("valueAndGrad returns the value detached from the graph", () => {
  const { value, grad } = ad.valueAndGrad((x: Tensor) => x.square().sum())(ad.tensor([1, 2, 3]));
  assert.equal(value.item(), 14);
  assert.equal(value.requiresGrad, false);
  assert.deepEqual(grad.toArray(), [2, 4, 6]);
});

test("calling a gradient function twice gives identical results (nothing accumulates)", () => {
  const x = rand([4], 1);
  const f = (t: Tensor) => t.mul(t).add(t.exp()).sum();
  const g = ad.grad(f);
  const first = Array.from(g(x).data);
  const second = Array.from(g(x).data);
  assert.deepEqual(second, first);
  assertClose(first, Array.from(x.data, (v) => 2 * v + Math.exp(v)), 1e-14);
});

test("a tensor used several times receives the sum of its contributions", () => {
  // f = x·x + x + x·3: df/dx = 2x + 4
  const g = ad.grad((x: Tensor) => x.mul(x).add(x).add(x.mul(3)).sum())(ad.tensor([1, -2]));
  assert.deepEqual(g.toArray(), [6, 0]);
});

test("an argument the output ignores gets a zero gradient of its shape", () => {
  const [ga, gb] = ad.grad((a: Tensor, _b: Tensor) => a.sum(), [0, 1])(ad.tensor([1, 2]), ad.zeros([2, 3], "float32"));
  assert.deepEqual(ga!.toArray(), [1, 1]);
  assert.deepEqual(gb!.shape, [2, 3]);
  assert.equal(gb!.dtype, "float32");
  assert.ok(gb!.data.every((v) => v === 0));
});

test("a 100,000-deep chain differentiates without recursion", () => {
  const depth = 100_000;
  const f = (x: Tensor) => {
    let y = x;
    for (let i = 0; i < depth; i++) y = y.mul(1.00001);
    return y.sum();
  };
  const g = ad.grad(f)(ad.tensor([1, 2]));
  const expected = Math.pow(1.00001, depth);
  assertClose(g.data, [expected, expected], 1e-9);
});

test("the output must be a scalar (size-1) tensor", () => {
  assert.throws(() => ad.grad((x: Tensor) => x.mul(2))(ad.tensor([1, 2])), (e: unknown) =>
    e instanceof ShapeError && /scalar \(size-1\).*\[2\]/.test(e.message));
  // A size-1 tensor of any rank is fine.
  assert.deepEqual(ad.grad((x: Tensor) => x.reshape([1, 1]))(ad.scalar(3)).item(), 1);
});

test("non-tensor arguments and bad argnums are reported", () => {
  assert.throws(() => ad.grad((x: Tensor) => x.sum())([1, 2] as unknown as Tensor), { name: "DescentError", message: "grad: argument 0: expected a Tensor, an array or a record of tensors at [0], got number" });
  assert.throws(() => ad.grad((x: Tensor) => x.sum(), 3)(ad.scalar(1)), /argnum 3 is out of range/);
  assert.throws(() => ad.grad(() => 3 as unknown as Tensor)(ad.scalar(1)), /must return a Tensor/);
});

test("constants record no graph; only results of differentiable inputs do", () => {
  const c = ad.tensor([1, 2]).mul(3).exp();
  assert.equal(c.requiresGrad, false);
  assert.equal(c.parents, null);
  const v = ad.variable(ad.tensor([1, 2]));
  const y = v.mul(3).add(c);
  assert.equal(y.requiresGrad, true);
  assert.equal(y.parents!.length, 2);
  assert.deepEqual(ad.gradients(y.sum(), [v])[0]!.toArray(), [3, 3]);
});

test("makeNode builds a fused op (softmax cross-entropy) whose gradient checks out", () => {
  // loss = mean over rows of logSumExp(z) - z[label]; d/dz = (softmax(z) - onehot) / rows.
  const labels = [2, 0, 1];
  const crossEntropy = (z: Tensor): Tensor => {
    const [rows, classes] = z.shape as [number, number];
    const p = z.softmax().data;
    const lse = z.logSumExp().data;
    let loss = 0;
    for (let r = 0; r < rows; r++) loss += lse[r]! - z.data[r * classes + labels[r]!]!;
    const out = new Float64Array([loss / rows]);
    return ad.makeNode([z], out, [], (g) => {
      const gz = new Float64Array(z.size);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < classes; c++) gz[r * classes + c] = (g[0]! * (p[r * classes + c]! - (c === labels[r] ? 1 : 0))) / rows;
      }
      return [gz];
    });
  };
  const z = rand([3, 4], 5, { low: -2, high: 2 });
  assert.ok(ad.checkGradient(crossEntropy, [z]).maxRelError < 1e-7);
  // And it agrees with the same loss composed from library ops, in value and gradient.
  const onehot = ad.tensor(labels.map((l) => [0, 1, 2, 3].map((c) => (c === l ? 1 : 0))));
  const composed = (t: Tensor) => t.logSoftmax().mul(onehot).sum(1).mean().neg();
  const fused = ad.valueAndGrad(crossEntropy)(z);
  const reference = ad.valueAndGrad(composed)(z);
  assertClose([fused.value.item()], [reference.value.item()], 1e-14);
  assertClose(fused.grad.data, reference.grad.data, 1e-14);
});

test("a backward that returns a wrongly sized gradient is reported", () => {
  const bad = (x: Tensor) => ad.makeNode([x], x.data.slice(), x.shape, () => [new Float64Array(1)]);
  assert.throws(() => ad.grad((x: Tensor) => bad(x).sum())(ad.tensor([1, 2, 3])), /gradient of 1 elements for an input of shape \[3\]/);
});

test("checkGradient differences float32 inputs in float64, or in float32 when f insists", () => {
  const x = rand([3], 8, { dtype: "float32" });
  const free = ad.checkGradient((t: Tensor) => t.exp().sum(), [x]);
  assert.equal(free.evaluatedIn, "float64");
  assert.ok(free.maxRelError < 1e-6, `${free.maxRelError}`);
  // A float32 constant inside f makes float64 copies fail with a dtype mismatch: fall back.
  const w = ad.tensor([1, 2, 3], { dtype: "float32" });
  const pinned = ad.checkGradient((t: Tensor) => t.mul(w).square().sum(), [x]);
  assert.equal(pinned.evaluatedIn, "float32");
  assert.ok(pinned.maxRelError < 1e-2, `${pinned.maxRelError}`);
  assert.ok(pinned.maxRelError > 0, "float32 differences are never exact");
});
