/**
 * Node-only, opt-in: WebAssembly float32 kernels that also split large products over worker
 * threads. Not re-exported from kernels/index.ts, so browser bundles never see node:worker_threads.
 * Nothing in descent uses it by default: where the native kernels are built (src/native) they
 * split products over threads themselves, in place; this remains for Node without them.
 */
import { matmulNN32Js, matmulNT32Js, matmulTN32Js } from "./matmul-f32-js.js";
import { DEFAULT_MIN_WASM_WORK, makeMatmulF32Kernels, route, type MatmulF32Kernels } from "./matmul-f32-dispatch.js";
import { ThreadedMatmulF32 } from "./wasm/matmul-f32-threads.js";
import { wasmSimdSupported } from "./wasm/matmul-f32-wasm.js";

export interface ThreadedMatmulF32Options {
  /** Threads in all, the calling one included (default 2). 1 means no workers. */
  threads?: number;
  /** Products with m·k·n below this run in JS (default DEFAULT_MIN_WASM_WORK). */
  minWasmWork?: number;
  /** Products with m·k·n below this stay on the calling thread (default 2²⁰). */
  minThreadWork?: number;
  /** Use the relaxed-SIMD (fused multiply-add) build where the engine supports it (default true). */
  relaxed?: boolean;
}

/** Threaded kernels plus `close()`, which stops the workers early (they never keep Node alive). */
export interface ThreadedMatmulF32Kernels extends MatmulF32Kernels {
  readonly threads: number;
  close(): void;
}

/**
 * Float32 kernels splitting the rows of large products across `threads` threads that share one
 * WebAssembly memory; same semantics as the process-wide kernels (they ADD into out).
 * Falls back to the single-thread kernels where WebAssembly SIMD is missing.
 */
export function makeThreadedMatmulF32Kernels(options: ThreadedMatmulF32Options = {}): ThreadedMatmulF32Kernels {
  const threads = Math.max(1, Math.floor(options.threads ?? 2));
  if (!wasmSimdSupported()) return { ...makeMatmulF32Kernels({ backend: "js" }), threads: 1, close: () => {} };
  const minWork = options.minWasmWork ?? DEFAULT_MIN_WASM_WORK;
  const pool = new ThreadedMatmulF32(threads, options.minThreadWork ?? 1 << 20, options.relaxed ?? true);
  return {
    backend: "wasm",
    variant: pool.variant,
    threads,
    close: () => pool.close(),
    nn: route(minWork, pool.nn.bind(pool), matmulNN32Js),
    tn: route(minWork, pool.tn.bind(pool), matmulTN32Js),
    nt: route(minWork, pool.nt.bind(pool), matmulNT32Js),
  };
}
