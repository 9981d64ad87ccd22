import { OptionError, ShapeError } from "../errors.js";
import type { Rng } from "../random.js";

export interface BatchOptions {
  /** Shuffle rows before cutting batches. Default true. */
  shuffle?: boolean;
  /** Leave out a last batch smaller than batchSize. Default false. */
  dropLast?: boolean;
}

export interface EpochBatches {
  /** Row indices, one array per batch, covering the epoch. */
  batches: Uint32Array[];
  /** The batch size used: min(batchSize, n). */
  batchSize: number;
  /** True when the requested batch size was larger than n, so one full batch is used. */
  clamped: boolean;
}

/**
 * Cuts 0..n-1 (shuffled with `rng` unless `shuffle: false`) into batches for one epoch. A batch
 * size ≥ n gives one full batch and `clamped` says so, for the trainer to mention.
 */
export function batchIndices(n: number, batchSize: number, rng: Rng, options: BatchOptions = {}): EpochBatches {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new OptionError(`batch size must be a positive integer, got ${batchSize}`);
  }
  const clamped = batchSize > n;
  const size = Math.min(batchSize, n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (options.shuffle ?? true) rng.shuffle(order);
  const batches: Uint32Array[] = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(start + size, n);
    if (end - start < size && options.dropLast) break;
    batches.push(order.subarray(start, end));
  }
  return { batches, batchSize: size, clamped };
}

/**
 * Copies the rows at `indices` of a row-major n×d matrix into `out` (reused across batches when
 * given and large enough) and returns the filled view, indices.length × d.
 */
export function gatherRows(
  features: Float32Array,
  d: number,
  indices: ArrayLike<number>,
  out?: Float32Array,
): Float32Array {
  const m = indices.length;
  const target = out && out.length >= m * d ? out : new Float32Array(m * d);
  const n = features.length / d;
  for (let k = 0; k < m; k++) {
    const i = indices[k]!;
    if (i >= n) throw new ShapeError(`gatherRows: row ${i} is outside 0..${n - 1}`);
    const src = i * d;
    // A row copy: set() is a memcpy for wide rows; short ones are cheaper element by element.
    if (d >= 32) target.set(features.subarray(src, src + d), k * d);
    else for (let j = 0, dst = k * d; j < d; j++) target[dst + j] = features[src + j]!;
  }
  return target.length === m * d ? target : target.subarray(0, m * d);
}

/** Copies `values[indices[k]]` into `out[k]` (reused when given and large enough). */
export function gatherValues(values: Float32Array, indices: ArrayLike<number>, out?: Float32Array): Float32Array {
  const m = indices.length;
  const target = out && out.length >= m ? out : new Float32Array(m);
  for (let k = 0; k < m; k++) target[k] = values[indices[k]!]!;
  return target.length === m ? target : target.subarray(0, m);
}
