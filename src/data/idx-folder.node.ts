/** Reading IDX files and MNIST-style folders from disk (Node only); the parsing is idx.ts's. */
import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { DataError } from "../errors.js";
import { makeDataset, type Dataset } from "./dataset.js";
import { FASHION_MNIST_CLASSES, parseIdx, type IdxArray } from "./idx.js";
import { maybeGunzip, readBytes } from "./read-file.node.js";

/** Reads an IDX images or labels file, raw or gzip (detected by its 1f 8b magic bytes). */
export function loadIdx(path: string): IdxArray {
  return parseIdx(maybeGunzip(readBytes(path), path), path);
}

export interface IdxFolderOptions {
  /** "train" reads train-*-idx*-ubyte(.gz), "test" reads t10k-*. Default "train". */
  split?: "train" | "test";
  /** Class names by label. Default: Fashion-MNIST's names when the folder's name contains
   * "fashion" (case-insensitive), else "0".."9". */
  classes?: string[];
}

/**
 * Reads an MNIST-style folder (`train-images-idx3-ubyte(.gz)` + `train-labels-idx1-ubyte(.gz)`, or
 * `t10k-…` for the test split) as a classification Dataset with pixels scaled to [0, 1].
 */
export function loadIdxFolder(dir: string, options: IdxFolderOptions = {}): Dataset {
  const split = options.split ?? "train";
  const prefix = split === "train" ? "train" : "t10k";
  const imagesPath = findIdxFile(dir, `${prefix}-images`, "idx3-ubyte");
  const labelsPath = findIdxFile(dir, `${prefix}-labels`, "idx1-ubyte");
  const images = loadIdx(imagesPath);
  const labels = loadIdx(labelsPath);
  if (images.kind !== "images" || labels.kind !== "labels") {
    throw new DataError(`${dir}: ${imagesPath} must hold images and ${labelsPath} labels`);
  }
  const [n, rows, cols] = images.dims as [number, number, number];
  if (labels.dims[0] !== n) {
    throw new DataError(`${labelsPath}: ${labels.dims[0]} labels for ${n} images in ${imagesPath}`);
  }
  const folderName = basename(resolve(dir));
  const classes = options.classes ??
    (/fashion/i.test(folderName) ? FASHION_MNIST_CLASSES : Array.from({ length: 10 }, (_, k) => String(k)));
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.data[i]!;
    if (label >= classes.length) {
      throw new DataError(`${labelsPath}: label ${label} at record ${i + 1} has no class name (${classes.length} classes)`);
    }
    targets[i] = label;
  }
  const d = rows * cols;
  return makeDataset({
    name: `${folderName}/${split}`,
    features: scalePixels(images.data),
    n,
    d,
    featureNames: Array.from({ length: d }, (_, k) => `pixel_${Math.floor(k / cols)}_${k % cols}`),
    targets,
    task: "classification",
    classes: [...classes],
    targetName: "label",
  });
}

/** Bytes 0..255 → float32 in [0, 1]: each value is fround(v / 255). */
function scalePixels(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

function findIdxFile(dir: string, stem: string, suffix: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DataError(`cannot read ${dir}: no such folder`);
  for (const name of [`${stem}-${suffix}`, `${stem}.${suffix}`]) {
    for (const ext of ["", ".gz"]) {
      const path = join(dir, name + ext);
      if (existsSync(path)) return path;
    }
  }
  throw new DataError(`${dir}: no ${stem}-${suffix} or ${stem}-${suffix}.gz file`);
}

