import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/random.js";
import { batchIndices, gatherRows, gatherValues } from "../../src/data/batches.js";
import { subset, makeDataset } from "../../src/data/dataset.js";

describe("batchIndices", () => {
  test("covers every row once per epoch, last batch partial", () => {
    const { batches, batchSize, clamped } = batchIndices(10, 4, new Rng(1));
    assert.deepEqual(batches.map((b) => b.length), [4, 4, 2]);
    assert.equal(batchSize, 4);
    assert.equal(clamped, false);
    const all = batches.flatMap((b) => Array.from(b)).sort((a, b) => a - b);
    assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test("shuffle is seeded; shuffle: false keeps order; dropLast drops the remainder", () => {
    const a = batchIndices(10, 3, new Rng(5)).batches.map((b) => Array.from(b));
    const b = batchIndices(10, 3, new Rng(5)).batches.map((x) => Array.from(x));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.flat(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const plain = batchIndices(7, 3, new Rng(1), { shuffle: false, dropLast: true }).batches.map((x) => Array.from(x));
    assert.deepEqual(plain, [[0, 1, 2], [3, 4, 5]]);
  });

  test("a batch size ≥ n gives one full batch, flagged when larger", () => {
    const r = batchIndices(5, 64, new Rng(1));
    assert.equal(r.batches.length, 1);
    assert.equal(r.batches[0]!.length, 5);
    assert.equal(r.batchSize, 5);
    assert.equal(r.clamped, true);
    assert.equal(batchIndices(5, 5, new Rng(1)).clamped, false);
    assert.throws(() => batchIndices(5, 0, new Rng(1)), { name: "OptionError" });
  });
});

describe("gatherRows", () => {
  test("copies rows into a reused buffer and agrees with subset", () => {
    const features = Float32Array.from({ length: 12 }, (_, i) => i); // 4×3
    const out = new Float32Array(9);
    const got = gatherRows(features, 3, Uint32Array.from([2, 0, 3]), out);
    assert.equal(got, out); // exact fit: the buffer itself
    assert.deepEqual(Array.from(got), [6, 7, 8, 0, 1, 2, 9, 10, 11]);
    const smaller = gatherRows(features, 3, [1], out);
    assert.equal(smaller.buffer, out.buffer);
    assert.deepEqual(Array.from(smaller), [3, 4, 5]);
    const ds = makeDataset({
      name: "g", n: 4, d: 3, features, featureNames: ["a", "b", "c"], targets: Float32Array.from([0, 1, 2, 3]),
      task: "regression", targetName: "y",
    });
    const idx = [3, 1];
    assert.deepEqual(gatherRows(features, 3, idx), subset(ds, idx).features);
    assert.deepEqual(gatherValues(ds.targets, idx), subset(ds, idx).targets);
    assert.throws(() => gatherRows(features, 3, [4]), { name: "ShapeError" });
  });
});

describe("subset", () => {
  test("keeps names and classes, rejects rows out of range", () => {
    const ds = makeDataset({
      name: "s", n: 3, d: 1, features: Float32Array.from([10, 20, 30]), featureNames: ["x"],
      targets: Float32Array.from([0, 1, 0]), task: "classification", classes: ["a", "b"], targetName: "y",
    });
    const s = subset(ds, [2, 2, 1]);
    assert.deepEqual(Array.from(s.features), [30, 30, 20]);
    assert.deepEqual(Array.from(s.targets), [0, 0, 1]);
    assert.deepEqual(s.classes, ["a", "b"]);
    assert.equal(s.n, 3);
    assert.throws(() => subset(ds, [3]), { name: "ShapeError", message: 'subset of "s": row index 3 is outside 0..2' });
  });
});
