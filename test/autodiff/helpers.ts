/** Shared fixtures for the autodiff tests: seeded random tensors and a weighted-sum reducer. */
import assert from "node:assert/strict";
import { Rng } from "../../src/random.js";
import { randomUniform, type DType, type Tensor } from "../../src/autodiff/index.js";

/** Uniform tensor in [low, high) from a fixed seed. */
export function rand(shape: number[], seed: number, options: { low?: number; high?: number; dtype?: DType } = {}): Tensor {
  const { low = -1, high = 1, dtype = "float64" } = options;
  return randomUniform(shape, new Rng(seed), { low, high, dtype });
}

/**
 * Σ y ⊙ w with fixed pseudo-random weights in y's dtype: a scalar whose gradient exercises every
 * output element differently (a plain sum would hide errors that are a permutation).
 */
export function weightedSum(y: Tensor): Tensor {
  const w = randomUniform([...y.shape], new Rng(977), { low: 0.5, high: 1.5, dtype: y.dtype });
  return y.mul(w).sum();
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12, what = "value"): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs ${e}`);
  }
}

/** Tolerance on checkGradient's maxRelError for each dtype. */
export const GRAD_TOL: Record<DType, number> = { float64: 1e-6, float32: 2e-3 };
