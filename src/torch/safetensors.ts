/**
 * The safetensors format (a little-endian u64 header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw bytes), written and read here rather than through a
 * package: the npm packages for it are young or tied to one ML framework, and the format is a page
 * long. PyTorch loads the files with the `safetensors` package, or with the ten lines of Python
 * that the exported train.py carries.
 */
import { readFileSync } from "node:fs";
import { DataError } from "../errors.js";

export type SafeDType = "F32" | "F64" | "I32" | "I64";
export type SafeArray = Float32Array | Float64Array | Int32Array | BigInt64Array;

export interface SafeTensor {
  dtype: SafeDType;
  shape: number[];
  data: SafeArray;
}

export interface SafeFile {
  tensors: Record<string, SafeTensor>;
  /** Free-form string pairs (`__metadata__`). */
  metadata: Record<string, string>;
}

const BYTES: Record<SafeDType, number> = { F32: 4, F64: 8, I32: 4, I64: 8 };

function dtypeOf(a: SafeArray): SafeDType {
  if (a instanceof Float32Array) return "F32";
  if (a instanceof Float64Array) return "F64";
  if (a instanceof Int32Array) return "I32";
  return "I64";
}

/** One tensor from a typed array and its shape (the product of the shape must be its length). */
export function safeTensor(data: SafeArray, shape: number[]): SafeTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new DataError(`safetensors: shape [${shape.join(", ")}] holds ${size} values, the array ${data.length}`);
  return { dtype: dtypeOf(data), shape, data };
}

/** The file's bytes: tensors in the order given, each 8-byte aligned, the header padded with spaces. */
export function encodeSafetensors(file: SafeFile): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(file.metadata).length > 0) header.__metadata__ = file.metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(file.tensors)) {
    const bytes = t.data.length * BYTES[t.dtype];
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.from(json, "utf8");
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of Object.values(file.tensors)) {
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

function copyAs(dtype: SafeDType, bytes: Uint8Array): SafeArray {
  const copy = new Uint8Array(bytes.length); // an aligned copy (a Node Buffer's slice would be a view of its pool)
  copy.set(bytes);
  const buf = copy.buffer;
  switch (dtype) {
    case "F32": return new Float32Array(buf);
    case "F64": return new Float64Array(buf);
    case "I32": return new Int32Array(buf);
    case "I64": return new BigInt64Array(buf);
  }
}

/** Parses safetensors bytes; `source` names the file in errors. */
export function decodeSafetensors(bytes: Uint8Array, source: string): SafeFile {
  const bad = (why: string) => new DataError(`${source} is not a usable safetensors file: ${why}`);
  if (bytes.length < 8) throw bad("it is shorter than its 8-byte header length");
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > bytes.length - 8) throw bad("its header length runs past the end of the file");
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString("utf8")) as Record<string, unknown>;
  } catch {
    throw bad("its header is not JSON");
  }
  const body = bytes.subarray(8 + headerLength);
  const tensors: Record<string, SafeTensor> = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    if (!e || !(e.dtype! in BYTES)) throw bad(`tensor "${name}" has dtype ${String(e?.dtype)} (this reader takes F32, F64, I32, I64)`);
    const dtype = e.dtype as SafeDType;
    const [begin, end] = e.data_offsets ?? [NaN, NaN];
    const size = (e.shape ?? []).reduce((a, b) => a * b, 1);
    if (!(begin! >= 0 && end! <= body.length && end! - begin! === size * BYTES[dtype])) throw bad(`tensor "${name}" has a byte range that does not fit its shape or the file`);
    tensors[name] = { dtype, shape: [...e.shape!], data: copyAs(dtype, body.subarray(begin, end)) };
  }
  return { tensors, metadata };
}

export function readSafetensors(path: string): SafeFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new DataError(`cannot read ${path}: no such file`);
  }
  return decodeSafetensors(bytes, path);
}
