/** grad and valueAndGrad over trees of tensors: records and arrays in, gradients of the same shape out. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ad from "../../src/autodiff/index.js";
import type { Tensor } from "../../src/autodiff/index.js";

const w = ad.tensor([[1, 2], [3, 4]]);
const b = ad.tensor([0.5, -1]);
const x = ad.tensor([[1, -1], [2, 0.5]]);

test("a record of tensors gives a record of gradients with the same keys, equal to the positional ones", () => {
  const loss = (p: { w: Tensor; b: Tensor }, xs: Tensor) => xs.matmul(p.w).add(p.b).square().sum();
  const { value, grad } = ad.valueAndGrad(loss)({ w, b }, x);
  assert.deepEqual(Object.keys(grad), ["w", "b"]);
  const positional = ad.grad((wi: Tensor, bi: Tensor) => loss({ w: wi, b: bi }, x), [0, 1])(w, b);
  assert.deepEqual(grad.w.toArray(), positional[0]!.toArray());
  assert.deepEqual(grad.b.toArray(), positional[1]!.toArray());
  // Σ (x·w + b)²: rows [−1.5, −3] and [4, 5] → 2.25 + 9 + 16 + 25.
  assert.equal(value.item(), 52.25);
  // d/db = 2·Σ rows = 2·[2.5, 2].
  assert.deepEqual(grad.b.toArray(), [5, 4]);
});

test("arrays and nested records keep their structure; the inputs are not changed", () => {
  const f = (p: { layers: { w: Tensor }[]; scale: Tensor }) => p.layers[0]!.w.mul(p.layers[1]!.w).sum().mul(p.scale);
  const tree = { layers: [{ w: ad.tensor([1, 2]) }, { w: ad.tensor([3, 4]) }], scale: ad.scalar(2) };
  const g = ad.grad(f)(tree);
  assert.deepEqual(g.layers[0]!.w.toArray(), [6, 8]);
  assert.deepEqual(g.layers[1]!.w.toArray(), [2, 4]);
  assert.equal(g.scale.item(), 11);
  assert.equal(tree.layers[0]!.w.requiresGrad, false);
});

test("a leaf that is not a tensor is named by its path", () => {
  const f = (p: { a: Tensor; b: Tensor }) => p.a.sum();
  assert.throws(() => ad.grad(f)({ a: ad.scalar(1), b: "x" as unknown as Tensor }), {
    name: "DescentError", message: "grad: argument 0: expected a Tensor, an array or a record of tensors at b, got string",
  });
});
