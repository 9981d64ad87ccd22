/**
 * The streaming test split: a row is a test row when a seeded hash of its cells falls below the
 * test fraction. The hash depends only on the row's contents and the seed, so every pass
 * (statistics and every epoch) puts each row on the same side without remembering anything;
 * identical rows always land together, so a duplicate cannot leak from train into test.
 * Numbers are hashed by value (so "1.50" and "1.5", or a number in a CSV and in a Parquet file,
 * hash alike), text by its characters, a missing cell by a mark.
 */
import type { Table } from "../data/index.js";

const MISSING = 0x6d697373;

/** 32-bit FNV-1a step over one 32-bit word. */
function mix(h: number, word: number): number {
  return Math.imul(h ^ word, 0x01000193);
}

/** murmur3's avalanche, so nearby inputs spread over the whole range. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Per-row hashes of a table's rows (all its columns), seeded. */
export function rowHashes(table: Table, seed: number): Uint32Array {
  const n = table.n;
  const start = (0x811c9dc5 ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  const h = new Uint32Array(n).fill(start);
  for (const col of table.columns) {
    const bits = new Uint32Array(col.values.buffer, col.values.byteOffset, col.values.length * 2);
    for (let i = 0; i < n; i++) {
      let x = h[i]!;
      if (col.missing[i]) x = mix(x, MISSING);
      else if (Number.isNaN(col.values[i]!)) {
        const cell = col.text![i]!;
        for (let k = 0; k < cell.length; k++) x = mix(x, cell.charCodeAt(k));
        x = mix(x, cell.length);
      } else {
        x = mix(mix(x, bits[2 * i]!), bits[2 * i + 1]!);
      }
      h[i] = x;
    }
  }
  for (let i = 0; i < n; i++) h[i] = finish(h[i]!);
  return h;
}

/** Splits `rows` of `table` into training and test rows by their hashes (test: hash / 2³² < testFraction). */
export function splitRows(table: Table, rows: readonly number[], seed: number, testFraction: number): { train: number[]; test: number[] } {
  if (testFraction <= 0) return { train: rows as number[], test: [] };
  const hashes = rowHashes(table, seed);
  const threshold = testFraction * 4294967296;
  const train: number[] = [];
  const test: number[] = [];
  for (const i of rows) (hashes[i]! < threshold ? test : train).push(i);
  return { train, test };
}
