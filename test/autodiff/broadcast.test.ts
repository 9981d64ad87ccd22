/** Broadcasting values and the summing of gradients over broadcast axes; reductions along axes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ad from "../../src/autodiff/index.js";
import type { Tensor } from "../../src/autodiff/index.js";
import { GRAD_TOL, rand, weightedSum } from "./helpers.js";
import { broadcastIndex, stridedIndex } from "../../src/autodiff/shape.js";

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

/** Broadcast by index arithmetic (the definition), and its adjoint summed in double. */
function reference(data: number[], shape: number[], outShape: number[]): { expanded: number[]; sums: (g: number[]) => number[] } {
  const offset = outShape.length - shape.length;
  const n = outShape.reduce((a, b) => a * b, 1);
  const source = (i: number): number => {
    let src = 0;
    for (let ax = outShape.length - 1, rest = i, stride = 1; ax >= 0; ax--) {
      const at = rest % outShape[ax]!;
      rest = Math.floor(rest / outShape[ax]!);
      if (ax >= offset) {
        const own = shape[ax - offset]!;
        if (own !== 1) src += at * stride;
        stride *= own;
      }
    }
    return src;
  };
  return {
    expanded: Array.from({ length: n }, (_, i) => data[source(i)]!),
    sums: (g) => {
      const out = new Array<number>(data.length).fill(0);
      g.forEach((v, i) => { out[source(i)]! += v; });
      return out;
    },
  };
}

test("expandTo and sumToShape follow the definition on the block patterns and the general one", () => {
  const cases: Array<[number[], number[]]> = [
    [[256], [128, 256]], [[5], [3, 5]], [[4, 1], [4, 6]], [[1, 6], [4, 6]], [[3, 1], [2, 3, 4]], [[2, 1, 3], [2, 4, 3]], [[1, 3, 1], [2, 3, 5]], [[3], [2, 1, 3]],
  ];
  for (const [shape, outShape] of cases) {
    const size = shape.reduce((a, b) => a * b, 1);
    const n = outShape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: size }, (_, i) => i + 1);
    const g = Array.from({ length: n }, (_, i) => ((i * 7) % 11) / 8 - 0.5);
    const ref = reference(data, shape, outShape);
    for (const dtype of ["float64", "float32"] as const) {
      const Arr = dtype === "float64" ? Float64Array : Float32Array;
      assert.deepEqual(Array.from(ad.expandTo(Arr.from(data), shape, outShape, dtype)), ref.expanded, `expand ${shape} → ${outShape}`);
      // Eighths sum exactly in float32 too, whatever the order.
      assert.deepEqual(Array.from(ad.sumToShape(Arr.from(g), outShape, shape, dtype)), ref.sums(g), `sum ${outShape} → ${shape}`);
    }
  }
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

test("an index map is made once per shape and strides: a plan's general broadcasts and transposes replay without allocating one", () => {
  const first = broadcastIndex([2, 1, 3], [2, 4, 3]);
  assert.deepEqual(Array.from(first.subarray(0, 7)), [0, 1, 2, 0, 1, 2, 0]);
  assert.equal(broadcastIndex([2, 1, 3], [2, 4, 3]), first, "the same map again");
  assert.notEqual(broadcastIndex([2, 4, 1], [2, 4, 3]), first);
  assert.equal(stridedIndex([3, 2], [1, 3]), stridedIndex([3, 2], [1, 3]));
  assert.deepEqual(Array.from(stridedIndex([3, 2], [1, 3])), [0, 3, 1, 4, 2, 5], "a 2×3 transpose read");
});

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
