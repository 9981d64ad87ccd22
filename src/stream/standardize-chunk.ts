import type { Standardizer } from "../data/index.js";

/**
 * Standardizes raw feature rows in place with the same arithmetic as the in-memory path
 * (`prepareFeatures`: (x − mean) / std in double precision, stored as float32), so streamed and
 * in-memory training see bit-identical inputs.
 */
export function standardizeInPlace(features: Float32Array, s: Standardizer | undefined): void {
  if (!s) return;
  const d = s.mean.length;
  for (let i = 0; i < features.length; i += d) {
    for (let j = 0; j < d; j++) features[i + j] = (features[i + j]! - s.mean[j]!) / s.std[j]!;
  }
}
