import { DescentError } from "../errors.js";

/** The element types a Tensor can hold. float64 is the default everywhere. */
export type DType = "float32" | "float64";

/** The storage behind a Tensor: row-major, one element per entry. */
export type FloatArray = Float32Array | Float64Array;

/** A fresh zero-filled array of `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): FloatArray {
  return dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
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
