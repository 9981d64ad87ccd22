import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { loadIdxFolder, makeDataset } from "../../src/data/index.node.js";
import { ShapeError } from "../../src/errors.js";
import { meanPool, poolDataset } from "../../src/study/index.js";

describe("14×14 reduction by 2×2 mean pooling", () => {
  test("a 4×4 image pools to the means of its four blocks", () => {
    const image = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    assert.deepEqual([...meanPool(image, 1, 4, 2)], [3.5, 5.5, 11.5, 13.5]);
  });

  test("a 28×28 ramp (pixel = 28r + c) becomes 14×14 with pixel (r, c) = 56r + 2c + 14.5, image by image", () => {
    const features = new Float32Array(2 * 784);
    for (let p = 0; p < 784; p++) {
      features[p] = p;
      features[784 + p] = 1000 - p;
    }
    const ds = poolDataset(
      makeDataset({ name: "ramp", features, n: 2, d: 784, featureNames: Array.from({ length: 784 }, (_, k) => `p${k}`), targets: Float32Array.of(0, 1), task: "classification", classes: ["a", "b"], targetName: "y" }),
      2,
    );
    assert.equal(ds.d, 196);
    assert.equal(ds.featureNames[15], "pixel_1_1");
    for (let r = 0; r < 14; r++) {
      for (let c = 0; c < 14; c++) {
        assert.equal(ds.features[r * 14 + c], 56 * r + 2 * c + 14.5);
        assert.equal(ds.features[196 + r * 14 + c], 1000 - (56 * r + 2 * c + 14.5));
      }
    }
  });

  test("sides that the factor does not divide, and non-square rows, are ShapeErrors", () => {
    assert.throws(() => meanPool(new Float32Array(9), 1, 3, 2), ShapeError);
    const ds = makeDataset({ name: "x", features: new Float32Array(6), n: 2, d: 3, featureNames: ["a", "b", "c"], targets: new Float32Array(2), task: "regression", targetName: "y" });
    assert.throws(() => poolDataset(ds, 2), /not a square image/);
  });

  const fashion = "/work/shared/datasets/fashion-mnist";
  test("the first Fashion-MNIST test image: each pooled pixel is the mean of its block of pixels / 255", { skip: !existsSync(fashion) }, () => {
    const raw = loadIdxFolder(fashion, { split: "test" });
    const pooled = poolDataset(raw, 2);
    assert.equal(pooled.n, 10_000);
    assert.equal(pooled.d, 196);
    for (const [r, c] of [[0, 0], [7, 7], [10, 3], [13, 13]] as const) {
      const block = [0, 1].flatMap((dr) => [0, 1].map((dc) => raw.features[(2 * r + dr) * 28 + 2 * c + dc]!));
      assert.equal(pooled.features[r * 14 + c], Math.fround(block.reduce((s, v) => s + v, 0) * 0.25));
    }
    assert.ok(pooled.features.every((v) => v >= 0 && v <= 1));
  });
});
