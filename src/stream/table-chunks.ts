/**
 * A data file as a sequence of tables, so a caller holds one chunk of rows however large the file
 * is: CSV (plain or gzip, detected by the magic number) through the one CSV reader
 * (`data/reader.ts`, fed `chunkBytes` of text at a time), Parquet one row group at a time.
 */
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { asyncBufferFromFile } from "hyparquet";
import { CsvReader, parquetTables, type CsvDialect, type CsvLayout, type Table } from "../data/index.js";
import { DataError } from "../errors.js";

/** Default bytes read per chunk (before decompression). */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

function systemError(path: string, e: unknown): DataError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
  return new DataError(`cannot read ${path}: ${why}`);
}

/** The file's first bytes (fewer when it is shorter). */
function head(path: string, bytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw systemError(path, e);
  }
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } catch (e) {
    throw systemError(path, e);
  } finally {
    closeSync(fd);
  }
}

/** Whether the file starts with the gzip magic number 1f 8b. */
export function isGzipFile(path: string): boolean {
  const h = head(path, 2);
  return h.length === 2 && h[0] === 0x1f && h[1] === 0x8b;
}

/** Whether the file starts with Parquet's magic "PAR1". */
export function isParquetFile(path: string): boolean {
  return head(path, 4).toString("latin1") === "PAR1";
}

/** Yields the file's text (gunzipped when it is gzip) about `chunkBytes` at a time. */
export async function* readTextChunks(path: string, chunkBytes = DEFAULT_CHUNK_BYTES): AsyncGenerator<string> {
  const gzip = isGzipFile(path);
  const file = createReadStream(path, { highWaterMark: chunkBytes });
  const stream = gzip ? file.pipe(createGunzip({ chunkSize: Math.min(chunkBytes, 1 << 16) })) : file;
  if (gzip) file.on("error", (e) => stream.destroy(e));
  const decoder = new StringDecoder("utf8");
  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) yield decoder.write(bytes);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "Z_DATA_ERROR" || (e as NodeJS.ErrnoException).code === "Z_BUF_ERROR") {
      throw new DataError(`cannot decompress ${path}: ${(e as Error).message}`);
    }
    if (e instanceof DataError) throw e;
    throw systemError(path, e);
  } finally {
    file.destroy();
  }
  const rest = decoder.end();
  if (rest !== "") yield rest;
}

/** One chunk of a file's rows, and the CSV layout once it is known (absent for Parquet). */
export interface TableChunk {
  table: Table;
  layout?: CsvLayout;
}

/**
 * Yields the rows of a CSV or Parquet file as tables of at most a chunk each. `source` names the
 * file in messages. Every call reads the file again, in the same chunks.
 */
export async function* tableChunks(path: string, dialect: CsvDialect, source: string, chunkBytes = DEFAULT_CHUNK_BYTES): AsyncGenerator<TableChunk> {
  if (isParquetFile(path)) {
    const file = await asyncBufferFromFile(path);
    for await (const table of parquetTables(file, source)) yield { table };
    return;
  }
  const reader = new CsvReader({ ...dialect, source });
  for await (const text of readTextChunks(path, chunkBytes)) {
    reader.push(text);
    if (reader.pending > 0) yield { table: reader.take(), layout: reader.layout! };
  }
  reader.end();
  if (reader.pending > 0) yield { table: reader.take(), layout: reader.layout! };
}
