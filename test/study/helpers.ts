/** A tiny MNIST-layout IDX folder (28×28 images) written to a temporary directory. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function idx(magic: number, dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

/** n train and m test images whose pixels depend on the label, so a network can learn something. */
export function fakeImageFolder(n = 120, m = 40): string {
  const dir = mkdtempSync(join(tmpdir(), "descent-study-"));
  for (const [prefix, count] of [["train", n], ["t10k", m]] as const) {
    const labels = new Uint8Array(count);
    const pixels = new Uint8Array(count * 784);
    for (let i = 0; i < count; i++) {
      const label = (i * 7) % 10;
      labels[i] = label;
      for (let p = 0; p < 784; p++) pixels[i * 784 + p] = (p * (label + 1) + i) % 256 > 128 + label * 10 ? 255 : (p + i) % 50;
    }
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte`), idx(0x803, [count, 28, 28], pixels));
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte`), idx(0x801, [count], labels));
  }
  return dir;
}
