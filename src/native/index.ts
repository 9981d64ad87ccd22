/**
 * The optional native kernels (native/*.c, built by scripts/build-native.mjs at install): float32
 * GEMM with AVX-512/AVX2 fused multiply-add, and the Adam, ReLU, logistic-loss, column-sum and
 * finiteness loops, working on the callers' typed arrays in place. Loaded only under Node, without
 * a static `node:` import, so the browser bundle (the playground) runs unchanged on the
 * WebAssembly kernels. DESCENT_NATIVE=0 turns them off (to compare backends, or to rule them out).
 */

export interface NativeKernels {
  /** The kernels' results version (DESCENT_KERNELS_VERSION in native/kernels.h). */
  readonly version: number;
  /** "avx512", "avx2" or "portable": the build the CPU runs. */
  readonly isa: string;
  /** Threads the large products and Adam steps are split over (DESCENT_THREADS, else the CPUs, at most 8). */
  readonly threads: number;
  /**
   * Limits the products and Adam steps to n of those threads from now on (process-wide; 0 lifts the
   * limit) and returns the count now active. Every count gives the same bits. Absent from builds
   * older than this field (the trainer's automatic parallelism then keeps the pool as it is).
   */
  readonly setThreads?: (n: number) => number;
  /** The thread count the kernels split a call over now. */
  readonly activeThreads?: () => number;
  /** C[m×n] (at cOff) += A·B with A(i,p) = a[aOff + i·ars + p·acs], B(p,j) = b[bOff + p·brs + j·bcs]. */
  sgemm(a: Float32Array, aOff: number, ars: number, acs: number, b: Float32Array, bOff: number, brs: number, bcs: number,
    c: Float32Array, cOff: number, m: number, k: number, n: number): void;
  /** Bit-identical to the JS `adamLoop` in float32 (src/kernels/adam.ts); out is the parameter for a step (add). */
  adam(g: Float32Array, m: Float32Array, v: Float32Array, out: Float32Array, n: number, add: boolean,
    sign: number, b1: number, b2: number, c1: number, c2: number, negStepSize: number, invBc2Sqrt: number, eps: number): void;
  allFinite(x: Float32Array): boolean;
  /** out[j] = Σᵢ g[i·n + j], summed in double in row order and rounded once, as the JS loop (src/kernels/elementwise.ts). */
  columnSums(g: Float32Array, m: number, n: number, out: Float32Array): void;
  /** out = x where x > 0, else 0 (NaN too), as the JS loop. */
  relu(x: Float32Array, out: Float32Array): void;
  /** gx = g where x > 0, else 0, as the JS loop. */
  reluGrad(g: Float32Array, x: Float32Array, gx: Float32Array): void;
  /** Σ over rows of the logistic loss; writes scale·(σ(z) − y) to grad. Bit-identical to bceLogitsJs (src/kernels/bce-logits.ts). */
  bceLogits(z: Float32Array, y: Float32Array, grad: Float32Array, m: number, scale: number): number;
}

interface NodeModuleApi {
  createRequire(from: string): (id: string) => unknown;
}

const REQUIRED = ["sgemm", "adam", "allFinite", "columnSums", "relu", "reluGrad", "bceLogits"] as const;

/** The results version these JS loops match; native/kernels.h's DESCENT_KERNELS_VERSION must equal it. */
export const KERNELS_VERSION = 3;

/**
 * True when a loaded build has every kernel this code calls and gives the bits the current JS
 * loops give. A build left from an older checkout (an upgrade without a rebuild) fails this and
 * is not used: the WebAssembly and JS kernels run until `npm run build:native`.
 */
export function isCurrentBuild(loaded: unknown): loaded is NativeKernels {
  if (typeof loaded !== "object" || loaded === null) return false;
  const k = loaded as Record<string, unknown>;
  return k.version === KERNELS_VERSION && REQUIRED.every((name) => typeof k[name] === "function");
}

function load(): NativeKernels | null {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown } }).process;
  if (proc?.getBuiltinModule === undefined || proc.env?.DESCENT_NATIVE === "0") return null;
  try {
    const { createRequire } = proc.getBuiltinModule("node:module") as NodeModuleApi;
    // src/native/ and dist/native/ both sit two folders below the package root.
    const loaded: unknown = createRequire(import.meta.url)("../../build/native/descent.node");
    return isCurrentBuild(loaded) ? loaded : null;
  } catch {
    return null; // not built (no compiler at install, another platform): the WebAssembly kernels run
  }
}

/** The process's native kernels, or null where they are not built or not allowed. */
export const native: NativeKernels | null = load();
