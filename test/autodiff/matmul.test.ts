/** Matrix kernels in all three layouts against a naive reference, on odd shapes and both dtypes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ad from "../../src/autodiff/index.js";
import { Rng } from "../../src/random.js";
import { assertClose } from "./helpers.js";

import * as kernels from "../../src/kernels/index.js";

function randomArray(n: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
}

/** out[i][j] = Σ_p A(i,p)·B(p,j) with accessors, so one reference serves every layout. */
function reference(m: number, k: number, n: number, A: (i: number, p: number) => number, B: (p: number, j: number) => number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += A(i, p) * B(p, j);
    out[i * n + j] = s;
  }
  return out;
}

const SHAPES: Array<[number, number, number]> = [[1, 1, 1], [3, 5, 7], [17, 33, 9], [1, 13, 4], [8, 1, 6]];

for (const [m, k, n] of SHAPES) {
  test(`kernels ${m}×${k}·${k}×${n} in NN, TN, NT layouts (float64 and float32)`, () => {
    const rng = new Rng(m * 100 + k * 10 + n);
    const a = randomArray(m * k, rng); // A as [m×k]
    const b = randomArray(k * n, rng); // B as [k×n]
    const aT = randomArray(k * m, rng); // A stored transposed, [k×m]
    const bT = randomArray(n * k, rng); // B stored transposed, [n×k]
    const nn = reference(m, k, n, (i, p) => a[i * k + p]!, (p, j) => b[p * n + j]!);
    const tn = reference(m, k, n, (i, p) => aT[p * m + i]!, (p, j) => b[p * n + j]!);
    const nt = reference(m, k, n, (i, p) => a[i * k + p]!, (p, j) => bT[j * k + p]!);

    const out64 = new Float64Array(m * n);
    kernels.matmulNN64(a, b, out64, m, k, n);
    assertClose(out64, nn, 1e-13, "NN64");
    out64.fill(0);
    kernels.matmulTN64(aT, b, out64, m, k, n);
    assertClose(out64, tn, 1e-13, "TN64");
    out64.fill(0);
    kernels.matmulNT64(a, bT, out64, m, k, n);
    assertClose(out64, nt, 1e-13, "NT64");

    const f = (x: Float64Array) => Float32Array.from(x);
    const out32 = new Float32Array(m * n);
    kernels.matmulNN32(f(a), f(b), out32, m, k, n);
    assertClose(out32, nn, 1e-5, "NN32");
    out32.fill(0);
    kernels.matmulTN32(f(aT), f(b), out32, m, k, n);
    assertClose(out32, tn, 1e-5, "TN32");
    out32.fill(0);
    kernels.matmulNT32(f(a), f(bT), out32, m, k, n);
    assertClose(out32, nt, 1e-5, "NT32");
  });
}

test("kernels add into out at the given offsets (what batched matmul relies on)", () => {
  const a = new Float64Array([0, 0, 1, 2]); // A = [1,2] at offset 2
  const b = new Float64Array([9, 3, 4]); // B = [3;4] at offset 1
  const out = new Float64Array([5, 100]);
  kernels.matmulNN64(a, b, out, 1, 2, 1, 2, 1, 1);
  assert.deepEqual(Array.from(out), [5, 111]);
});

test("matmul op shapes: 2-D, vectors, batched, shared matrix", () => {
  const rng = new Rng(9);
  const A = ad.randomUniform([2, 3, 4], rng);
  const W = ad.randomUniform([4, 5], rng);
  const batched = A.matmul(W);
  assert.deepEqual(batched.shape, [2, 3, 5]);
  // Each batch equals the 2-D product of its slice.
  for (let t = 0; t < 2; t++) {
    const slice = A.slice([[t, t + 1]]).reshape([3, 4]).matmul(W);
    assertClose(batched.slice([[t, t + 1]]).data, slice.data, 1e-14);
  }
  assert.deepEqual(ad.tensor([1, 2]).matmul(ad.tensor([[1, 2, 3], [4, 5, 6]])).toArray(), [9, 12, 15]);
  assert.deepEqual(ad.tensor([[1, 2], [3, 4]]).matmul(ad.tensor([1, 1])).toArray(), [3, 7]);
  assert.equal(ad.tensor([1, 2]).matmul(ad.tensor([3, 4])).item(), 11);
  assert.deepEqual(ad.tensor([1, 2]).matmul(ad.tensor([3, 4])).shape, []);
  assert.throws(() => A.matmul(ad.zeros([3, 4, 5])), /do not fit/);
});

test("matmul gradients equal G·Bᵀ and Aᵀ·G on a 17×33·33×9 product", () => {
  const rng = new Rng(10);
  const A = ad.randomUniform([17, 33], rng);
  const B = ad.randomUniform([33, 9], rng);
  const G = ad.randomUniform([17, 9], rng);
  const [gA, gB] = ad.grad((a: ad.Tensor, b: ad.Tensor) => a.matmul(b).mul(G).sum(), [0, 1])(A, B);
  assertClose(gA!.data, G.matmul(B.transpose()).data, 1e-13, "dA");
  assertClose(gB!.data, A.transpose().matmul(G).data, 1e-13, "dB");
});
