/**
 * Which backend runs the kernels: "native" (the C kernels, Node on x86-64 where built), "wasm"
 * (WebAssembly SIMD matrix products; the element-wise loops run in JS) or "js". The default is the
 * fastest available; `setBackend` changes it at run time for tests and benchmarks. This choice is
 * the only mutable state of the kernel layer (ARCHITECTURE.md): every kernel reads it per call.
 */
import { OptionError } from "../errors.js";
import { native, type NativeKernels } from "../native/index.js";
import { wasmSimdSupported } from "./wasm/matmul-f32-wasm.js";

export type Backend = "native" | "wasm" | "js";
export const BACKENDS: readonly Backend[] = Object.freeze(["native", "wasm", "js"]);

/** The backends this process can run, fastest first. */
export function availableBackends(): Backend[] {
  return BACKENDS.filter((b) => b === "js" || (b === "native" ? native !== null : wasmSimdSupported()));
}

const choice: { current: Backend } = { current: availableBackends()[0]! };

/** The backend the kernels use now. */
export function getBackend(): Backend {
  return choice.current;
}

/**
 * Runs the kernels on `backend` from now on (process-wide); returns the previous one so a test can
 * restore it. Every backend gives the JS loops' bits for the element-wise kernels and float32
 * rounding of the same sums for the matrix products (tested).
 */
export function setBackend(backend: Backend): Backend {
  if (!BACKENDS.includes(backend)) throw new OptionError(`unknown kernel backend "${String(backend)}" (use ${BACKENDS.join(", ")})`);
  if (!availableBackends().includes(backend)) {
    const why = backend === "native" ? "the native kernels are not built or DESCENT_NATIVE=0" : "this engine has no WebAssembly SIMD";
    throw new OptionError(`kernel backend "${backend}" is not available here: ${why} (available: ${availableBackends().join(", ")})`);
  }
  const previous = choice.current;
  choice.current = backend;
  return previous;
}

/** The native kernels when the backend is "native", else null: the one test every call site makes. */
export function nativeNow(): NativeKernels | null {
  return choice.current === "native" ? native : null;
}
