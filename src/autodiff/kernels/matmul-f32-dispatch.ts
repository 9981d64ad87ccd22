/**
 * Float32 matrix products routed by size: small products run the JS loops (no copies, no call
 * overhead), large ones the SIMD128 WebAssembly kernel, which needs its operands copied into its
 * memory. Engines without WebAssembly SIMD always get the JS loops.
 */
import { matmulNN32Js, matmulNT32Js, matmulTN32Js } from "./matmul-f32-js.js";
import { WasmMatmulF32, wasmSimdSupported, type WasmVariant } from "./wasm/matmul-f32-wasm.js";

/** out[m×n] += product; offsets index a, b and out (batched products reuse one buffer). */
export type MatmulF32 = (
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, aOff?: number, bOff?: number, oOff?: number,
) => void;

/** The three layouts reverse mode needs: A·B, Aᵀ·B (A stored [k×m]) and A·Bᵀ (B stored [n×k]). */
export interface MatmulF32Kernels {
  readonly nn: MatmulF32;
  readonly tn: MatmulF32;
  readonly nt: MatmulF32;
  /** "wasm" when large products go to WebAssembly, "js" when every product runs the JS loops. */
  readonly backend: "wasm" | "js";
  /** Which WebAssembly build runs large products ("relaxed": fused multiply-add); null for "js". */
  readonly variant: WasmVariant | null;
}

export interface MatmulF32Options {
  /** "auto" (default) uses WebAssembly when the engine supports SIMD128; "js" forces the JS loops. */
  backend?: "auto" | "js";
  /** Products with m·k·n below this run in JS even when WebAssembly is available. */
  minWasmWork?: number;
  /** Use the relaxed-SIMD (fused multiply-add) build where the engine supports it (default true). */
  relaxed?: boolean;
}

/**
 * Below about 200 multiply-adds the copies and call cost outweigh the SIMD speed-up: measured on
 * this project's 2-core Xeon with Node 20, JS is 2× faster at 4×4×4 and WebAssembly 2.5× faster
 * at 8×8×8, 13× at 32×32×32.
 */
export const DEFAULT_MIN_WASM_WORK = 256;

/** A WebAssembly product: false when it could not run (its memory cannot grow that far). */
export type WasmProduct = (
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, aOff: number, bOff: number, oOff: number,
) => boolean;

/** Small products, and any the WebAssembly memory cannot hold, go to the JS loops. */
export function route(minWork: number, wasm: WasmProduct, js: MatmulF32): MatmulF32 {
  return (a, b, out, m, k, n, aOff = 0, bOff = 0, oOff = 0) => {
    if (m * k * n < minWork || !wasm(a, b, out, m, k, n, aOff, bOff, oOff)) js(a, b, out, m, k, n, aOff, bOff, oOff);
  };
}

/** Builds a set of float32 kernels; each set owns its own WebAssembly memory. */
export function makeMatmulF32Kernels(options: MatmulF32Options = {}): MatmulF32Kernels {
  const js = { nn: matmulNN32Js, tn: matmulTN32Js, nt: matmulNT32Js };
  if (options.backend === "js" || !wasmSimdSupported()) return { ...js, backend: "js", variant: null };
  const wasm = new WasmMatmulF32(options.relaxed ?? true);
  const minWork = options.minWasmWork ?? DEFAULT_MIN_WASM_WORK;
  return {
    backend: "wasm",
    variant: wasm.variant,
    nn: route(minWork, wasm.nn.bind(wasm), matmulNN32Js),
    tn: route(minWork, wasm.tn.bind(wasm), matmulTN32Js),
    nt: route(minWork, wasm.nt.bind(wasm), matmulNT32Js),
  };
}
