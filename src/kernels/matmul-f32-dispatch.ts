/**
 * Float32 matrix products routed by size: small products run the JS loops (no copies, no call
 * overhead), large ones the native kernels where they are built (Node, x86-64: AVX-512 or AVX2
 * fused multiply-add on the arrays in place), else the SIMD128 WebAssembly kernel, which needs its
 * operands copied into its memory. Engines without WebAssembly SIMD get the JS loops.
 */
import { matmulNN32Js, matmulNT32Js, matmulTN32Js } from "./matmul-f32-js.js";
import { native as nativeKernels, type NativeKernels } from "../native/index.js";
import { WasmMatmulF32, wasmSimdSupported, type WasmVariant } from "./wasm/matmul-f32-wasm.js";
import { THRESHOLDS } from "./thresholds.js";

/** out[m×n] += product; offsets index a, b and out (batched products reuse one buffer). */
export type MatmulF32 = (
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, aOff?: number, bOff?: number, oOff?: number,
) => void;

/** The three layouts reverse mode needs: A·B, Aᵀ·B (A stored [k×m]) and A·Bᵀ (B stored [n×k]). */
export interface MatmulF32Kernels {
  readonly nn: MatmulF32;
  readonly tn: MatmulF32;
  readonly nt: MatmulF32;
  /** Where large products go: "native" (C kernels), "wasm" (WebAssembly SIMD) or "js" (every product in JS). */
  readonly backend: MatmulBackend;
  /** Which WebAssembly build runs large products ("relaxed": fused multiply-add); null for "js". */
  readonly variant: WasmVariant | null;
}

export type MatmulBackend = "native" | "wasm" | "js";

export interface MatmulF32Options {
  /** "auto" (default): native where built, else WebAssembly where the engine supports SIMD128,
   * else JS. Naming a backend forces it (an unavailable "native" falls back as "auto" does). */
  backend?: "auto" | MatmulBackend;
  /** Products with m·k·n below this run in JS even when a faster backend is available. */
  minWasmWork?: number;
  /** Use the relaxed-SIMD (fused multiply-add) build where the engine supports it (default true). */
  relaxed?: boolean;
}

/** Products with fewer multiply-adds run in JS (thresholds.ts says why). */
export const DEFAULT_MIN_WASM_WORK = THRESHOLDS.matmulWork;

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

/** The three layouts as strides over the native strided GEMM (which reads the arrays in place). */
function nativeSet(nat: NativeKernels, minWork: number): Pick<MatmulF32Kernels, "nn" | "tn" | "nt"> {
  const small = (m: number, k: number, n: number) => m * k * n < minWork;
  return {
    nn: (a, b, out, m, k, n, aOff = 0, bOff = 0, oOff = 0) =>
      small(m, k, n) ? matmulNN32Js(a, b, out, m, k, n, aOff, bOff, oOff) : nat.sgemm(a, aOff, k, 1, b, bOff, n, 1, out, oOff, m, k, n),
    tn: (a, b, out, m, k, n, aOff = 0, bOff = 0, oOff = 0) =>
      small(m, k, n) ? matmulTN32Js(a, b, out, m, k, n, aOff, bOff, oOff) : nat.sgemm(a, aOff, 1, m, b, bOff, n, 1, out, oOff, m, k, n),
    nt: (a, b, out, m, k, n, aOff = 0, bOff = 0, oOff = 0) =>
      small(m, k, n) ? matmulNT32Js(a, b, out, m, k, n, aOff, bOff, oOff) : nat.sgemm(a, aOff, k, 1, b, bOff, 1, k, out, oOff, m, k, n),
  };
}

/** Builds a set of float32 kernels; each WebAssembly set owns its own WebAssembly memory. */
export function makeMatmulF32Kernels(options: MatmulF32Options = {}): MatmulF32Kernels {
  const js = { nn: matmulNN32Js, tn: matmulTN32Js, nt: matmulNT32Js };
  const wanted = options.backend ?? "auto";
  if (wanted === "js") return { ...js, backend: "js", variant: null };
  if ((wanted === "auto" || wanted === "native") && nativeKernels !== null) {
    return { ...nativeSet(nativeKernels, options.minWasmWork ?? DEFAULT_MIN_WASM_WORK), backend: "native", variant: null };
  }
  if (!wasmSimdSupported()) return { ...js, backend: "js", variant: null };
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
