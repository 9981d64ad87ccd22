import { DescentError } from "../errors.js";

/** The element types a Tensor can hold. float64 is the default everywhere. */
export type DType = "float32" | "float64";

/** The storage behind a Tensor: row-major, one element per entry. */
export type FloatArray = Float32Array | Float64Array;

/**
 * Where `allocate` takes its arrays while a compiled plan records or replays (jit.ts): recording,
 * every request makes a fresh array and keeps it; replaying, the same requests in the same order
 * get those arrays back, zeroed, so a replay makes no new typed array. A request that does not
 * match the recording (another size or dtype) gets a fresh array and is counted as a miss.
 */
export interface Arena {
  readonly buffers: FloatArray[];
  cursor: number;
  recording: boolean;
  misses: number;
}

// The arena in force (null: plain allocation) and a count of fresh arrays, the evidence that a
// replay allocates nothing. Module state like the trace in trace.ts: set only around a plan's run.
let arena: Arena | null = null;
let fresh = 0;

function make(dtype: DType, n: number): FloatArray {
  fresh++;
  return dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
}

/** A fresh zero-filled array of `n` elements of `dtype` (from the arena while a plan runs). */
export function allocate(dtype: DType, n: number): FloatArray {
  const a = arena;
  if (a === null) return make(dtype, n);
  if (a.recording) {
    const buf = make(dtype, n);
    a.buffers.push(buf);
    return buf;
  }
  const buf = a.buffers[a.cursor];
  if (buf !== undefined && buf.length === n && (dtype === "float32") === buf instanceof Float32Array) {
    a.cursor++;
    return buf.fill(0);
  }
  a.misses++;
  return make(dtype, n);
}

/** Runs `fn` with `allocate` served by `a` (see Arena). */
export function withArena<T>(a: Arena, fn: () => T): T {
  const previous = arena;
  arena = a;
  try {
    return fn();
  } finally {
    arena = previous;
  }
}

/** How many typed arrays `allocate` has created so far in this process (tests prove a replay adds none). */
export function typedArraysAllocated(): number {
  return fresh;
}

/** The dtype that describes an existing typed array. */
export function dtypeOfArray(data: FloatArray): DType {
  return data instanceof Float32Array ? "float32" : "float64";
}

/** Validates a user-supplied dtype name. */
export function checkDType(dtype: unknown, where: string): DType {
  if (dtype === "float32" || dtype === "float64") return dtype;
  throw new DescentError(`${where}: unknown dtype ${JSON.stringify(dtype)} (expected "float32" or "float64")`, "DTYPE");
}

/**
 * Mixed dtypes are an error, not a silent promotion: float32 exists for speed and memory, and a
 * quiet promotion to float64 would hide the very cost the user chose float32 to avoid. Convert
 * explicitly with `x.astype("float64")`. Plain numbers adopt the tensor's dtype.
 */
export function commonDType(a: DType, b: DType, op: string): DType {
  if (a !== b) {
    throw new DescentError(
      `${op}: dtype mismatch (${a} vs ${b}); convert one side with .astype("${a}") or .astype("${b}")`,
      "DTYPE_MISMATCH",
    );
  }
  return a;
}
