/**
 * The training kernel the benchmarks lean on (`gemmF32`, the dense layer's forward product and
 * weight gradient) against a plain triple loop, on random shapes including odd sizes, in both of
 * the layouts the dense op uses (A and Aᵀ through strides), with zeros that take its skip path.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { gemmF32 } from "../../src/train/gemm.js";
import { Rng } from "../../src/random.js";

/** out[i·n + j] = init[i·n + j] + Σ_p A(i, p)·b[p·n + j], in float64. */
function reference(A: (i: number, p: number) => number, b: Float32Array, init: Float32Array, m: number, k: number, n: number): Float64Array {
  const out = Float64Array.from(init);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += A(i, p) * b[p * n + j]!;
    out[i * n + j] += s;
  }
  return out;
}

function randomArray(n: number, rng: Rng, zeroShare: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.uniform() < zeroShare ? 0 : rng.uniform(-1, 1)));
}

function assertNear(actual: Float32Array, expected: Float64Array, k: number, what: string): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const tol = 1e-6 * (k + 1) + 1e-6 * Math.abs(expected[i]!);
    if (!(Math.abs(actual[i]! - expected[i]!) <= tol)) assert.fail(`${what}: entry ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

const shape = fc.record({ m: fc.integer({ min: 1, max: 19 }), k: fc.integer({ min: 1, max: 23 }), n: fc.integer({ min: 1, max: 17 }), seed: fc.nat(), zeros: fc.constantFrom(0, 0.5, 1) });

test("gemmF32 with A row-major (the forward product x·W) matches the triple loop and adds into out", () => {
  fc.assert(fc.property(shape, ({ m, k, n, seed, zeros }) => {
    const rng = new Rng(seed);
    const a = randomArray(m * k, rng, zeros); // A [m×k]
    const b = randomArray(k * n, rng, 0);
    const out = randomArray(m * n, rng, 0);
    const expected = reference((i, p) => a[i * k + p]!, b, out, m, k, n);
    gemmF32(a, k, 1, b, out, m, k, n);
    assertNear(out, expected, k, `${m}×${k}·${k}×${n}`);
  }), { numRuns: 150 });
});

test("gemmF32 with A read transposed through strides (the weight gradient xᵀ·G)", () => {
  fc.assert(fc.property(shape, ({ m, k, n, seed, zeros }) => {
    const rng = new Rng(seed);
    const x = randomArray(k * m, rng, zeros); // x [k×m]; A = xᵀ is [m×k]
    const g = randomArray(k * n, rng, 0);
    const out = new Float32Array(m * n);
    const expected = reference((i, p) => x[p * m + i]!, g, out, m, k, n);
    gemmF32(x, 1, m, g, out, m, k, n);
    assertNear(out, expected, k, `${m}×${k}ᵀ·${k}×${n}`);
  }), { numRuns: 150 });
});

test("gemmF32 on a hand-worked 2×3·3×2 product", () => {
  const a = Float32Array.from([1, 2, 3, 4, 5, 6]);
  const b = Float32Array.from([7, 8, 9, 10, 11, 12]);
  const out = new Float32Array(4);
  gemmF32(a, 3, 1, b, out, 2, 3, 2);
  assert.deepEqual(Array.from(out), [58, 64, 139, 154]);
});
