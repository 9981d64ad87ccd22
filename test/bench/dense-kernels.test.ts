/**
 * The matrix products the W2 benchmark leans on, through the dense layer `dense(x, W, b)` that the
 * training API runs: forward x·W + b and all three gradients (G·Wᵀ, xᵀ·G, column sums of G, i.e.
 * the NN, NT and TN layouts) against plain triple loops, on random odd shapes with zero blocks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fromData, sum, valueAndGrad, type Tensor } from "../../src/autodiff/index.js";
import { dense } from "../../src/train/index.js";
import { Rng } from "../../src/random.js";

function randomArray(n: number, rng: Rng, zeroShare: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.uniform() < zeroShare ? 0 : rng.uniform(-1, 1)));
}

/** Σ_p A(i, p)·B(p, j) for i < rows, j < cols, in float64. */
function product(rows: number, inner: number, cols: number, A: (i: number, p: number) => number, B: (p: number, j: number) => number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let p = 0; p < inner; p++) s += A(i, p) * B(p, j);
    out[i * cols + j] = s;
  }
  return out;
}

function assertNear(actual: ArrayLike<number>, expected: ArrayLike<number>, inner: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    const tol = 2e-6 * (inner + 1) * (1 + Math.abs(expected[i]!));
    if (!(Math.abs(actual[i]! - expected[i]!) <= tol)) assert.fail(`${what}: entry ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

const shapes = fc.record({
  m: fc.integer({ min: 1, max: 21 }), k: fc.integer({ min: 1, max: 37 }), n: fc.integer({ min: 1, max: 19 }),
  seed: fc.nat(), zeros: fc.constantFrom(0, 0.6),
});

test("dense forward and its three gradients match triple loops on random odd shapes (float32)", () => {
  fc.assert(fc.property(shapes, ({ m, k, n, seed, zeros }) => {
    const rng = new Rng(seed);
    const x = randomArray(m * k, rng, zeros);
    const w = randomArray(k * n, rng, 0);
    const b = randomArray(n, rng, 0);
    const r = randomArray(m * n, rng, 0); // the upstream gradient G
    const forward = product(m, k, n, (i, p) => x[i * k + p]!, (p, j) => w[p * n + j]!);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) forward[i * n + j] += b[j]!;
    let y: Tensor | null = null;
    const f = (xt: Tensor, wt: Tensor, bt: Tensor) => {
      y = dense(xt, wt, bt);
      return sum(y.mul(fromData(r, [m, n])));
    };
    const { grad } = valueAndGrad(f, [0, 1, 2])(fromData(x, [m, k]), fromData(w, [k, n]), fromData(b, [n]));
    const [gx, gw, gb] = grad as Tensor[];
    assertNear((y as Tensor | null)!.data, forward, k, `x·W+b ${m}×${k}·${k}×${n}`);
    assertNear(gx!.data, product(m, n, k, (i, p) => r[i * n + p]!, (p, j) => w[j * n + p]!), n, "G·Wᵀ");
    assertNear(gw!.data, product(k, m, n, (i, p) => x[p * k + i]!, (p, j) => r[p * n + j]!), m, "xᵀ·G");
    assertNear(gb!.data, product(1, m, n, () => 1, (p, j) => r[p * n + j]!), m, "column sums");
  }), { numRuns: 120 });
});

test("dense on a hand-worked 2×3·3×2 product plus bias", () => {
  const y = dense(fromData(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]), fromData(Float32Array.from([7, 8, 9, 10, 11, 12]), [3, 2]), fromData(Float32Array.from([1, -1]), [2]));
  assert.deepEqual(Array.from(y.data), [59, 63, 140, 153]);
});
