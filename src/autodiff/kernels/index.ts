/** Matrix kernels for both element types, chosen by the caller from the tensors' dtype. */
import { makeMatmulF32Kernels } from "./matmul-f32-dispatch.js";

export { matmulNN64, matmulTN64, matmulNT64 } from "./matmul-f64.js";
export { matmulNN32Js, matmulTN32Js, matmulNT32Js } from "./matmul-f32-js.js";
export { makeMatmulF32Kernels, route, DEFAULT_MIN_WASM_WORK } from "./matmul-f32-dispatch.js";
export type { MatmulBackend, MatmulF32, MatmulF32Kernels, MatmulF32Options, WasmProduct } from "./matmul-f32-dispatch.js";
export { native, type NativeKernels } from "../../native/index.js";
export { wasmSimdSupported, type WasmVariant } from "./wasm/matmul-f32-wasm.js";

/** The process-wide float32 kernels (native or WebAssembly SIMD for large products when available). */
const f32 = makeMatmulF32Kernels();

/** out[m×n] += A[m×k] · B[k×n], float32. */
export const matmulNN32 = f32.nn;
/** out[m×n] += Aᵀ · B with A stored [k×m] and B [k×n], float32. */
export const matmulTN32 = f32.tn;
/** out[m×n] += A · Bᵀ with A stored [m×k] and B [n×k], float32. */
export const matmulNT32 = f32.nt;
/** "native", "wasm" or "js": which backend the process-wide float32 kernels use for large products. */
export const matmulF32Backend = f32.backend;
/** "relaxed" (fused multiply-add), "simd128", or null when the JS loops run everything. */
export const matmulF32Variant = f32.variant;
