/**
 * Rows in memory as the training loop's batches. An epoch is a fresh permutation of the rows (kept
 * in the run state, so a checkpoint resumes mid-epoch), cut into batches; a full batch takes the
 * rows in order (every step sees every row, so there is nothing to shuffle). With `draws`, an
 * epoch is that many batches each drawn afresh (distinct rows within a batch, independent between
 * batches), as the study's minibatch budget trains.
 */
import { gatherRows, gatherValues } from "../data/batches.js";
import type { Rng } from "../random.js";
import type { Batch, BatchSource } from "./loop.js";
import type { RunState } from "./run-state.js";

/** Where a source is within its epoch: the run state's order and batch. */
export type EpochPosition = Pick<RunState, "order" | "batch">;

/** Yields the row indices of each batch from `at.batch` on (views that the next batch may overwrite). */
export function* batchRows(n: number, size: number, at: EpochPosition, rng: Rng, draws?: number): Generator<Uint32Array, void, void> {
  if (draws !== undefined) {
    // Partial Fisher–Yates on a persistent index array: each step's first `size` slots are a
    // uniformly random set of distinct rows, drawn independently of earlier steps.
    const order = (at.order ??= identityOrder(n));
    const batch = order.subarray(0, size);
    while (at.batch < draws) {
      for (let k = 0; k < size; k++) {
        const j = k + rng.int(n - k);
        const t = order[k]!;
        order[k] = order[j]!;
        order[j] = t;
      }
      yield batch;
    }
    return;
  }
  const order = (at.order ??= size >= n ? identityOrder(n) : rng.permutation(n));
  const batches = Math.ceil(n / size);
  while (at.batch < batches) yield order.subarray(at.batch * size, Math.min(n, (at.batch + 1) * size));
}

/** The loop's source over prepared features `x` (n × d) and targets `y`; `size` ≤ n. */
export function memoryBatches(x: Float32Array, y: Float32Array, d: number, size: number, options: { draws?: number } = {}): BatchSource {
  const n = y.length;
  const full = size === n && options.draws === undefined;
  const xBuf = new Float32Array(size * d);
  const yBuf = new Float32Array(size);
  return {
    batchesPerEpoch: options.draws ?? Math.ceil(n / size),
    *batches(state: RunState, rng: Rng): Generator<Batch, void, void> {
      for (const rows of batchRows(n, size, state, rng, options.draws)) {
        // A full batch runs over the rows in order: use the table itself rather than copying it.
        yield full ? { x, y } : { x: gatherRows(x, d, rows, xBuf), y: gatherValues(y, rows, yBuf) };
      }
    },
  };
}

function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
