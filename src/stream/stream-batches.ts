/**
 * A streamed file's training rows as the training loop's batches: each epoch re-reads the file,
 * standardizes each chunk, mixes rows through the bounded shuffle buffer and cuts what it emits
 * into batches. Rows the buffer emits are staged (about one chunk's worth, plus a batch) and the
 * loop gets views of whole batches; the last batch of an epoch holds what is left. While a chunk is
 * read the source yields the read's promise, which the async driver awaits.
 */
import type { Rng } from "../random.js";
import type { Batch, BatchSource, Model, RunState, TargetScale, Wait } from "../train/index.js";
import type { DataStream, RowChunk } from "./dataset.js";
import { ShuffleBuffer } from "./shuffle-buffer.js";
import { standardizeInPlace } from "./standardize-chunk.js";

export interface StreamBatches extends BatchSource {
  /** The most rows the shuffle buffer held at once. */
  readonly peakBufferRows: number;
  /** The most rows one chunk of the file yielded. */
  readonly peakChunkRows: number;
  /** Rows handed to the loop so far, over all epochs. */
  readonly rows: number;
}

/**
 * Batches of `size` rows from `stream`'s training rows; without `shuffling` rows keep file order.
 * With `targetScale` the targets are standardized as the in-memory trainer's (`scaleTargets`).
 */
export function streamBatches(model: Model, stream: DataStream, size: number, capacity: number, shuffling: boolean, targetScale?: TargetScale): StreamBatches {
  const d = stream.d;
  let stageX = new Float32Array(0);
  let stageY = new Float32Array(0);
  let staged = 0;
  let peakBufferRows = 0;
  let peakChunkRows = 0;
  let rows = 0;
  const take = (features: Float32Array, offset: number, target: number): void => {
    stageX.set(features.subarray(offset, offset + d), staged * d);
    stageY[staged] = targetScale ? (target - targetScale.mean) / targetScale.scale : target;
    staged++;
  };
  /** Room for `more` rows behind the ones staged. */
  const reserve = (more: number): void => {
    if (stageY.length >= staged + more) return;
    const x = new Float32Array((staged + more) * d);
    const y = new Float32Array(staged + more);
    x.set(stageX.subarray(0, staged * d));
    y.set(stageY.subarray(0, staged));
    stageX = x;
    stageY = y;
  };
  /** Every whole batch staged (all rows at the end), then the rest moved to the front. */
  function* emit(all: boolean): Generator<Batch, void, void> {
    let at = 0;
    while (staged - at >= size || (all && staged > at)) {
      const m = Math.min(size, staged - at);
      rows += m;
      yield { x: stageX.subarray(at * d, (at + m) * d), y: stageY.subarray(at, at + m) };
      at += m;
    }
    stageX.copyWithin(0, at * d, staged * d);
    stageY.copyWithin(0, at, staged);
    staged -= at;
  }
  return {
    batchesPerEpoch: NaN,
    get peakBufferRows() { return peakBufferRows; },
    get peakChunkRows() { return peakChunkRows; },
    get rows() { return rows; },
    *batches(_state: RunState, rng: Rng): Generator<Batch | Wait, void, void> {
      staged = 0;
      const buffer = new ShuffleBuffer(capacity, d, shuffling ? rng : null, take);
      const chunks = stream.chunks("train");
      try {
        for (;;) {
          let next: IteratorResult<RowChunk> | undefined;
          yield chunks.next().then((r) => (next = r));
          if (next!.done) break;
          const chunk = next!.value;
          peakChunkRows = Math.max(peakChunkRows, chunk.n);
          standardizeInPlace(chunk.features, model.standardizer);
          // A full buffer emits one row per row pushed; an empty one (or none) at most as many.
          reserve(chunk.n);
          for (let i = 0; i < chunk.n; i++) buffer.push(chunk.features, i * d, chunk.targets[i]!);
          yield* emit(false);
        }
        reserve(buffer.peakRows);
        buffer.drain();
        peakBufferRows = Math.max(peakBufferRows, buffer.peakRows);
        yield* emit(true);
      } finally {
        // Stopped mid-epoch (interrupt, non-finite): close the file.
        void chunks.return(undefined);
      }
    },
  };
}
