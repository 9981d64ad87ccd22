/**
 * W3: one Adam step (lr 1e-3) on an n-element float32 parameter with a given gradient. Adam
 * reads p, g, m, v and writes p, m, v: 7 × 4 = 28 bytes per element, the figure GB/s uses.
 */
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { now } from "../stats.js";

export const BYTES_PER_ELEMENT = 28;

/** How many steps to time: enough for ~target ms, at least 3, from one timed probe step. */
export function repetitions(probeMs: number, targetMs = 100): number {
  if (probeMs > 1000) return 1;
  return Math.max(3, Math.min(100_000, Math.ceil(targetMs / Math.max(probeMs, 1e-4))));
}

/** Values in [−1, 1): 4096 seeded random numbers repeated (drawing 10⁸ fresh ones costs seconds). */
function randomArray(n: number, rng: Rng): Float32Array {
  const pattern = Float32Array.from({ length: Math.min(n, 4096) }, () => rng.uniform(-1, 1));
  const a = new Float32Array(n);
  for (let i = 0; i < n; i += pattern.length) a.set(pattern.subarray(0, Math.min(pattern.length, n - i)), i);
  return a;
}

/** Milliseconds per Adam step and the implied memory bandwidth. */
export function w3Adam(size: number): Record<string, number> {
  const rng = new Rng(3);
  const params = { w: randomArray(size, rng) };
  const grads = { w: randomArray(size, rng) };
  const adam = makeOptimizer("adam", { lr: 1e-3 });
  let state = adam.init(params);
  // First touch of m and v, then ~50 ms of steps so that V8 has optimized the loop before the
  // probe (each size runs in a fresh process; small sizes were otherwise timed half-cold).
  const warm = now();
  for (let i = 0; i < 3 || now() - warm < 50; i++) state = adam.step(params, grads, state);
  let t0 = now();
  state = adam.step(params, grads, state);
  const reps = repetitions(now() - t0);
  t0 = now();
  for (let i = 0; i < reps; i++) state = adam.step(params, grads, state);
  const ms = (now() - t0) / reps;
  return { ms_per_step: ms, gb_per_s: (size * BYTES_PER_ELEMENT) / (ms * 1e6), size };
}
