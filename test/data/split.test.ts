import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { trainTestSplit } from "../../src/data/split.js";
import { classCounts, makeDataset, type Dataset } from "../../src/data/dataset.js";
import { loadBundled } from "../../src/data/bundled.node.js";
import { fitStandardizer, applyStandardizer, standardizerToJSON, standardizerFromJSON } from "../../src/data/standardize.js";

/** n rows whose single feature is the row index, so rows can be traced after a split. */
function indexed(labels: number[], classes = ["a", "b", "c"]): Dataset {
  const n = labels.length;
  return makeDataset({
    name: "t", n, d: 1, features: Float32Array.from(labels, (_, i) => i), featureNames: ["i"],
    targets: Float32Array.from(labels), task: "classification", classes, targetName: "y",
  });
}

describe("trainTestSplit", () => {
  test("stratified: each class keeps its share (iris 150 → 30 test, 10 per species)", () => {
    const { train, test: testPart } = trainTestSplit(loadBundled("iris"), { seed: 7 });
    assert.equal(testPart.n, 30);
    assert.equal(train.n, 120);
    assert.deepEqual(classCounts(testPart), [10, 10, 10]);
    assert.deepEqual(classCounts(train), [40, 40, 40]);
  });

  test("stratified with rounding: breast cancer 569 × 0.2 → 114 test rows, 42/72", () => {
    const { test: t } = trainTestSplit(loadBundled("breast-cancer"));
    assert.equal(t.n, 114);
    assert.deepEqual(classCounts(t), [42, 72]); // 212·0.2003 = 42.47, 357·0.2003 = 71.53
  });

  test("deterministic by seed, different across seeds, a partition of the rows", () => {
    const ds = indexed(Array.from({ length: 50 }, (_, i) => i % 3));
    const a = trainTestSplit(ds, { seed: 3 });
    const b = trainTestSplit(ds, { seed: 3 });
    const c = trainTestSplit(ds, { seed: 4 });
    assert.deepEqual(a.testIndices, b.testIndices);
    assert.deepEqual(a.trainIndices, b.trainIndices);
    assert.notDeepEqual(a.testIndices, c.testIndices);
    const all = [...a.trainIndices, ...a.testIndices].sort((x, y) => x - y);
    assert.deepEqual(all, Array.from({ length: 50 }, (_, i) => i));
    // Rows follow their indices.
    assert.deepEqual(Array.from(a.test.features), Array.from(a.testIndices));
    assert.equal(a.test.name, "t (test)");
  });

  test("property: stratified test counts are within one of each class's exact share", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 10, maxLength: 80 }), fc.integer(), (labels, seed) => {
        const ds = indexed(labels);
        const { test: t, train } = trainTestSplit(ds, { seed, testFraction: 0.25 });
        assert.equal(t.n, Math.round(labels.length * 0.25));
        assert.equal(t.n + train.n, labels.length);
        const all = classCounts(ds);
        classCounts(t).forEach((k, c) => assert.ok(Math.abs(k - (all[c]! * t.n) / ds.n) < 1));
      }),
    );
  });

  test("regression splits without stratifying", () => {
    const { test: t } = trainTestSplit(loadBundled("diabetes"), { testFraction: 0.1 });
    assert.equal(t.n, 44);
    assert.equal(t.task, "regression");
  });

  test("bad fractions are OptionErrors", () => {
    const ds = indexed([0, 1, 0, 1]);
    assert.throws(() => trainTestSplit(ds, { testFraction: 1 }), { name: "OptionError" });
    assert.throws(() => trainTestSplit(ds, { testFraction: 0.05 }), {
      name: "OptionError",
      message: "a test share of 0.05 of 4 rows leaves no test rows; use a larger share or more rows",
    });
  });
});

describe("standardizer", () => {
  test("population mean/std; constant columns get std 1", () => {
    const ds = makeDataset({
      name: "s", n: 4, d: 2, features: Float32Array.from([1, 5, 2, 5, 3, 5, 4, 5]), featureNames: ["a", "b"],
      targets: new Float32Array(4), task: "regression", targetName: "y",
    });
    const s = fitStandardizer(ds);
    assert.deepEqual(Array.from(s.mean), [2.5, 5]);
    assert.deepEqual(Array.from(s.std), [Math.sqrt(1.25), 1]);
    const z = applyStandardizer(ds, s);
    assert.deepEqual(Array.from(z.features), [-1.5, 0, -0.5, 0, 0.5, 0, 1.5, 0].map((v) => Math.fround(v / (v === 0 ? 1 : Math.sqrt(1.25)))));
  });

  test("fitted on the training part only: train is standardized exactly, test is not", () => {
    const { train, test: t } = trainTestSplit(loadBundled("wine"), { seed: 2 });
    const s = fitStandardizer(train);
    const zTrain = fitStandardizer(applyStandardizer(train, s));
    const zTest = fitStandardizer(applyStandardizer(t, s));
    for (let j = 0; j < train.d; j++) {
      assert.ok(Math.abs(zTrain.mean[j]!) < 1e-5);
      assert.ok(Math.abs(zTrain.std[j]! - 1) < 1e-5);
    }
    // The test set has its own statistics, so its standardized means are not all ~0.
    assert.ok(Array.from(zTest.mean).some((m) => Math.abs(m) > 0.05));
    assert.notDeepEqual(Array.from(fitStandardizer(t).mean), Array.from(s.mean));
  });

  test("JSON round trip through plain arrays", () => {
    const s = fitStandardizer(loadBundled("iris"));
    const json = JSON.parse(JSON.stringify(standardizerToJSON(s)));
    assert.ok(Array.isArray(json.mean));
    assert.deepEqual(standardizerFromJSON(json), s);
    assert.throws(() => standardizerFromJSON({ mean: [0], std: [0] }), { name: "DataError" });
    assert.throws(() => applyStandardizer(loadBundled("wine"), s), { name: "ShapeError" });
  });
});
