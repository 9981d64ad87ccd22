import { test } from "node:test";
import assert from "node:assert/strict";
import { gemmF32 } from "../../src/train/gemm.js";
import { Rng } from "../../src/random.js";

/** The blocked kernel against the textbook triple loop, for shapes that exercise every remainder. */
test("gemmF32 equals the plain product for A and Aᵀ layouts and all remainders", () => {
  const rng = new Rng(3);
  for (const [m, k, n] of [[1, 1, 1], [4, 4, 3], [5, 7, 2], [9, 6, 5], [3, 13, 4], [8, 8, 8]] as const) {
    const a = Float32Array.from({ length: m * k }, () => (rng.next() < 0.3 ? 0 : rng.uniform(-1, 1)));
    const b = Float32Array.from({ length: k * n }, () => rng.uniform(-1, 1));
    const expected = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) expected[i * n + j] += a[i * k + p]! * b[p * n + j]!;
    const out = new Float32Array(m * n).fill(0);
    gemmF32(a, k, 1, b, out, m, k, n);
    // Aᵀ stored as [k × m]: A(i, p) = at[p·m + i].
    const at = new Float32Array(k * m);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) at[p * m + i] = a[i * k + p]!;
    const outT = new Float32Array(m * n).fill(0);
    gemmF32(at, 1, m, b, outT, m, k, n);
    for (let q = 0; q < m * n; q++) {
      assert.ok(Math.abs(out[q]! - expected[q]!) < 1e-5, `${m}×${k}×${n} [${q}]: ${out[q]} vs ${expected[q]}`);
      assert.ok(Math.abs(outT[q]! - expected[q]!) < 1e-5, `Aᵀ ${m}×${k}×${n} [${q}]`);
    }
  }
});
