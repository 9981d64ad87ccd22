import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseCsv, detectDelimiter } from "../../src/data/csv.js";
import { DataError } from "../../src/errors.js";

describe("parseCsv", () => {
  test("quoted fields hold delimiters, doubled quotes and newlines (RFC 4180)", () => {
    const text = 'a,b,c\n"x, y","say ""hi""","two\nlines"\n1,2,3\n';
    const t = parseCsv(text);
    assert.deepEqual(t.records, [
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\nlines"],
      ["1", "2", "3"],
    ]);
    // The record after a quoted newline starts on line 4 of the file.
    assert.deepEqual(t.lines, [1, 2, 4]);
  });

  test("CRLF line ends, blank lines skipped, unquoted fields trimmed", () => {
    const t = parseCsv("a, b\r\n\r\n 1 ,2\r\n");
    assert.deepEqual(t.records, [["a", "b"], ["1", "2"]]);
    assert.deepEqual(t.lines, [1, 3]);
  });

  test("empty fields are kept", () => {
    assert.deepEqual(parseCsv("1,,3\n,,\n").records, [["1", "", "3"], ["", "", ""]]);
  });

  test("delimiter detection: comma, semicolon, tab, whitespace", () => {
    assert.equal(detectDelimiter("a,b,c\n1,2,3"), ",");
    assert.equal(detectDelimiter("a;b;c\n1,5;2,5;3"), ";");
    assert.equal(detectDelimiter("a\tb\n1\t2"), "\t");
    assert.equal(detectDelimiter("1 2   3\n4 5 6"), "whitespace");
    assert.equal(detectDelimiter('"a;b",c\n'), ",");
    assert.deepEqual(parseCsv("a;b\n1;2\n").records, [["a", "b"], ["1", "2"]]);
    assert.deepEqual(parseCsv("  1 2   3\n4 5 6\n").records, [["1", "2", "3"], ["4", "5", "6"]]);
  });

  test("an unterminated quote names the line where it opened", () => {
    assert.throws(() => parseCsv('a,b\n1,"open\n2,3\n', { source: "q.csv" }), {
      name: "DataError",
      message: "q.csv: row 2 has an unterminated quoted field",
    });
  });

  test("text after a closing quote is an error", () => {
    assert.throws(() => parseCsv('"a"b,c\n', { source: "q.csv" }), DataError);
  });

  test("property: quoting any fields round-trips them", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", " ", "1") });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? "x"));
        const text = table.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(",")).join("\n");
        assert.deepEqual(parseCsv(text, { delimiter: "," }).records, table);
      }),
    );
  });
});
