import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { TableBuilder, encodeRows, encodedNames, fitColumns, selectRows, type Table } from "../../src/data/index.js";
import { DataError } from "../../src/errors.js";

function table(names: string[], rows: string[][], source = "t.csv"): Table {
  const b = new TableBuilder(names, source, true);
  rows.forEach((r, i) => b.add(r, i + 2));
  return b.take();
}

describe("table builder", () => {
  test("numeric columns keep numbers only; a text cell keeps the column's cells as written", () => {
    const t = table(["a", "city"], [["1", "1"], ["NA", "Paris"], ["2.5", "?"]]);
    assert.deepEqual(Array.from(t.columns[0]!.values), [1, NaN, 2.5]);
    assert.equal(t.columns[0]!.text, null);
    assert.deepEqual(Array.from(t.columns[0]!.missing), [0, 1, 0]);
    assert.deepEqual(t.columns[1]!.text, ["1", "Paris", "?"]);
    assert.deepEqual(Array.from(t.columns[1]!.missing), [0, 0, 1]);
    assert.deepEqual(Array.from(t.lines), [2, 3, 4]);
    assert.throws(() => new TableBuilder(["a", "b"], "t.csv", true).add(["1"], 7), (e: unknown) => e instanceof DataError && e.message === "t.csv: row 7 has 1 fields, expected 2");
  });

  test("take() hands over the rows so far and starts again (chunks)", () => {
    const b = new TableBuilder(["a"], "t.csv", true);
    b.add(["1"], 2);
    assert.equal(b.take().n, 1);
    b.add(["x"], 3);
    b.add(["2"], 4);
    const t = b.take();
    assert.deepEqual(t.columns[0]!.text, ["x", "2"]);
    assert.deepEqual(Array.from(t.lines), [3, 4]);
  });

  test("decimal comma and thousands dialects", () => {
    const b = new TableBuilder(["a", "b"], "t.csv", true, { decimal: ",", thousands: "." });
    b.add(["3,5", "1.234,5"], 2);
    assert.deepEqual(Array.from(b.take().columns.map((c) => c.values[0])), [3.5, 1234.5]);
    const c = new TableBuilder(["price"], "t.csv", true, { thousands: "," });
    c.add(["$179,200"], 2);
    assert.equal(c.take().columns[0]!.values[0], 179200);
  });
});

describe("column encodings", () => {
  const train = table(["id", "city", "age", "y"], [
    ["1", "Paris", "30", "no"], ["2", "Berlin", "NA", "yes"], ["3", "Paris", "50", "no"], ["4", "", "10", "no"],
  ]);

  test("fit on training rows: sorted categories, mean/median/most-frequent imputation", () => {
    assert.deepEqual(fitColumns(train, [1, 2], { impute: "mean" }), [
      { name: "city", kind: "categorical", categories: ["Berlin", "Paris"], impute: "Paris" },
      { name: "age", kind: "numeric", impute: 30 },
    ]);
    assert.equal((fitColumns(train, [2], { impute: "median" })[0] as { impute: number }).impute, 30);
    assert.deepEqual(fitColumns(train, [0], { categorical: new Set([0]) }), [{ name: "id", kind: "categorical", categories: ["1", "2", "3", "4"] }]);
    assert.deepEqual(fitColumns(selectRows(train, [1]), [1]), [{ name: "city", kind: "categorical", categories: ["Berlin"] }]);
  });

  test("encode by name: one-hot, imputed cells, unseen categories as zeros and counted", () => {
    const columns = fitColumns(train, [1, 2], { impute: "median" });
    assert.deepEqual(encodedNames(columns), ["city=Berlin", "city=Paris", "age"]);
    // Columns in another order, an extra column, an unseen city and missing cells.
    const rows = table(["age", "extra", "city"], [["20", "x", "Paris"], ["?", "y", "Rome"], ["40", "z", "NA"]]);
    const { features, unseen } = encodeRows(rows, columns);
    assert.deepEqual(Array.from(features), [0, 1, 20, 0, 0, 30, 0, 1, 40]);
    assert.deepEqual([...unseen], [["city", 1]]);
  });

  test("a missing column or an unimputable missing cell is a DataError naming it", () => {
    const columns = fitColumns(train, [1, 2]);
    assert.throws(() => encodeRows(table(["city"], [["Paris"]]), columns), (e: unknown) => e instanceof DataError && e.message === 't.csv: no column "age", which the model uses as a feature (columns: city)');
    assert.throws(() => encodeRows(table(["city", "age"], [["Paris", "1"], ["Paris", ""]]), columns), /^DataError: t.csv: row 3, column "age" \(2\): missing cell, and the model has no imputation value for it \(train with --impute\)$/);
    assert.throws(() => encodeRows(table(["city", "age"], [["Paris", "old"]]), columns), /t.csv: row 2, column "age" \(2\): "old" is not a number/);
  });
});
