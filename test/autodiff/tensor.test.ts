/** Construction, conversion, dtypes and the errors a user can cause. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ad from "../../src/autodiff/index.js";
import { DescentError, ShapeError } from "../../src/errors.js";
import { Rng } from "../../src/random.js";

test("tensor() infers shapes from nested arrays and copies", () => {
  const src = [[1, 2, 3], [4, 5, 6]];
  const t = ad.tensor(src);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, "float64");
  assert.deepEqual(Array.from(t.data), [1, 2, 3, 4, 5, 6]);
  src[0]![0] = 99;
  assert.equal(t.data[0], 1);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(ad.tensor([[[1], [2]]]).shape, [1, 2, 1]);
});

test("scalars have shape [] and item()", () => {
  const s = ad.scalar(2.5);
  assert.deepEqual(s.shape, []);
  assert.equal(s.size, 1);
  assert.equal(s.item(), 2.5);
  assert.equal(s.toArray(), 2.5);
  assert.deepEqual(ad.tensor(7).shape, []);
  assert.throws(() => ad.tensor([1, 2]).item(), /shape \[2\] has 2 elements/);
});

test("typed arrays and flat data with a shape", () => {
  const f32 = ad.tensor(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] });
  assert.equal(f32.dtype, "float32");
  assert.deepEqual(f32.toArray(), [[1, 2], [3, 4]]);
  const d = ad.tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2], dtype: "float32" });
  assert.ok(d.data instanceof Float32Array);
  assert.deepEqual(d.toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.throws(() => ad.tensor([1, 2, 3], { shape: [2, 2] }), ShapeError);
});

test("fromData wraps without copying", () => {
  const data = new Float64Array([1, 2, 3, 4, 5, 6]);
  const t = ad.fromData(data, [2, 3]);
  assert.equal(t.data, data);
  assert.deepEqual(ad.fromData(new Float32Array([1])).shape, [1]);
  assert.throws(() => ad.fromData(data, [4]), /6 values do not fill shape \[4\]/);
});

test("zeros, ones, full", () => {
  assert.deepEqual(ad.zeros([2]).toArray(), [0, 0]);
  assert.deepEqual(ad.ones([2, 1], "float32").toArray(), [[1], [1]]);
  assert.equal(ad.ones([2], "float32").dtype, "float32");
  assert.deepEqual(ad.full([3], 4).toArray(), [4, 4, 4]);
  assert.deepEqual(ad.zeros([0, 3]).shape, [0, 3]);
  assert.throws(() => ad.zeros([-1]), ShapeError);
});

test("ragged nested arrays are rejected", () => {
  assert.throws(() => ad.tensor([[1, 2], [3]]), /ragged/);
  assert.throws(() => ad.tensor([[1, 2], 3] as never), /ragged/);
});

test("random tensors are reproducible from the Rng and respect ranges", () => {
  const a = ad.randomUniform([100], new Rng(3), { low: 2, high: 3 });
  const b = ad.randomUniform([100], new Rng(3), { low: 2, high: 3 });
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  assert.ok(a.data.every((v) => v >= 2 && v < 3));
  const n = ad.randomNormal([4000], new Rng(4), { mean: 1, std: 2, dtype: "float32" });
  assert.equal(n.dtype, "float32");
  const mean = n.mean().item();
  assert.ok(Math.abs(mean - 1) < 0.15, `mean ${mean}`);
});

test("mixed dtypes are a clear error, numbers adopt the tensor's dtype", () => {
  const a = ad.tensor([1, 2], { dtype: "float32" });
  const b = ad.tensor([1, 2]);
  assert.throws(() => a.add(b), (e: unknown) => e instanceof DescentError && /add: dtype mismatch \(float32 vs float64\)/.test(e.message));
  assert.throws(() => a.matmul(b), /matmul: dtype mismatch/);
  assert.equal(a.mul(2).dtype, "float32");
  assert.equal(ad.sub(1, a).dtype, "float32");
  assert.deepEqual(a.astype("float64").add(b).toArray(), [2, 4]);
});

test("shape mismatches name both shapes", () => {
  assert.throws(() => ad.zeros([2, 3]).add(ad.zeros([4])), (e: unknown) =>
    e instanceof ShapeError && e.message === "add: shapes [2,3] and [4] cannot be broadcast together");
  assert.throws(() => ad.zeros([2, 3]).matmul(ad.zeros([2, 3])), /matmul: shapes \[2,3\] and \[2,3\] do not fit/);
  assert.throws(() => ad.zeros([2, 3]).reshape([4, 2]), /cannot reshape \[2,3\]/);
  assert.throws(() => ad.zeros([2, 3]).sum(2), /axis 2 is out of range for shape \[2,3\]/);
  assert.throws(() => ad.zeros([2, 3]).gather([2]), /index 2 \(position 0\) is out of range/);
  assert.throws(() => ad.zeros([2, 3]).transpose([0, 0]), /not a permutation/);
});

test("comparisons give 0/1 tensors with no graph", () => {
  const x = ad.variable(ad.tensor([1, 2, 3]));
  const lt = x.lt(2);
  assert.deepEqual(lt.toArray(), [1, 0, 0]);
  assert.equal(lt.requiresGrad, false);
  assert.deepEqual(x.le(2).toArray(), [1, 1, 0]);
  assert.deepEqual(x.gt(ad.tensor([[0], [3]])).toArray(), [[1, 1, 1], [0, 0, 0]]);
  assert.deepEqual(x.ge(2).toArray(), [0, 1, 1]);
  assert.deepEqual(x.eq(3).toArray(), [0, 0, 1]);
});

test("comparisons broadcast both operands as the arithmetic ops do (a label column against a class row; inner axes)", () => {
  const labels = ad.tensor([[2], [0], [1]]);
  const classes = ad.tensor([[0, 1, 2]]);
  assert.deepEqual(labels.eq(classes).toArray(), [[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
  // Every pair of these shapes broadcasts; each comparison matches the one of the materialised operands.
  const shapes = [[2, 1, 3], [4, 1], [1, 4, 1], [3], [2, 4, 3], []];
  const rng = new Rng(4);
  for (const sa of shapes) {
    for (const sb of shapes) {
      const ints = (shape: number[]) => ad.fromData(Float64Array.from({ length: ad.sizeOf(shape) }, () => Math.floor(rng.uniform() * 3)), shape);
      const a = ints(sa);
      const b = ints(sb);
      const shape = ad.broadcastShapes(sa, sb, "test");
      const fa = a.add(ad.zeros(shape));
      const fb = b.add(ad.zeros(shape));
      for (const op of ["lt", "le", "gt", "ge", "eq"] as const) {
        assert.deepEqual(a[op](b).toArray(), fa[op](fb).toArray(), `${op} of [${sa}] and [${sb}]`);
      }
    }
  }
});

test("values of the nn ops are numerically stable", () => {
  const big = ad.tensor([[1000, 1000], [-1000, 0]]);
  const lse = big.logSumExp();
  assert.deepEqual(lse.toArray(), [1000 + Math.log(2), 0]);
  assert.deepEqual(big.softmax().toArray(), [[0.5, 0.5], [0, 1]]);
  assert.deepEqual(big.logSoftmax().toArray(), [[-Math.log(2), -Math.log(2)], [-1000, 0]]);
  assert.deepEqual(ad.tensor([-800, 800]).sigmoid().toArray(), [0, 1]);
  assert.deepEqual(ad.tensor([-800, 800]).softplus().toArray(), [0, 800]);
});

test("shape ops move values as documented", () => {
  const x = ad.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(x.transpose().toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(ad.tensor([[[1, 2]], [[3, 4]]]).transpose([2, 0, 1]).toArray(), [[[1], [3]], [[2], [4]]]);
  assert.deepEqual(x.slice([[1], [-2]]).toArray(), [[5, 6]]);
  assert.deepEqual(ad.tensor([1, 2, 3, 4]).slice([[-3, -1]]).toArray(), [2, 3]);
  assert.deepEqual(ad.tensor([1, 2, 3, 4]).slice([[3, 1]]).shape, [0]);
  assert.deepEqual(ad.tensor([1, 2, 3, 4]).slice([[2]]).toArray(), [3, 4]);
  assert.deepEqual(x.gather([1, 1]).toArray(), [[4, 5, 6], [4, 5, 6]]);
  assert.deepEqual(ad.concat([x, x], 0).shape, [4, 3]);
  assert.deepEqual(ad.stack([ad.scalar(1), ad.scalar(2)]).toArray(), [1, 2]);
  assert.deepEqual(x.reshape([-1]).toArray(), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(x.argmax(1).toArray(), [2, 2]);
  assert.deepEqual(x.max(0).toArray(), [4, 5, 6]);
});
