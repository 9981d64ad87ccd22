/**
 * The network view's 2-D data sets, as TensorFlow Playground draws them: points in about
 * [−1, 1]², deterministic for a seed. `noise` (0 … 0.5) is the standard deviation of the
 * Gaussian jitter added to each coordinate (the regression surface's noise is added to the value).
 */
import { makeDataset, Rng, type Dataset } from "../lib.js";

export const NET_DATASETS = ["circle", "xor", "gauss", "spiral", "moons", "spiral3", "surface"] as const;
export type NetDataset = (typeof NET_DATASETS)[number];

export const NET_DATASET_LABELS: Record<NetDataset, string> = {
  circle: "circle (2 classes)",
  xor: "xor (2 classes)",
  gauss: "Gaussian clusters (2 classes)",
  spiral: "spiral (2 classes)",
  moons: "moons (2 classes)",
  spiral3: "3 spirals (3 classes)",
  surface: "surface (regression)",
};

/** Half the side of the square the heat map covers. */
export const NET_EXTENT = 1.3;

/** Points per data set (before the train/test split). */
export const NET_POINTS = 400;

type Point = [number, number, number];

function spiralArms(rng: Rng, n: number, arms: number, noise: number): Point[] {
  const out: Point[] = [];
  const perArm = Math.floor(n / arms);
  for (let k = 0; k < arms; k++) {
    for (let i = 0; i < perArm; i++) {
      const r = 0.05 + (0.9 * i) / perArm;
      const t = (1.6 * 2 * Math.PI * i) / perArm + (2 * Math.PI * k) / arms;
      out.push([r * Math.sin(t) + noise * rng.normal(), r * Math.cos(t) + noise * rng.normal(), k]);
    }
  }
  return out;
}

function generate(name: NetDataset, rng: Rng, n: number, noise: number): Point[] {
  const jitter = () => noise * rng.normal();
  const out: Point[] = [];
  switch (name) {
    case "circle":
      for (let i = 0; i < n; i++) {
        const inside = i % 2 === 0;
        const r = inside ? rng.uniform(0, 0.45) : rng.uniform(0.65, 1);
        const t = rng.uniform(0, 2 * Math.PI);
        out.push([r * Math.cos(t) + jitter(), r * Math.sin(t) + jitter(), inside ? 1 : 0]);
      }
      return out;
    case "xor":
      for (let i = 0; i < n; i++) {
        const pad = (v: number) => v + (v > 0 ? 0.05 : -0.05);
        const x = pad(rng.uniform(-0.95, 0.95));
        const y = pad(rng.uniform(-0.95, 0.95));
        out.push([x + jitter(), y + jitter(), x * y > 0 ? 1 : 0]);
      }
      return out;
    case "gauss":
      for (let i = 0; i < n; i++) {
        const c = i % 2;
        const centre = c === 1 ? 0.45 : -0.45;
        const sd = 0.15 + noise;
        out.push([centre + sd * rng.normal(), centre + sd * rng.normal(), c]);
      }
      return out;
    case "spiral":
      return spiralArms(rng, n, 2, noise);
    case "spiral3":
      return spiralArms(rng, n, 3, noise);
    case "moons":
      // scikit-learn's make_moons, shifted and scaled into the square.
      for (let i = 0; i < n; i++) {
        const c = i % 2;
        const t = rng.uniform(0, Math.PI);
        const [x, y] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
        out.push([(x - 0.5) / 1.6 + jitter(), (y - 0.25) / 1.6 + jitter(), c]);
      }
      return out;
    case "surface":
      for (let i = 0; i < n; i++) {
        const x = rng.uniform(-1, 1);
        const y = rng.uniform(-1, 1);
        out.push([x, y, surfaceValue(x, y) + jitter()]);
      }
      return out;
  }
}

/** The regression data set's noiseless surface. */
export function surfaceValue(x: number, y: number): number {
  return Math.sin(2.5 * x) * Math.cos(2 * y);
}

/** The named data set as a library Dataset (features x1, x2; class labels or values). */
export function netDataset(name: NetDataset, noise: number, seed: number, n = NET_POINTS): Dataset {
  const points = generate(name, new Rng(seed), n, noise);
  const regression = name === "surface";
  const classes = name === "spiral3" ? ["0", "1", "2"] : ["0", "1"];
  const features = new Float32Array(points.length * 2);
  const targets = new Float32Array(points.length);
  points.forEach(([x, y, t], i) => {
    features[2 * i] = x;
    features[2 * i + 1] = y;
    targets[i] = t;
  });
  return makeDataset({
    name,
    features,
    n: points.length,
    d: 2,
    featureNames: ["x1", "x2"],
    targets,
    task: regression ? "regression" : "classification",
    ...(regression ? {} : { classes }),
    targetName: regression ? "z" : "class",
  });
}
