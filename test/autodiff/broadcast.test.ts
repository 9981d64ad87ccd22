/** Broadcasting values and the summing of gradients over broadcast axes; reductions along axes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ad from "../../src/autodiff/index.js";
import type { Tensor } from "../../src/autodiff/index.js";
import { GRAD_TOL, rand, weightedSum } from "./helpers.js";

test("broadcast values follow NumPy rules", () => {
  const col = ad.tensor([[1], [2]]); // [2,1]
  const row = ad.tensor([10, 20, 30]); // [3]
  assert.deepEqual(col.add(row).toArray(), [[11, 21, 31], [12, 22, 32]]);
  assert.deepEqual(ad.broadcastShapes([5, 1, 4], [3, 1], "test"), [5, 3, 4]);
  assert.deepEqual(ad.scalar(2).mul(row).toArray(), [20, 40, 60]);
  assert.deepEqual(ad.tensor([[1, 2]]).sub(ad.tensor([[1], [2], [3]])).shape, [3, 2]);
});

test("broadcast gradients are summed back to each input's shape", () => {
  const [ga, gb] = ad.grad((a: Tensor, b: Tensor) => a.mul(b).sum(), [0, 1])(ad.tensor([[1], [2]]), ad.tensor([10, 20, 30]));
  // d/da[i] = Σ_j b[j] = 60; d/db[j] = Σ_i a[i] = 3
  assert.deepEqual(ga!.toArray(), [[60], [60]]);
  assert.deepEqual(gb!.toArray(), [3, 3, 3]);
  const gs = ad.grad((s: Tensor, m: Tensor) => s.mul(m).sum(), 0)(ad.scalar(2), ad.ones([3, 4]));
  assert.deepEqual(gs.shape, []);
  assert.equal(gs.item(), 12);
});

const PAIRS: Array<[number[], number[]]> = [
  [[3, 4], [4]], [[3, 1], [1, 4]], [[2, 3, 4], [3, 1]], [[1], [2, 3]], [[], [2, 2]], [[2, 1, 3], [2, 4, 1]],
];

for (const [sa, sb] of PAIRS) {
  for (const dtype of ["float64", "float32"] as const) {
    test(`gradients through broadcast ${JSON.stringify(sa)} with ${JSON.stringify(sb)} (${dtype})`, () => {
      const a = rand(sa, 1, { dtype });
      const b = rand(sb, 2, { low: 0.5, high: 2, dtype });
      const f = (x: Tensor, y: Tensor) => weightedSum(x.mul(y).add(x.div(y)).sub(y.pow(x)).maximum(x.minimum(y)));
      const r = ad.checkGradient(f, [a, b]);
      assert.ok(r.maxRelError < GRAD_TOL[dtype], `maxRelError ${r.maxRelError}`);
      assert.equal(r.analytic[0]!.length, a.size);
      assert.equal(r.analytic[1]!.length, b.size);
    });
  }
}

test("where broadcasts its condition and both branches", () => {
  const cond = ad.tensor([1, 0, 1]);
  const y = ad.where(cond, ad.tensor([[1], [2]]), 0);
  assert.deepEqual(y.toArray(), [[1, 0, 1], [2, 0, 2]]);
  const [ga, gb] = ad.grad((a: Tensor, b: Tensor) => ad.where(cond, a, b).sum(), [0, 1])(ad.tensor([[1], [2]]), ad.scalar(5));
  assert.deepEqual(ga!.toArray(), [[2], [2]]);
  assert.equal(gb!.item(), 2);
});

test("sum and mean along axes, with and without keepDims", () => {
  const x = ad.tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]); // [2,3,2]
  assert.equal(x.sum().item(), 78);
  assert.deepEqual(x.sum(0).toArray(), [[8, 10], [12, 14], [16, 18]]);
  assert.deepEqual(x.sum(1).toArray(), [[9, 12], [27, 30]]);
  assert.deepEqual(x.sum(-1).toArray(), [[3, 7, 11], [15, 19, 23]]);
  assert.deepEqual(x.sum(1, true).shape, [2, 1, 2]);
  assert.deepEqual(x.sum(undefined, true).shape, [1, 1, 1]);
  assert.deepEqual(x.mean(1).toArray(), [[3, 4], [9, 10]]);
  assert.equal(x.mean().item(), 6.5);
  const g = ad.grad((t: Tensor) => t.mean(1).mul(ad.tensor([[1, 2], [3, 4]])).sum())(x);
  assert.deepEqual(g.toArray(), [[[1 / 3, 2 / 3], [1 / 3, 2 / 3], [1 / 3, 2 / 3]], [[1, 4 / 3], [1, 4 / 3], [1, 4 / 3]]]);
});
