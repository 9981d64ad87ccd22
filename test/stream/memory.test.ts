import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { syntheticCsv, writeFile } from "./helpers.js";

const child = fileURLToPath(new URL("./memory-child.mts", import.meta.url));
const HEAP_MB = 48;

function runCapped(path: string, mode: "stream" | "memory") {
  return spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, "--import", "tsx", child, path, mode], { encoding: "utf8", timeout: 120_000 });
}

test(`streaming trains a 250k-row file inside a ${HEAP_MB} MB heap, holding less than the in-memory loader's arrays`, () => {
  const path = writeFile("memory.csv", syntheticCsv(250_000, 8, 4));
  const streamed = runCapped(path, "stream");
  assert.equal(streamed.status, 0, streamed.stderr.slice(-800));
  const r = JSON.parse(streamed.stdout.trim().split("\n").at(-1)!);
  assert.equal(r.rows, 250_000);
  assert.equal(r.peakBufferRows, 5000);
  assert.ok(r.accuracy > 0.9, `accuracy ${r.accuracy}`);
  assert.ok(r.peakHeap < HEAP_MB * 2 ** 20, `peak heap ${r.peakHeap}`);
  // Loaded whole, the same file needs at least its feature matrix on the heap; streaming peaks
  // below that plus the baseline, because it holds one chunk and the shuffle buffer.
  const loaded = runCapped(path, "memory");
  assert.equal(loaded.status, 0, loaded.stderr.slice(-800));
  const m = JSON.parse(loaded.stdout.trim().split("\n").at(-1)!);
  assert.equal(m.rows, 250_000);
  assert.ok(m.peakHeap - r.peakHeap > m.featureBytes / 2, `in memory ${m.peakHeap}, streaming ${r.peakHeap}, features ${m.featureBytes}`);
});
