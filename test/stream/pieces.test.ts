import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DataError } from "../../src/errors.js";
import { Rng } from "../../src/random.js";
import { parseNumber } from "../../src/data/numbers.js";
import { cellText, readTable, TableBuilder, type Table } from "../../src/data/index.js";
import { parsePlainDecimal } from "../../src/data/table.js";
import { openDataStream, rowHashes, splitRows, tableChunks, ShuffleBuffer } from "../../src/stream/index.js";
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
  test("depends only on the row's cells and the seed, and the fraction is about right", () => {
    const text = "a,b\n" + Array.from({ length: 20000 }, (_, i) => `${i},${i * 7 % 13}`).join("\n") + "\n";
    const { table } = readTable(text);
    const all = Array.from({ length: table.n }, (_, i) => i);
    const a = splitRows(table, all, 5, 0.3);
    assert.deepEqual(splitRows(table, all, 5, 0.3), a);
    assert.ok(Math.abs(a.test.length / table.n - 0.3) < 0.015, `${a.test.length}`);
    assert.notDeepEqual(splitRows(table, all, 6, 0.3).test, a.test);
    // The same row written otherwise (spaces, "1.50" for "1.5", in another chunk) hashes alike.
    const one = readTable("a,b\n 1.50 ,x\n").table;
    const two = readTable("a,b\n7,y\n1.5,x\n").table;
    assert.equal(rowHashes(one, 3)[0], rowHashes(two, 3)[1]);
    assert.notEqual(rowHashes(two, 3)[0], rowHashes(two, 3)[1]);
  });

  test("each epoch's passes give the same disjoint train and test rows", async () => {
    const text = "a,b,y\n" + Array.from({ length: 500 }, (_, i) => `${i},${i % 7},${i % 2}`).join("\n") + "\n";
    const stream = await openDataStream(writeFile("split.csv", text), { testFraction: 0.2, seed: 9, chunkBytes: 512 });
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

describe("reading in chunks: the one reader", () => {
  test("records split across chunk boundaries (CRLF, quoted line breaks, no final newline) read as the whole text does", async () => {
    const lines = ["id,note,x,y", ...Array.from({ length: 300 }, (_, i) => `${i},${i % 9 === 0 ? '"two\r\nlines, quoted"' : "n" + "x".repeat(i % 17)},${i / 4},${i % 2}`)];
    const text = lines.join("\r\n");
    const path = writeFile("chunks.csv", text);
    const whole = readTable(text, { source: "chunks.csv" }).table;
    const ids: number[] = [];
    const notes: string[] = [];
    let chunks = 0;
    for await (const { table } of tableChunks(path, {}, "chunks.csv", 64)) {
      chunks++;
      for (let i = 0; i < table.n; i++) {
        ids.push(table.columns[0]!.values[i]!);
        notes.push(cellText(table.columns[1]!, i));
        assert.equal(table.lines[i], whole.lines[ids.length - 1]);
      }
    }
    assert.ok(chunks > 50, `${chunks} chunks`);
    assert.deepEqual(ids, Array.from(whole.columns[0]!.values));
    assert.deepEqual(notes, whole.columns[1]!.text);
  });

  test("the reader's fast number scan agrees with parseNumber on any cell", () => {
    const cell = fc.oneof(fc.double({ noNaN: true }).map(String), fc.integer().map(String), fc.stringMatching(/^[+-]?\d{0,20}(\.\d{0,20})?([eE][+-]?\d{0,3})?$/),
      fc.constantFrom("", " 1", "1e5", ".5", "5.", "-0", "+3", "1e", "abc", '"2"', "1e999", "NaN", "0x10", "1,5", "9007199254740993", "0.1e-22", "123456789012345678901234"));
    fc.assert(fc.property(cell, (c) => {
      const fast = parsePlainDecimal(c, 0, c.length);
      const slow = parseNumber(c);
      if (slow === null) assert.ok(!Number.isFinite(fast), `${c}: ${fast}`);
      else assert.ok(Object.is(fast, slow), `${c}: ${fast} vs ${slow}`);
    }), { numRuns: 5000 });
  });

  test("a numeric line read by the fast path gives the table the general path gives", () => {
    const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v.toPrecision(6)), fc.integer().map(String), fc.constantFrom("", "NA", " 2 ", "abc", "1e5"));
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }), (rows) => {
      const text = "a,b,c\n" + rows.map((r) => r.join(",")).join("\n") + "\n";
      const fast: Table = readTable(text, { header: true }).table;
      const builder = new TableBuilder(["a", "b", "c"], "input", true);
      rows.forEach((r, i) => builder.add(r.map((f) => f.trim()), i + 2));
      const slow = builder.take();
      for (let j = 0; j < 3; j++) {
        assert.deepEqual(Array.from(fast.columns[j]!.values), Array.from(slow.columns[j]!.values));
        assert.deepEqual(fast.columns[j]!.missing, slow.columns[j]!.missing);
        assert.deepEqual(fast.columns[j]!.text, slow.columns[j]!.text);
      }
    }), { numRuns: 300 });
  });
});

describe("errors name the file and the row", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i},${i % 2}`);
  const expectError = async (text: string, message: RegExp, options = {}) => {
    const path = writeFile("bad.csv", text);
    await assert.rejects(openDataStream(path, { chunkBytes: 64, ...options }), (e: unknown) => e instanceof DataError && message.test((e as Error).message));
  };
  test("a row with the wrong number of fields", () => expectError(["x,y", ...rows(50), "1,2,3"].join("\n"), /bad\.csv: row 52 has 3 fields, expected 2$/));
  test("Infinity is refused as in memory", () => expectError(["x,y", "1,0", "Infinity,1"].join("\n"), /row 3, column "x" \(1\): "Infinity" is not a finite number$/));
  test("missing cells far apart in the file: one line listing every column, as in memory", () =>
    expectError(["a,b,y", "NA,1,0", ...Array.from({ length: 200 }, (_, i) => `${i},${i},${i % 2}`), "3,,1", "4,?,0"].join("\n"), /bad\.csv: missing cells in 2 columns: a \(1\), b \(2\); fill them with --impute mean\|median\|most-frequent or leave those rows out with --drop-missing$/));
  test("a missing file", () => assert.rejects(openDataStream("/no/such/file.csv"), /cannot read \/no\/such\/file\.csv: no such file/));
  test("a damaged gzip file", async () => {
    const path = writeFile("bad.csv.gz", "");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]));
    await assert.rejects(openDataStream(path), (e: unknown) => e instanceof DataError && /^cannot decompress .*bad\.csv\.gz: /.test((e as Error).message));
  });
  test("an unknown label with given classes is named at its row", async () => {
    const path = writeFile("labels.csv", "x,y\n1,cat\n2,dog\n3,cow\n");
    const stream = await openDataStream(path, { classes: ["cat", "dog"] });
    await assert.rejects((async () => { for await (const _ of stream.chunks("train")); })(), /labels\.csv: row 4, column "y" \(2\): label "cow" is not one of the classes \(cat, dog\)/);
  });
});
