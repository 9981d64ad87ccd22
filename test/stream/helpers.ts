/** Small CSV files for the streaming tests, written to a temporary folder. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Dataset } from "../../src/data/index.js";
import { Rng } from "../../src/random.js";

export const dir = mkdtempSync(join(tmpdir(), "descent-stream-"));

/** A dataset as CSV text with a header; class targets are written as their indices. */
export function datasetCsv(ds: Dataset): string {
  const lines = [[...ds.featureNames.map((n) => n.replace(/[ ,]/g, "_")), "target"].join(",")];
  for (let i = 0; i < ds.n; i++) {
    lines.push([...Array.from(ds.features.subarray(i * ds.d, (i + 1) * ds.d), String), String(ds.targets[i])].join(","));
  }
  return lines.join("\n") + "\n";
}

export function writeFile(name: string, text: string, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

/** n rows of d features and a 0/1 label from a noisy linear rule (seeded). */
export function syntheticCsv(n: number, d: number, seed = 1): string {
  const rng = new Rng(seed);
  const w = Array.from({ length: d }, () => rng.normal());
  const lines = [[...Array.from({ length: d }, (_, j) => `x${j + 1}`), "y"].join(",")];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: d }, () => rng.normal() * 3 + 1);
    const z = x.reduce((s, v, j) => s + v * w[j]!, 0) + rng.normal();
    lines.push([...x.map((v) => v.toFixed(4)), z > 0 ? "1" : "0"].join(","));
  }
  return lines.join("\n") + "\n";
}
