import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DataError } from "../errors.js";

/** Reads a whole file, turning system errors into one-line DataErrors. */
export function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataError(`cannot read ${path}: ${describeSystemError(e)}`);
  }
}

/** Whether the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The bytes, gunzipped when they carry the gzip magic number. */
export function maybeGunzip(bytes: Buffer, path: string): Buffer {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DataError(`cannot decompress ${path}: ${(e as Error).message}`);
  }
}

/** A file's text, gunzipped first when it is gzip. */
export function readText(path: string): string {
  return maybeGunzip(readBytes(path), path).toString("utf8");
}

function describeSystemError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    default:
      return (e as Error).message.split("\n")[0] ?? String(e);
  }
}
