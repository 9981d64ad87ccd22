/**
 * Reads a text file, plain or gzip (detected by its magic number), as chunks of whole lines, so a
 * caller holds at most one chunk of lines at a time however large the file is.
 */
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { DataError } from "../errors.js";

/** Default bytes read per chunk (before decompression). */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

export interface LineChunk {
  /** Whole lines without their line ends (a trailing \r is removed). */
  lines: string[];
  /** 1-based line number of lines[0] in the file. */
  firstLine: number;
}

function systemError(path: string, e: unknown): DataError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
  return new DataError(`cannot read ${path}: ${why}`);
}

/** Whether the file starts with the gzip magic number 1f 8b. */
export function isGzipFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw systemError(path, e);
  }
  try {
    const head = Buffer.alloc(2);
    const got = readSync(fd, head, 0, 2, 0);
    return got === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch (e) {
    throw systemError(path, e);
  } finally {
    closeSync(fd);
  }
}

/** Yields the file's lines chunk by chunk; a line longer than a chunk is carried to the next. */
export async function* readLineChunks(path: string, chunkBytes = DEFAULT_CHUNK_BYTES): AsyncGenerator<LineChunk> {
  const gzip = isGzipFile(path);
  const file = createReadStream(path, { highWaterMark: chunkBytes });
  const stream = gzip ? file.pipe(createGunzip({ chunkSize: Math.min(chunkBytes, 1 << 16) })) : file;
  if (gzip) file.on("error", (e) => stream.destroy(e));
  const decoder = new StringDecoder("utf8");
  let carry = "";
  let lineNo = 1;
  const split = (text: string): LineChunk | null => {
    const lines = text.split("\n");
    carry = lines.pop()!;
    if (lines.length === 0) return null;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.endsWith("\r")) lines[i] = l.slice(0, -1);
    }
    const chunk = { lines, firstLine: lineNo };
    lineNo += lines.length;
    return chunk;
  };
  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      const chunk = split(carry + decoder.write(bytes));
      if (chunk) yield chunk;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "Z_DATA_ERROR" || (e as NodeJS.ErrnoException).code === "Z_BUF_ERROR") {
      throw new DataError(`cannot decompress ${path}: ${(e as Error).message}`);
    }
    if (e instanceof DataError) throw e;
    throw systemError(path, e);
  } finally {
    file.destroy();
  }
  const rest = carry + decoder.end();
  if (rest !== "") yield { lines: [rest.endsWith("\r") ? rest.slice(0, -1) : rest], firstLine: lineNo };
}
