import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { csvToDataset } from "../../src/data/csv-dataset.js";
import { loadCsv } from "../../src/data/load.node.js";
import { classCounts } from "../../src/data/dataset.js";

const src = { source: "data.csv" };

function fails(text: string, message: string, options: Parameters<typeof csvToDataset>[1] = {}): void {
  assert.throws(() => csvToDataset(text, { ...src, ...options }), { name: "DataError", message });
}

describe("csvToDataset: reading", () => {
  test("header row, numeric features, text labels sorted alphabetically", () => {
    const ds = csvToDataset("radius,texture,kind\n1.5,2,b\n3,4e-1,a\n-5,.5,b\n", src);
    assert.equal(ds.n, 3);
    assert.equal(ds.d, 2);
    assert.deepEqual(ds.featureNames, ["radius", "texture"]);
    assert.equal(ds.targetName, "kind");
    assert.deepEqual(Array.from(ds.features), [1.5, 2, 3, Math.fround(0.4), -5, 0.5]);
    assert.equal(ds.task, "classification");
    assert.deepEqual(ds.classes, ["a", "b"]);
    assert.deepEqual(Array.from(ds.targets), [1, 0, 1]);
    assert.deepEqual(classCounts(ds), [1, 2]);
  });

  test("no header when the first row is numeric; columns are named column1..", () => {
    const ds = csvToDataset("1,2,0\n3,4,1\n", src);
    assert.equal(ds.n, 2);
    assert.deepEqual(ds.featureNames, ["column1", "column2"]);
    assert.equal(ds.targetName, "column3");
  });

  test("header detected even when the label column is text in data rows", () => {
    const ds = csvToDataset("a,b,label\n1,2,cat\n3,4,dog\n", src);
    assert.equal(ds.n, 2);
    assert.deepEqual(ds.classes, ["cat", "dog"]);
  });

  test("header: false keeps a text first row as data (its column then holds text: categorical)", () => {
    const ds = csvToDataset("a,b,y\n1,2,0\n3,4,1\n", { ...src, header: false });
    assert.deepEqual(ds.featureNames, ["column1=1", "column1=3", "column1=a", "column2=2", "column2=4", "column2=b"]);
    assert.deepEqual(ds.classes, ["0", "1", "y"]);
  });

  test("header: true takes a numeric first row as names", () => {
    const ds = csvToDataset("10,20,30\n1,2,0\n3,4,1\n", { ...src, header: true });
    assert.deepEqual(ds.featureNames, ["10", "20"]);
    assert.equal(ds.n, 2);
  });

  test("target by name or 0-based index", () => {
    const text = "y,a,b\n0,1,2\n1,3,4\n";
    const byName = csvToDataset(text, { ...src, target: "y" });
    const byIndex = csvToDataset(text, { ...src, target: 0 });
    for (const ds of [byName, byIndex]) {
      assert.deepEqual(ds.featureNames, ["a", "b"]);
      assert.deepEqual(Array.from(ds.features), [1, 2, 3, 4]);
      assert.deepEqual(Array.from(ds.targets), [0, 1]);
    }
  });

  test("integer labels with few values → classification, indexed by sorted value", () => {
    const ds = csvToDataset("x,y\n1,3\n2,1\n3,2\n4,3\n", src);
    assert.equal(ds.task, "classification");
    assert.deepEqual(ds.classes, ["1", "2", "3"]);
    assert.deepEqual(Array.from(ds.targets), [2, 0, 1, 2]);
  });

  test("float labels → regression; many distinct integers → regression", () => {
    const floats = csvToDataset("x,y\n1,0.5\n2,1.5\n", src);
    assert.equal(floats.task, "regression");
    assert.equal(floats.classes, undefined);
    assert.deepEqual(Array.from(floats.targets), [0.5, 1.5]);
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i * 7}`).join("\n");
    assert.equal(csvToDataset(`x,y\n${rows}\n`, src).task, "regression");
  });

  test("task overrides detection", () => {
    const ds = csvToDataset("x,y\n1,0\n2,1\n", { ...src, task: "regression" });
    assert.equal(ds.task, "regression");
    const cls = csvToDataset("x,y\n1,0.5\n2,1.5\n", { ...src, task: "classification" });
    assert.deepEqual(cls.classes, ["0.5", "1.5"]);
  });

  test("explicit class order", () => {
    const ds = csvToDataset("x,y\n1,lo\n2,hi\n", { ...src, classes: ["lo", "hi"] });
    assert.deepEqual(Array.from(ds.targets), [0, 1]);
    fails("x,y\n1,lo\n2,mid\n", 'data.csv: row 3, column "y" (2): label "mid" is not one of the classes (lo, hi)', {
      classes: ["lo", "hi"],
    });
  });

  test("semicolon, tab and whitespace files", () => {
    for (const text of ["a;b;y\n1;2;0\n3;4;1\n", "a\tb\ty\n1\t2\t0\n3\t4\t1\n", "a b y\n1  2 0\n 3 4 1\n"]) {
      const ds = csvToDataset(text, src);
      assert.deepEqual(Array.from(ds.features), [1, 2, 3, 4]);
      assert.deepEqual(ds.featureNames, ["a", "b"]);
    }
  });

  test("quoted header names and quoted numbers", () => {
    const ds = csvToDataset('"mean radius","a, b",y\n"1.5",2,0\n3,4,1\n', src);
    assert.deepEqual(ds.featureNames, ["mean radius", "a, b"]);
    assert.equal(ds.features[0], 1.5);
  });

  test("a scikit-learn first line supplies class names", () => {
    const ds = csvToDataset("3,2,no,yes\n1,2,0\n3,4,1\n5,6,1\n", src);
    assert.equal(ds.n, 3);
    assert.deepEqual(ds.classes, ["no", "yes"]);
    assert.deepEqual(Array.from(ds.targets), [0, 1, 1]);
  });
});

describe("csvToDataset: errors name file, line and column", () => {
  test("ragged row", () => {
    fails("a,b,c,y\n1,2,3,0\n1,2,3,1\n1,2,3,0\n1,2,3,1\n1,2,3,0\n1,2,0\n", "data.csv: row 7 has 3 fields, expected 4");
  });
  test("ragged row counts lines inside quotes and blank lines", () => {
    fails('a,b,y\n1,2,"x\ny"\n\n1,2\n', "data.csv: row 5 has 2 fields, expected 3", { header: true });
  });
  test("a text cell makes its column categorical, with a note", () => {
    const rows = Array.from({ length: 10 }, () => "1,2,3,0").join("\n");
    const ds = csvToDataset(`a,b,radius,y\n${rows}\n1,2,abc,1\n`, src);
    assert.deepEqual(ds.featureNames, ["a", "b", "radius=3", "radius=abc"]);
    assert.deepEqual(ds.notes, [
      "note: one-hot encoding 1 categorical column (categories): radius (2)",
      'note: target "y" has 2 integer values, so this is classification (--task regression to predict it as a number)',
    ]);
  });
  test("NaN is a missing cell; Infinity and overflowing numbers are refused", () => {
    fails("a,y\n1,0\nNaN,1\n", "data.csv: missing cells in 1 column: a (1); fill them with --impute mean|median|most-frequent or leave those rows out with --drop-missing");
    fails("a,y\n1,0\n-Infinity,1\n", 'data.csv: row 3, column "a" (1): "-Infinity" is not a finite number');
    fails("a,y\n1,0\n1e999,1\n", 'data.csv: row 3, column "a" (1): "1e999" is not a finite number');
    fails("a,y\n1,0.5\n2,inf\n", 'data.csv: row 3, column "y" (2): "inf" is not a finite number');
  });
  test("empty cell", () => {
    fails("a,b,y\n1,,0\n3,4,1\n", "data.csv: missing cells in 1 column: b (1); fill them with --impute mean|median|most-frequent or leave those rows out with --drop-missing");
  });
  test("missing target column", () => {
    fails("a,b,c\n1,2,0\n3,4,1\n", 'data.csv: no column "foo" (columns: a, b, c)', { target: "foo" });
    fails("a,b,c\n1,2,0\n3,4,1\n", "data.csv: no column 3 (columns are 0..2)", { target: 3 });
  });
  test("single class", () => {
    fails("a,y\n1,cat\n2,cat\n", 'data.csv: target column "y" (2) has a single class ("cat"); classification needs at least 2');
  });
  test("text labels cannot be a regression target", () => {
    fails("a,y\n1,cat\n2,dog\n", 'data.csv: row 2, column "y" (2): "cat" is not a number (a regression target needs numbers)', { task: "regression" });
  });
  test("empty file and header-only file", () => {
    fails("", "data.csv: empty file");
    fails("\n  \n", "data.csv: empty file");
    fails("a,b,y\n", "data.csv: no data rows (only a header)");
  });
});

describe("loadCsv from files", () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "descent-csv-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("reads a file, names the dataset after it, and names the file in errors", () => {
    const path = join(dir, "points.csv");
    writeFileSync(path, "x,label\n1,a\n2,b\n");
    const ds = loadCsv(path);
    assert.equal(ds.name, "points");
    assert.deepEqual(ds.classes, ["a", "b"]);
    writeFileSync(path, "x,label\n1,a\n2\n");
    assert.throws(() => loadCsv(path), { name: "DataError", message: `${path}: row 3 has 1 fields, expected 2` });
  });

  test("reads gzip files", () => {
    const path = join(dir, "z.csv.gz");
    writeFileSync(path, gzipSync("x,y\n1,0\n2,1\n"));
    const ds = loadCsv(path);
    assert.equal(ds.name, "z");
    assert.equal(ds.n, 2);
  });

  test("missing file", () => {
    assert.throws(() => loadCsv("no-such-folder/data.csv"), {
      name: "DataError",
      message: "cannot read no-such-folder/data.csv: no such file",
    });
  });

  test("a folder is not a CSV file", () => {
    assert.throws(() => loadCsv(dir), { name: "DataError", message: `cannot read ${dir}: it is a directory` });
  });

  test("text with a newline is read as CSV text", () => {
    assert.equal(loadCsv("x,y\n1,0\n2,1\n").n, 2);
  });
});

test("an identifier is all-distinct text, or distinct integers named like an ID or numbered in file order; distinct ages are not", () => {
  // 24 rows: ages all different but in no order, an integer ID in file order, an ID-named column out of order.
  const ages = [34, 45, 23, 61, 51, 38, 29, 62, 41, 35, 27, 44, 57, 31, 48, 36, 33, 40, 55, 26, 39, 46, 30, 52];
  const rows = ages.map((age, i) => `${1001 + i},${ages[(i * 7) % 24]! + 100},${age},${i % 3},${i % 2 ? "yes" : "no"}`);
  const ds = csvToDataset(["row,customerId,age,calls,renewed", ...rows].join("\n") + "\n", { source: "people.csv" });
  const warned = (ds.notes ?? []).filter((n) => n.includes("like an identifier")).map((n) => /--drop (\S+)/.exec(n)![1]);
  assert.deepEqual(warned, ["row", "customerId"]);
});
