/** Image reduction by mean pooling: Fashion-MNIST's 28×28 becomes 14×14 with 2×2 blocks. */
import type { Dataset } from "../data/index.js";
import { ShapeError } from "../errors.js";

/**
 * Mean-pools n square images stored row-major (one image per row of `side`² values) over
 * factor×factor blocks: output pixel (r, c) is the mean of the input block at (factor·r, factor·c).
 */
export function meanPool(features: Float32Array, n: number, side: number, factor: number): Float32Array {
  if (!Number.isInteger(factor) || factor < 1 || side % factor !== 0) {
    throw new ShapeError(`cannot pool ${side}×${side} images by ${factor}: the side must be a multiple of the factor`);
  }
  const outSide = side / factor;
  const d = side * side;
  const outD = outSide * outSide;
  const out = new Float32Array(n * outD);
  const scale = 1 / (factor * factor);
  for (let i = 0; i < n; i++) {
    const src = i * d;
    const dst = i * outD;
    for (let r = 0; r < outSide; r++) {
      for (let c = 0; c < outSide; c++) {
        let sum = 0;
        for (let dr = 0; dr < factor; dr++) {
          const row = src + (r * factor + dr) * side + c * factor;
          for (let dc = 0; dc < factor; dc++) sum += features[row + dc]!;
        }
        out[dst + r * outSide + c] = sum * scale;
      }
    }
  }
  return out;
}

/** A dataset of square images reduced by `factor` in each direction (pixel names follow the new grid). */
export function poolDataset(ds: Dataset, factor: number): Dataset {
  const side = Math.round(Math.sqrt(ds.d));
  if (side * side !== ds.d) throw new ShapeError(`dataset "${ds.name}" has ${ds.d} features per row, not a square image`);
  const features = meanPool(ds.features, ds.n, side, factor);
  const outSide = side / factor;
  const featureNames = Array.from({ length: outSide * outSide }, (_, k) => `pixel_${Math.floor(k / outSide)}_${k % outSide}`);
  return { ...ds, features, d: outSide * outSide, featureNames };
}
