/** Shared by the kernel tests: random cases with guards, a float64 reference, a rounding-aware check. */
import assert from "node:assert/strict";
import type * as kernels from "../../src/kernels/index.js";
import { Rng } from "../../src/random.js";

export type Layout = "nn" | "tn" | "nt";
export const LAYOUTS: Layout[] = ["nn", "tn", "nt"];
const F32_EPS = 2 ** -23;

export interface Case {
  a: Float32Array; b: Float32Array; out: Float32Array;
  m: number; k: number; n: number; aOff: number; bOff: number; oOff: number;
}

/** Random operands stored after `pad` leading elements and followed by `pad` guard elements. */
export function makeCase(layout: Layout, m: number, k: number, n: number, pad: number, rng: Rng): Case {
  const fill = (len: number) => Float32Array.from({ length: len + 2 * pad }, () => rng.uniform(-1, 1));
  void layout; // A and B hold m·k and k·n elements in every layout; only their order differs.
  return { a: fill(m * k), b: fill(k * n), out: fill(m * n), m, k, n, aOff: pad, bOff: pad, oOff: pad };
}

/** out0 + A·B in float64, with Σ|A||B| per entry to bound float32 rounding. */
export function reference(layout: Layout, c: Case): { value: Float64Array; scale: Float64Array } {
  const { a, b, out, m, k, n, aOff, bOff, oOff } = c;
  const A = layout === "tn" ? (i: number, p: number) => a[aOff + p * m + i]! : (i: number, p: number) => a[aOff + i * k + p]!;
  const B = layout === "nt" ? (p: number, j: number) => b[bOff + j * k + p]! : (p: number, j: number) => b[bOff + p * n + j]!;
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = out[oOff + i * n + j]!, t = Math.abs(s);
    for (let p = 0; p < k; p++) {
      s += A(i, p) * B(p, j);
      t += Math.abs(A(i, p) * B(p, j));
    }
    value[i * n + j] = s;
    scale[i * n + j] = t;
  }
  return { value, scale };
}

/** Runs `kernel` on a copy of the case's output and checks it against the reference, guards included. */
export function check(kernel: kernels.MatmulF32, layout: Layout, c: Case): Float32Array {
  const expected = reference(layout, c);
  const out = c.out.slice();
  kernel(c.a, c.b, out, c.m, c.k, c.n, c.aOff, c.bOff, c.oOff);
  for (let e = 0; e < c.m * c.n; e++) {
    // Standard bound for a length-k float32 dot product: (k + 2)·ε·Σ|aᵢbᵢ|.
    const tol = (c.k + 2) * F32_EPS * expected.scale[e]!;
    const got = out[c.oOff + e]!;
    if (!(Math.abs(got - expected.value[e]!) <= tol)) {
      assert.fail(`${layout} ${c.m}×${c.k}×${c.n}: entry ${e} is ${got}, expected ${expected.value[e]} ± ${tol}`);
    }
  }
  for (let g = 0; g < c.oOff; g++) assert.equal(out[g], c.out[g], "leading guard changed");
  for (let g = c.oOff + c.m * c.n; g < out.length; g++) assert.equal(out[g], c.out[g], "trailing guard changed");
  return out;
}

