/**
 * The streaming test split: a row is a test row when a seeded hash of its text falls below the
 * test fraction. The hash depends only on the row and the seed, so every epoch (and every pass,
 * including the statistics pass) puts each row on the same side without remembering anything;
 * identical rows always land together, so a duplicate cannot leak from train into test.
 */

/** A 32-bit FNV-1a hash of the text mixed with the seed, finished with murmur3's avalanche. */
export function rowHash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Whether the row (its line text, trimmed) belongs to the test split. */
export function isTestRow(text: string, seed: number, testFraction: number): boolean {
  return rowHash(text.trim(), seed) / 4294967296 < testFraction;
}
