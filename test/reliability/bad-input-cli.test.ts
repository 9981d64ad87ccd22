/**
 * Every bad input a user can give `descent train` / `predict` ends in one line naming the problem
 * and where it is, exit code 2, no stack trace, and no output file.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { run } from "../cli/helpers.js";

const dir = mkdtempSync(join(tmpdir(), "descent-bad-"));
const file = (name: string, content: string | Uint8Array) => (writeFileSync(join(dir, name), content), name);

function idx(magic: number, dims: number[], payload: number): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.alloc(payload)]);
}

const cases: [string, string[], RegExp][] = [
  ["missing file", ["train", "--data", "nope.csv"], /^descent: cannot read \S*nope\.csv: no such file\n$/],
  ["empty file", ["train", "--data", file("empty.csv", "")], /empty\.csv: empty file/],
  ["only a header", ["train", "--data", file("header.csv", "a,b,y\n")], /header\.csv: no data rows/],
  ["ragged row", ["train", "--data", file("ragged.csv", "a,b,y\n1,2,0\n3,1\n")], /ragged\.csv: row 3 has 2 fields, expected 3/],
  ["decimal commas in a number column", ["train", "--data", file("text.csv", "a;b;y\n1;2,5;0\n1;3,25;1\n")], /text\.csv: column "b" \(2\) has cells such as "2,5" that are not numbers; they look like numbers with decimal commas: add --decimal ,$/m],
  ["NaN cell (missing)", ["train", "--data", file("nan.csv", "a,b,y\n1,2,0\nNaN,2,1\n")], /nan\.csv: missing cells in 1 column: a \(1\); fill them with --impute mean\|median\|most-frequent or leave those rows out with --drop-missing/],
  ["Infinity cell", ["train", "--data", file("inf.csv", "a,b,y\n1,2,0\n1,Infinity,1\n")], /inf\.csv: row 3, column "b" \(2\): "Infinity" is not a finite number/],
  ["missing target column", ["train", "--data", file("ok.csv", "a,b,y\n1,2,0\n2,1,1\n3,3,0\n4,1,1\n5,5,0\n"), "--target", "label"], /no column "label" \(columns: a, b, y\)/],
  ["a single class", ["train", "--data", file("one.csv", "a,b,y\n1,2,cat\n2,1,cat\n"), "--target", "y"], /one class|single class|only one class/i],
  ["batch size 0", ["train", "--data", "iris", "--batch-size", "0"], /invalid --batch-size 0/],
  ["zero units", ["train", "--data", "iris", "--model", "mlp:0"], /invalid --model "mlp:0": layer width "0" must be a whole number >= 1/],
  ["negative learning rate", ["train", "--data", "iris", "--optimizer", "sgd:lr=-1"], /invalid lr -1 for sgd: must be > 0/],
  ["unknown optimizer", ["train", "--data", "iris", "--optimizer", "adamz"], /unknown optimizer "adamz" \(valid: /],
  ["unknown schedule", ["train", "--data", "iris", "--schedule", "cosinus"], /unknown schedule "cosinus" \(valid: /],
  ["save into a missing folder", ["train", "--data", "iris", "--save", "no/such/m.json"], /folder .*no\/such does not exist/],
  ["IDX with a wrong magic number", ["train", "--data", (mkdirSync(join(dir, "badidx")), file("badidx/train-images-idx3-ubyte", idx(0x0803 + 1, [1, 2, 2], 4)), file("badidx/train-labels-idx1-ubyte", idx(0x0801, [1], 1)), "badidx")], /magic/],
  ["truncated IDX", ["train", "--data", (mkdirSync(join(dir, "shortidx")), file("shortidx/train-images-idx3-ubyte.gz", gzipSync(idx(0x0803, [10, 28, 28], 100))), file("shortidx/train-labels-idx1-ubyte.gz", gzipSync(idx(0x0801, [10], 10))), "shortidx")], /truncated|expected \d+ bytes/],
  ["corrupted model file", ["predict", "--model", file("bad-model.json", "{not json"), "--data", "ok.csv"], /bad-model\.json is corrupted: not valid JSON/],
  ["model of another version", ["predict", "--model", file("v9.json", JSON.stringify({ format: "descent-model", version: 9 })), "--data", "ok.csv"], /version 9 model file/],
];

describe("bad input to train and predict", () => {
  for (const [what, args, message] of cases) {
    test(what, async () => {
      const before = readdirSync(dir).length;
      const r = await run(args, dir);
      assert.equal(r.code, 2, `exit code for ${what}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split("\n").length, 1, `one line: ${r.err}`);
      assert.ok(!/\n\s+at /.test(r.err), "no stack trace");
      assert.equal(readdirSync(dir).length, before, "no file written");
    });
  }

  test("a batch larger than the data trains, with a note", async () => {
    const r = await run(["train", "--data", "iris", "--batch-size", "1000", "--epochs", "1"], dir);
    assert.equal(r.code, 0);
    assert.match(r.err, /batch size 1000 is larger than the 120 training rows/);
  });
});
