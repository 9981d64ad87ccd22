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

test(`a file the in-memory loader cannot hold in a ${HEAP_MB} MB heap trains by streaming within it`, () => {
  const path = writeFile("memory.csv", syntheticCsv(250_000, 8, 4));
  const streamed = runCapped(path, "stream");
  assert.equal(streamed.status, 0, streamed.stderr.slice(-800));
  const r = JSON.parse(streamed.stdout.trim().split("\n").at(-1)!);
  assert.equal(r.rows, 250_000);
  assert.equal(r.peakBufferRows, 5000);
  assert.ok(r.accuracy > 0.9, `accuracy ${r.accuracy}`);
  assert.ok(r.peakHeap < HEAP_MB * 2 ** 20, `peak heap ${r.peakHeap}`);
  // The same file loaded whole needs several times the cap (records of strings before the arrays).
  const loaded = runCapped(path, "memory");
  assert.notEqual(loaded.status, 0, "the in-memory loader fitted in the cap, so this test proves nothing");
});
