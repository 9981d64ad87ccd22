import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parseIdx, FASHION_MNIST_CLASSES } from "../../src/data/idx.js";
import { loadIdx, loadIdxFolder } from "../../src/data/idx-folder.node.js";
import { classCounts } from "../../src/data/dataset.js";
import { loadDataset } from "../../src/data/load.node.js";
import { SHARED_DATASETS } from "../shared-data.js";

/** IDX bytes: magic 0x000008<ndim>, big-endian dims, then the data. */
function idxBytes(dims: number[], data: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x800 + dims.length, 0);
  dims.forEach((v, k) => header.writeUInt32BE(v, 4 + 4 * k));
  return Buffer.concat([header, Buffer.from(data)]);
}

// Three 2×2 images and their labels.
const PIXELS = [0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0];
const LABELS = [2, 0, 2];

describe("IDX files", () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "descent-idx-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("raw and gzip files give the same arrays", () => {
    const raw = join(dir, "images.idx3");
    const gz = join(dir, "images.idx3.gz");
    writeFileSync(raw, idxBytes([3, 2, 2], PIXELS));
    writeFileSync(gz, gzipSync(idxBytes([3, 2, 2], PIXELS)));
    for (const path of [raw, gz]) {
      const a = loadIdx(path);
      assert.equal(a.kind, "images");
      assert.deepEqual(a.dims, [3, 2, 2]);
      assert.deepEqual(Array.from(a.data), PIXELS);
    }
    const labels = parseIdx(idxBytes([3], LABELS));
    assert.equal(labels.kind, "labels");
    assert.deepEqual(Array.from(labels.data), LABELS);
  });

  test("wrong magic number says what was found and expected", () => {
    const bytes = idxBytes([3], LABELS);
    bytes.writeUInt32BE(0x00000d03, 0);
    assert.throws(() => parseIdx(bytes, "x.idx"), {
      name: "DataError",
      message: "x.idx: wrong magic number 0x00000d03, expected 0x00000803 (images) or 0x00000801 (labels)",
    });
  });

  test("truncated files say how many bytes were expected and found", () => {
    const bytes = idxBytes([3, 2, 2], PIXELS).subarray(0, 20);
    assert.throws(() => parseIdx(bytes, "x.idx"), {
      name: "DataError",
      message: "x.idx: truncated IDX file: expected 28 bytes, found 20",
    });
    assert.throws(() => parseIdx(bytes.subarray(0, 10), "x.idx"), {
      message: "x.idx: truncated IDX file: expected at least 16 bytes of header, found 10",
    });
    assert.throws(() => parseIdx(bytes.subarray(0, 2), "x.idx"), {
      message: "x.idx: truncated IDX file: expected at least 4 bytes of header, found 2",
    });
  });

  test("a truncated gzip file is a DataError", () => {
    const path = join(dir, "cut.gz");
    const gz = gzipSync(idxBytes([3, 2, 2], PIXELS));
    writeFileSync(path, gz.subarray(0, gz.length - 10));
    assert.throws(() => loadIdx(path), { name: "DataError", message: /^cannot decompress .*cut\.gz: / });
  });

  test("missing file", () => {
    assert.throws(() => loadIdx(join(dir, "nope")), { name: "DataError", message: `cannot read ${join(dir, "nope")}: no such file` });
  });

  test("a folder becomes a dataset with pixels in [0, 1]", () => {
    const folder = join(dir, "mnist-like");
    mkdirSync(folder);
    writeFileSync(join(folder, "t10k-images-idx3-ubyte"), idxBytes([3, 2, 2], PIXELS));
    writeFileSync(join(folder, "t10k-labels-idx1-ubyte.gz"), gzipSync(idxBytes([3], LABELS)));
    const ds = loadIdxFolder(folder, { split: "test" });
    assert.equal(ds.name, "mnist-like/test");
    assert.equal(ds.n, 3);
    assert.equal(ds.d, 4);
    assert.deepEqual(Array.from(ds.features), PIXELS.map((v) => Math.fround(v / 255)));
    assert.deepEqual(Array.from(ds.targets), LABELS);
    assert.deepEqual(ds.classes, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    assert.deepEqual(ds.featureNames, ["pixel_0_0", "pixel_0_1", "pixel_1_0", "pixel_1_1"]);
    assert.deepEqual(loadDataset(folder, { split: "test" }).features, ds.features);
    assert.throws(() => loadIdxFolder(folder, { split: "train" }), {
      name: "DataError",
      message: `${folder}: no train-images-idx3-ubyte or train-images-idx3-ubyte.gz file`,
    });
  });

  test("label and image counts must agree", () => {
    const folder = join(dir, "Fashion-small");
    mkdirSync(folder);
    writeFileSync(join(folder, "train-images-idx3-ubyte"), idxBytes([3, 2, 2], PIXELS));
    writeFileSync(join(folder, "train-labels-idx1-ubyte"), idxBytes([2], [1, 2]));
    assert.throws(() => loadIdxFolder(folder), {
      message: `${join(folder, "train-labels-idx1-ubyte")}: 2 labels for 3 images in ${join(folder, "train-images-idx3-ubyte")}`,
    });
    writeFileSync(join(folder, "train-labels-idx1-ubyte"), idxBytes([3], LABELS));
    assert.deepEqual(loadIdxFolder(folder).classes, FASHION_MNIST_CLASSES);
  });
});

const FASHION = join(SHARED_DATASETS, "fashion-mnist");
test("real Fashion-MNIST test set", { skip: !existsSync(FASHION) && "no Fashion-MNIST folder" }, () => {
  const ds = loadIdxFolder(FASHION, { split: "test" });
  assert.equal(ds.n, 10000);
  assert.equal(ds.d, 784);
  assert.equal(ds.classes![9], "Ankle boot");
  // The first test records are labelled 9 (ankle boot), 2 (pullover), 1, 1, 6.
  assert.deepEqual(Array.from(ds.targets.subarray(0, 5)), [9, 2, 1, 1, 6]);
  assert.deepEqual(classCounts(ds), new Array(10).fill(1000));
  let min = Infinity;
  let max = -Infinity;
  for (const v of ds.features) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
});
