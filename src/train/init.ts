/** Weight initialisation schemes for dense layers, drawn from the seeded generator. */
import { OptionError } from "../errors.js";
import type { Rng } from "../random.js";

export type InitName = "glorot-uniform" | "glorot-normal" | "he-uniform" | "he-normal" | "zeros";
export const INIT_NAMES: readonly InitName[] = ["glorot-uniform", "glorot-normal", "he-uniform", "he-normal", "zeros"];

/** Reads an init name; `glorot` and `he` are short for their uniform forms. */
export function parseInit(raw: string): InitName {
  const name = raw === "glorot" ? "glorot-uniform" : raw === "he" ? "he-uniform" : raw;
  if ((INIT_NAMES as readonly string[]).includes(name)) return name as InitName;
  throw new OptionError(`unknown initialisation "${raw}" (valid: glorot, he, ${INIT_NAMES.join(", ")})`);
}

/**
 * Fills a fanIn×fanOut weight matrix in place. Glorot keeps the variance of activations and
 * gradients equal across layers for tanh/sigmoid (Var = 2/(fanIn+fanOut)); He doubles the
 * forward variance to make up for relu zeroing half its inputs (Var = 2/fanIn).
 */
export function initWeights(w: Float32Array, fanIn: number, fanOut: number, scheme: InitName, rng: Rng): Float32Array {
  if (scheme === "zeros") return w.fill(0);
  const variance = scheme.startsWith("glorot") ? 2 / (fanIn + fanOut) : 2 / fanIn;
  if (scheme.endsWith("uniform")) {
    // Uniform on [−a, a] has variance a²/3.
    const a = Math.sqrt(3 * variance);
    for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-a, a);
  } else {
    const sd = Math.sqrt(variance);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, sd);
  }
  return w;
}
