/**
 * The kernel layer: every native, WebAssembly and JS kernel, each with its size threshold
 * (thresholds.ts) and its fallback, chosen in one place by the process's backend (backend.ts:
 * `setBackend("native" | "wasm" | "js")` at run time for tests and benchmarks).
 */
import { getBackend, type Backend } from "./backend.js";
import { makeMatmulF32Kernels, type MatmulF32, type MatmulF32Kernels } from "./matmul-f32-dispatch.js";
import { THRESHOLDS } from "./thresholds.js";

export { BACKENDS, availableBackends, getBackend, setBackend, type Backend } from "./backend.js";
export { THRESHOLDS } from "./thresholds.js";
export { matmulNN64, matmulTN64, matmulNT64 } from "./matmul-f64.js";
export { matmulNN32Js, matmulTN32Js, matmulNT32Js } from "./matmul-f32-js.js";
export { makeMatmulF32Kernels, route } from "./matmul-f32-dispatch.js";
export type { MatmulBackend, MatmulF32, MatmulF32Kernels, MatmulF32Options, WasmProduct } from "./matmul-f32-dispatch.js";
export { native, type NativeKernels } from "../native/index.js";
export { wasmSimdSupported, type WasmVariant } from "./wasm/matmul-f32-wasm.js";
export { adamLoop, adamMoments } from "./adam.js";
export { relu, reluGrad, columnSums, allFinite } from "./elementwise.js";
export { bceLogits, bceLogitsJs, sigmoidFrom } from "./bce-logits.js";

/** One set of float32 products per backend, built on first use (each WebAssembly set owns its memory). */
const sets: Partial<Record<Backend, MatmulF32Kernels>> = {};
function f32(): MatmulF32Kernels {
  const backend = getBackend();
  return (sets[backend] ??= makeMatmulF32Kernels({ backend, minWasmWork: THRESHOLDS.matmulWork }));
}

/** out[m×n] += A[m×k] · B[k×n], float32, on the current backend (small products in JS). */
export const matmulNN32: MatmulF32 = (a, b, out, m, k, n, aOff, bOff, oOff) => f32().nn(a, b, out, m, k, n, aOff, bOff, oOff);
/** out[m×n] += Aᵀ · B with A stored [k×m] and B [k×n], float32. */
export const matmulTN32: MatmulF32 = (a, b, out, m, k, n, aOff, bOff, oOff) => f32().tn(a, b, out, m, k, n, aOff, bOff, oOff);
/** out[m×n] += A · Bᵀ with A stored [m×k] and B [n×k], float32. */
export const matmulNT32: MatmulF32 = (a, b, out, m, k, n, aOff, bOff, oOff) => f32().nt(a, b, out, m, k, n, aOff, bOff, oOff);
/** "relaxed" (fused multiply-add), "simd128", or null: the WebAssembly build the current backend runs. */
export function matmulF32Variant(): MatmulF32Kernels["variant"] {
  return f32().variant;
}
