import { DataError } from "../errors.js";

/** IDX magic numbers for unsigned-byte arrays: 3 dimensions (images) and 1 (labels). */
export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

/** The contents of an IDX file (MNIST format). */
export interface IdxArray {
  kind: "images" | "labels";
  /** [count, rows, cols] for images, [count] for labels. */
  dims: number[];
  /** The unsigned bytes, row-major. */
  data: Uint8Array;
}

/** Fashion-MNIST's class names, by label (Zalando Research). */
export const FASHION_MNIST_CLASSES = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
];

/** Parses IDX bytes; `source` names them in error messages. */
export function parseIdx(bytes: Uint8Array, source = "input"): IdxArray {
  if (bytes.length < 4) {
    throw new DataError(`${source}: truncated IDX file: expected at least 4 bytes of header, found ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== IDX_IMAGES_MAGIC && magic !== IDX_LABELS_MAGIC) {
    throw new DataError(
      `${source}: wrong magic number ${hex(magic)}, expected ${hex(IDX_IMAGES_MAGIC)} (images) or ${hex(IDX_LABELS_MAGIC)} (labels)`,
    );
  }
  const ndim = magic & 0xff;
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new DataError(`${source}: truncated IDX file: expected at least ${headerBytes} bytes of header, found ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let k = 0; k < ndim; k++) dims.push(view.getUint32(4 + 4 * k, false));
  const expected = headerBytes + dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    throw new DataError(`${source}: truncated IDX file: expected ${expected} bytes, found ${bytes.length}`);
  }
  return {
    kind: magic === IDX_IMAGES_MAGIC ? "images" : "labels",
    dims,
    data: bytes.subarray(headerBytes, expected),
  };
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, "0")}`;
}
