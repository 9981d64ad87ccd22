import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundledDataDir, listDatasets, loadBundled } from "../../src/data/bundled.node.js";
import { loadDataset } from "../../src/data/load.node.js";
import { classCounts } from "../../src/data/dataset.js";

describe("bundled datasets", () => {
  test("breast-cancer: 569×30, 212 malignant / 357 benign, scikit-learn feature names", () => {
    const ds = loadBundled("breast-cancer");
    assert.equal(ds.n, 569);
    assert.equal(ds.d, 30);
    assert.equal(ds.task, "classification");
    assert.deepEqual(ds.classes, ["malignant", "benign"]);
    assert.deepEqual(classCounts(ds), [212, 357]);
    assert.equal(ds.featureNames[0], "mean radius");
    assert.equal(ds.featureNames[10], "radius error");
    assert.equal(ds.featureNames[29], "worst fractal dimension");
    assert.equal(ds.features[0], Math.fround(17.99)); // first value in the file
  });

  test("iris: 150×4, three species of 50", () => {
    const ds = loadBundled("iris");
    assert.equal(ds.n, 150);
    assert.equal(ds.d, 4);
    assert.deepEqual(ds.classes, ["setosa", "versicolor", "virginica"]);
    assert.deepEqual(classCounts(ds), [50, 50, 50]);
    assert.deepEqual(ds.featureNames, ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]);
    assert.deepEqual(Array.from(ds.features.subarray(0, 4)), [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  });

  test("wine: 178×13, classes 59/71/48", () => {
    const ds = loadBundled("wine");
    assert.equal(ds.n, 178);
    assert.equal(ds.d, 13);
    assert.deepEqual(ds.classes, ["class_0", "class_1", "class_2"]);
    assert.deepEqual(classCounts(ds), [59, 71, 48]);
    assert.equal(ds.featureNames[12], "proline");
  });

  test("digits: 1797×64, 10 classes, pixels 0..16", () => {
    const ds = loadBundled("digits");
    assert.equal(ds.n, 1797);
    assert.equal(ds.d, 64);
    assert.deepEqual(ds.classes, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    assert.equal(classCounts(ds).reduce((a, b) => a + b), 1797);
    assert.deepEqual(Array.from(ds.targets.subarray(0, 3)), [0, 1, 2]);
    assert.equal(Math.max(...ds.features), 16);
    assert.equal(ds.featureNames[63], "pixel_7_7");
  });

  test("diabetes: 442×10 regression", () => {
    const ds = loadBundled("diabetes");
    assert.equal(ds.n, 442);
    assert.equal(ds.d, 10);
    assert.equal(ds.task, "regression");
    assert.equal(ds.classes, undefined);
    assert.deepEqual(ds.featureNames, ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]);
    assert.deepEqual(Array.from(ds.targets.subarray(0, 3)), [151, 75, 141]);
    assert.deepEqual(Array.from(ds.features.subarray(0, 3)), [59, 2, 32.1].map(Math.fround));
  });

  test("listDatasets agrees with what loads, and each has its description file", () => {
    const infos = listDatasets();
    assert.deepEqual(infos.map((i) => i.name), ["breast-cancer", "iris", "wine", "digits", "diabetes"]);
    for (const info of infos) {
      const ds = loadBundled(info.name);
      assert.equal(ds.n, info.rows, info.name);
      assert.equal(ds.d, info.features, info.name);
      assert.equal(ds.task, info.task, info.name);
      assert.ok(info.description.length > 10 && !info.description.includes("\n"));
      assert.ok(existsSync(join(bundledDataDir(), info.descriptionFile)), info.descriptionFile);
    }
    assert.ok(existsSync(join(bundledDataDir(), "LICENSE-DATA.md")));
  });

  test("unknown names list the bundled ones", () => {
    assert.throws(() => loadBundled("mnist"), {
      name: "DataError",
      message: 'no bundled dataset "mnist" (bundled: breast-cancer, iris, wine, digits, diabetes)',
    });
  });
});

describe("loadDataset", () => {
  test("a bundled name, a CSV path, an unknown name, a missing path", () => {
    assert.equal(loadDataset("iris").n, 150);
    assert.equal(loadDataset(join(bundledDataDir(), "wine_data.csv")).n, 178);
    assert.throws(() => loadDataset("irises"), {
      name: "DataError",
      message: 'no dataset "irises": not a bundled dataset (breast-cancer, iris, wine, digits, diabetes), a downloadable one (fashion-mnist), nor a file',
    });
    assert.throws(() => loadDataset("missing/x.csv"), { message: "cannot read missing/x.csv: no such file" });
  });
});
