/** Small fixtures for the training tests: tiny datasets built by hand or from a seeded generator. */
import { makeDataset, type Dataset } from "../../src/data/index.js";
import { Rng } from "../../src/random.js";

/** y = 2·x0 − 3·x1 + 0.5 + noise, n rows. */
export function linearData(n: number, seed = 7, noise = 0.1): Dataset {
  const rng = new Rng(seed);
  const features = new Float32Array(n * 2);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    features[2 * i] = a;
    features[2 * i + 1] = b;
    targets[i] = 2 * a - 3 * b + 0.5 + noise * rng.normal();
  }
  return makeDataset({ name: "linear", features, n, d: 2, featureNames: ["a", "b"], targets, task: "regression", targetName: "y" });
}

/** Three Gaussian blobs in 2-D, classes "a", "b", "c". */
export function blobs(n: number, seed = 3): Dataset {
  const rng = new Rng(seed);
  const centres = [[-2, 0], [2, 0], [0, 2.5]];
  const features = new Float32Array(n * 2);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    features[2 * i] = centres[c]![0]! + rng.normal() * 0.7;
    features[2 * i + 1] = centres[c]![1]! + rng.normal() * 0.7;
    targets[i] = c;
  }
  return makeDataset({ name: "blobs", features, n, d: 2, featureNames: ["x", "y"], targets, task: "classification", classes: ["a", "b", "c"], targetName: "class" });
}

/** Bytes of every parameter, for byte-for-byte comparisons. */
export function paramBytes(params: Record<string, Float32Array>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(params)) out[k] = Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  return out;
}

/** History without the wall-clock seconds (the only field allowed to differ between runs). */
export function withoutSeconds<T extends { seconds: number }>(records: T[]): Omit<T, "seconds">[] {
  return records.map(({ seconds: _s, ...rest }) => rest);
}
