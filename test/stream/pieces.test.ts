import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DataError } from "../../src/errors.js";
import { Rng } from "../../src/random.js";
import { parseNumber } from "../../src/data/numbers.js";
import { isTestRow, openCsvStream, readLineChunks, ShuffleBuffer } from "../../src/stream/index.js";
import { parseFastRow } from "../../src/stream/fast-row.js";
import { splitLine } from "../../src/stream/rows.js";
import { writeFile } from "./helpers.js";

describe("shuffle buffer", () => {
  test("emits every row exactly once and never holds more than its capacity", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 1e6 }), (n, capacity, seed) => {
      const out: number[] = [];
      const buffer = new ShuffleBuffer(capacity, 2, new Rng(seed), (x, o, y) => {
        assert.equal(x[o + 1], y * 10);
        out.push(y);
      });
      for (let i = 0; i < n; i++) buffer.push(Float32Array.of(i, i * 10), 0, i);
      buffer.drain();
      assert.ok(buffer.peakRows <= capacity);
      assert.deepEqual([...out].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    }));
  });

  test("a buffer holding everything emits the permutation the in-memory trainer draws", () => {
    const out: number[] = [];
    const buffer = new ShuffleBuffer(100, 1, new Rng(42), (_x, _o, y) => out.push(y));
    for (let i = 0; i < 37; i++) buffer.push(Float32Array.of(i), 0, i);
    buffer.drain();
    assert.deepEqual(out, Array.from(new Rng(42).permutation(37)));
  });

  test("a small buffer still mixes: rows move away from file order", () => {
    const out: number[] = [];
    const buffer = new ShuffleBuffer(16, 1, new Rng(3), (_x, _o, y) => out.push(y));
    for (let i = 0; i < 1000; i++) buffer.push(Float32Array.of(i), 0, i);
    buffer.drain();
    const inPlace = out.filter((v, i) => v === i).length;
    assert.ok(inPlace < 50, `${inPlace} rows kept their place`);
  });
});

describe("hash split", () => {
  test("depends only on the row text and seed, and the fraction is about right", () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${i},${i * 7 % 13}`);
    const test1 = rows.filter((r) => isTestRow(r, 5, 0.3));
    const test2 = rows.filter((r) => isTestRow(r, 5, 0.3));
    assert.deepEqual(test1, test2);
    assert.ok(Math.abs(test1.length / rows.length - 0.3) < 0.015, `${test1.length}`);
    const otherSeed = rows.filter((r) => isTestRow(r, 6, 0.3));
    assert.notDeepEqual(otherSeed, test1);
    assert.equal(isTestRow(" 1,2 ", 5, 0.3), isTestRow("1,2", 5, 0.3));
  });

  test("each epoch's passes give the same disjoint train and test rows", async () => {
    const text = "a,b,y\n" + Array.from({ length: 500 }, (_, i) => `${i},${i % 7},${i % 2}`).join("\n") + "\n";
    const stream = await openCsvStream(writeFile("split.csv", text), { testFraction: 0.2, seed: 9, chunkBytes: 512 });
    const rowsOf = async (split: "train" | "test") => {
      const ids: number[] = [];
      for await (const c of stream.chunks(split)) for (let i = 0; i < c.n; i++) ids.push(c.features[i * 2]!);
      return ids;
    };
    const [train1, test1, train2, test2] = [await rowsOf("train"), await rowsOf("test"), await rowsOf("train"), await rowsOf("test")];
    assert.deepEqual(train1, train2);
    assert.deepEqual(test1, test2);
    assert.equal(train1.length, stream.trainRows);
    assert.equal(test1.length, stream.testRows);
    assert.equal(new Set([...train1, ...test1]).size, 500);
  });
});

describe("reading in chunks", () => {
  test("lines split across chunk boundaries come back whole, CRLF and no final newline included", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i},${"x".repeat(i % 17)}`);
    const path = writeFile("lines.csv", lines.join("\r\n"));
    const got: string[] = [];
    let expectedFirst = 1;
    for await (const chunk of readLineChunks(path, 64)) {
      assert.equal(chunk.firstLine, expectedFirst);
      expectedFirst += chunk.lines.length;
      got.push(...chunk.lines);
    }
    assert.deepEqual(got, lines);
  });

  test("the fast line parser agrees with the general one on any line", () => {
    const cell = fc.oneof(fc.double({ noNaN: true }).map(String), fc.integer().map(String), fc.constantFrom("", " 1", "1e5", ".5", "5.", "-0", "+3", "1e", "abc", '"2"', "1e999", "NaN", "0x10", "1,5"));
    fc.assert(fc.property(fc.array(cell, { minLength: 2, maxLength: 5 }), fc.nat(), (cells, t) => {
      const line = cells.join(",");
      const width = cells.length;
      const target = t % width;
      const out = new Float64Array(width);
      const fast = parseFastRow(line, 44, width, target, out, 0);
      if (fast === undefined) return;
      const fields = splitLine(line, ",", "x", 1);
      assert.equal(fields.length, width);
      assert.equal(fast, fields[target]);
      const expected = fields.filter((_, j) => j !== target).map(parseNumber);
      assert.deepEqual(Array.from(out.subarray(0, width - 1)), expected);
    }), { numRuns: 2000 });
  });
});

describe("errors name the file and the row", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i},${i % 2}`);
  const expectError = async (text: string, message: RegExp, options = {}) => {
    const path = writeFile("bad.csv", text);
    await assert.rejects(openCsvStream(path, { chunkBytes: 64, ...options }), (e: unknown) => e instanceof DataError && message.test((e as Error).message));
  };
  test("a bad number deep in the file, past many chunks", () =>
    expectError(["x,y", ...rows(200), "abc,1", ...rows(5)].join("\n"), /bad\.csv: row 202, column "x" \(1\): "abc" is not a number$/));
  test("a row with the wrong number of fields", () => expectError(["x,y", ...rows(50), "1,2,3"].join("\n"), /bad\.csv: row 52 has 3 fields, expected 2$/));
  test("NaN is refused as in memory", () => expectError(["x,y", "1,0", "NaN,1"].join("\n"), /row 3, column "x" \(1\): "NaN" is not a finite number$/));
  test("a quoted line break", () => expectError(['x,y', '"1,0', '",1'].join("\n"), /row 2: .*unterminated.*not supported when streaming/));
  test("a missing file", () => assert.rejects(openCsvStream("/no/such/file.csv"), /cannot read \/no\/such\/file\.csv: no such file/));
  test("a damaged gzip file", async () => {
    const path = writeFile("bad.csv.gz", "");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]));
    await assert.rejects(openCsvStream(path), (e: unknown) => e instanceof DataError && /^cannot decompress .*bad\.csv\.gz: /.test((e as Error).message));
  });
  test("a label outside the first pass's classes cannot happen; an unknown label with given classes is named", async () => {
    const path = writeFile("labels.csv", "x,y\n1,cat\n2,dog\n3,cow\n");
    const stream = await openCsvStream(path, { classes: ["cat", "dog"] });
    await assert.rejects((async () => { for await (const _ of stream.chunks("train")); })(), /labels\.csv: row 4, column "y" \(2\): label "cow" is not one of the classes \(cat, dog\)/);
  });
});
