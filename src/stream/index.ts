/**
 * Training on CSV files larger than memory: a streamed dataset (chunks, gzip, seeded hash split,
 * first-pass statistics), a bounded shuffle buffer and a minibatch trainer over it.
 */
export { openCsvStream, type CsvStream, type CsvStreamOptions, type RowChunk } from "./dataset.js";
export { trainStream, DEFAULT_SHUFFLE_BUFFER, type StreamTrainOptions, type StreamTrainResult, type StreamStop } from "./train-stream.js";
export { evaluateStream, type StreamEvaluation } from "./evaluate-stream.js";
export { ShuffleBuffer, type RowSink } from "./shuffle-buffer.js";
export { readLineChunks, isGzipFile, DEFAULT_CHUNK_BYTES, type LineChunk } from "./lines.js";
export { rowHash, isTestRow } from "./split-hash.js";
