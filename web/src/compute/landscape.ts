/**
 * The loss landscape around the current weights, as Li et al. (2018, "Visualizing the Loss
 * Landscape of Neural Nets") draw it: (1) a 2-D slice along two random directions, each
 * filter-normalized (every neuron's incoming weights scaled to the norm of that neuron's weights;
 * bias directions zero); (2) the training trajectory projected onto the top two PCA directions of
 * (θ_i − θ_now), with the loss on that plane; (3) the loss on the line from the start to now.
 */
import { symmetricEigen } from "../../../src/curvature/index.js";
import { flattenParams, unflattenParams } from "../../../src/optim/index.js";
import { linspace, type Grid } from "../../../src/plot/index.js";
import { layerSizes, parameterNames, type ModelSpec, type Params } from "../../../src/train/index.js";
import { Rng } from "../lib.js";

export interface Landscape {
  random: Grid;
  pca: { grid: Grid; path: [number, number][]; explained: [number, number] } | null;
  line: { t: number[]; loss: number[] };
}

/** All parameters in one array, in layer order. */
export function flatten(spec: ModelSpec, params: Params): Float32Array {
  return flattenParams(params, parameterNames(spec), Float32Array);
}

/** A Gaussian direction with each neuron's weights scaled to that neuron's norm in θ; biases 0. */
function filterNormalizedDirection(spec: ModelSpec, theta: Float32Array, rng: Rng): Float64Array {
  const sizes = layerSizes(spec);
  const d = new Float64Array(theta.length);
  let o = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    // Weights are stored [in, out] row-major: neuron j's incoming weights are column j.
    for (let j = 0; j < fanOut; j++) {
      let dn = 0;
      let tn = 0;
      for (let i = 0; i < fanIn; i++) {
        const k = o + i * fanOut + j;
        d[k] = rng.normal();
        dn += d[k]! ** 2;
        tn += theta[k]! ** 2;
      }
      const s = Math.sqrt(tn) / (Math.sqrt(dn) || 1);
      for (let i = 0; i < fanIn; i++) d[o + i * fanOut + j]! *= s;
    }
    o += fanIn * fanOut + fanOut; // the bias direction stays 0
  }
  return d;
}

export interface LandscapeInput {
  spec: ModelSpec;
  theta: Float32Array;
  start: Float32Array;
  /** Weights recorded along the way (oldest first). */
  trajectory: Float32Array[];
  /** The training loss at a weight vector. */
  lossAt(params: Params): number;
  scratch: Params;
  seed: number;
  size?: number;
}

/** The landscape, computed at once (in Node tests; the worker takes it in slices: `landscapeSteps`). */
export function computeLandscape(input: LandscapeInput): Landscape {
  const steps = landscapeSteps(input);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The landscape as a computation that yields after every row of loss values (25 of a few hundred
 * forward passes each), so the worker running it can read its messages between rows: a Play or
 * Pause is answered while a landscape is being computed, not after it.
 */
export function* landscapeSteps(input: LandscapeInput): Generator<void, Landscape, void> {
  const { spec, theta, scratch } = input;
  const n = input.size ?? 25;
  const p = theta.length;
  const point = new Float64Array(p);
  const names = parameterNames(spec);
  const lossAlong = (a: number, da: ArrayLike<number>, b: number, db: ArrayLike<number>) => {
    for (let i = 0; i < p; i++) point[i] = theta[i]! + a * da[i]! + b * db[i]!;
    return input.lossAt(unflattenParams(point, scratch, names));
  };
  function* sample(range: [number, number, number, number], da: ArrayLike<number>, db: ArrayLike<number>): Generator<void, Grid, void> {
    const xs = linspace(range[0], range[1], n);
    const ys = linspace(range[2], range[3], n);
    const values = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) values[j * n + i] = lossAlong(xs[i]!, da, ys[j]!, db);
      yield;
    }
    return { xs, ys, values };
  }
  const rng = new Rng(input.seed);
  const d1 = filterNormalizedDirection(spec, theta, rng);
  const d2 = filterNormalizedDirection(spec, theta, rng);
  const random = yield* sample([-1, 1, -1, 1], d1, d2);

  // PCA of the trajectory relative to now, through the small k×k Gram matrix.
  let pca: Landscape["pca"] = null;
  const rows = input.trajectory.map((t) => Float64Array.from(t, (v, i) => v - theta[i]!));
  if (rows.length >= 3) {
    const gram = rows.map((a) => rows.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0)));
    const eig = symmetricEigen(gram);
    const total = eig.values.reduce((s, v) => s + Math.max(0, v), 0);
    const dirs = [0, 1].map((k) => {
      const u = eig.vectors[k]!;
      const v = new Float64Array(p);
      rows.forEach((r, i) => { for (let c = 0; c < p; c++) v[c]! += u[i]! * r[c]!; });
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
    if (eig.values[1]! > 1e-12 * (eig.values[0]! || 1)) {
      const path = rows.map((r): [number, number] => [dirs[0]!.reduce((s, v, i) => s + v * r[i]!, 0), dirs[1]!.reduce((s, v, i) => s + v * r[i]!, 0)]);
      path.push([0, 0]);
      const span = (k: 0 | 1): [number, number] => {
        const lo = Math.min(...path.map((q) => q[k]));
        const hi = Math.max(...path.map((q) => q[k]));
        const pad = 0.2 * (hi - lo || 1);
        return [lo - pad, hi + pad];
      };
      const [x0, x1] = span(0);
      const [y0, y1] = span(1);
      pca = { grid: yield* sample([x0, x1, y0, y1], dirs[0]!, dirs[1]!), path, explained: [eig.values[0]! / total, eig.values[1]! / total] };
    }
  }

  // The line θ(t) = start + t·(now − start): t = 0 is the start, t = 1 now.
  const toStart = Float64Array.from(theta, (v, i) => input.start[i]! - v);
  const t = linspace(-0.25, 1.25, 31);
  const zero = new Float64Array(p);
  const line = { t, loss: t.map((s) => lossAlong(1 - s, toStart, 0, zero)) };
  return { random, pca, line };
}
