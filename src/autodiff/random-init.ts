/** Random tensors drawn from a caller-supplied Rng (reproducible, no global generator). */
import type { Rng } from "../random.js";
import { allocate, checkDType, type DType } from "./dtype.js";
import { checkShape, sizeOf } from "./shape.js";
import { Tensor } from "./tensor.js";

/** Uniform values in [low, high) (default [0, 1)). */
export function randomUniform(
  shape: readonly number[], rng: Rng, options: { low?: number; high?: number; dtype?: DType } = {},
): Tensor {
  checkShape(shape, "randomUniform");
  const { low = 0, high = 1, dtype = "float64" } = options;
  const data = allocate(checkDType(dtype, "randomUniform"), sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * rng.next();
  return new Tensor(data, [...shape]);
}

/** Normal values with the given mean and standard deviation (default 0 and 1). */
export function randomNormal(
  shape: readonly number[], rng: Rng, options: { mean?: number; std?: number; dtype?: DType } = {},
): Tensor {
  checkShape(shape, "randomNormal");
  const { mean = 0, std = 1, dtype = "float64" } = options;
  const data = allocate(checkDType(dtype, "randomNormal"), sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal(mean, std);
  return new Tensor(data, [...shape]);
}
