/**
 * Run by matmul-f32-relaxed.test.ts in a child Node started with --experimental-wasm-relaxed-simd:
 * checks the fused multiply-add build against the reference and prints its variant.
 */
import { makeMatmulF32Kernels } from "../../src/kernels/matmul-f32-dispatch.js";
import { Rng } from "../../src/random.js";
import { LAYOUTS, check, makeCase } from "./helpers.js";

const single = makeMatmulF32Kernels({ backend: "wasm", minWasmWork: 0 });
const rng = new Rng(99);
for (const layout of LAYOUTS) {
  for (const [m, k, n] of [[1, 1, 1], [7, 13, 5], [13, 300, 17], [97, 65, 33]] as const) {
    const c = makeCase(layout, m, k, n, 2, rng);
    check(single[layout], layout, c);
  }
}
console.log(`variant ${single.variant}`);
