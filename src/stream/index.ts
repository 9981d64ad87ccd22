/**
 * Training on data files larger than memory: a streamed dataset (CSV or Parquet read in chunks by
 * the one reader, gzip, seeded hash split, first-pass fitting of the data options), a bounded
 * shuffle buffer and a minibatch trainer over it.
 */
export { openDataStream, type DataStream, type DataStreamOptions, type RowChunk } from "./dataset.js";
export { trainStream, DEFAULT_SHUFFLE_BUFFER, type StreamTrainOptions, type StreamTrainResult, type StreamStop } from "./train-stream.js";
export { evaluateStream, type StreamEvaluation } from "./evaluate-stream.js";
export { ShuffleBuffer, type RowSink } from "./shuffle-buffer.js";
export { tableChunks, readTextChunks, isGzipFile, isParquetFile, DEFAULT_CHUNK_BYTES, type TableChunk } from "./table-chunks.js";
export { rowHashes, splitRows } from "./split-hash.js";
