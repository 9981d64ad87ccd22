/**
 * `--preset kneusel-momentum`: the momentum study of Kneusel's *Math for Deep Learning*, ch. 11.
 * Fashion-MNIST pooled to 14×14 (196 inputs, pixels / 255), a 196-100-50-10 MLP with a sigmoid
 * on every layer, MSE against one-hot targets, weights and biases uniform in [−0.5, 0.5),
 * minibatches of 64 drawn at random each step, MCC on the 10,000 test images.
 */
import { resolve } from "node:path";
import { OptionError } from "../errors.js";
import type { StudySetup } from "./setup.js";

export const PRESET_NAMES = ["kneusel-momentum"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The book's size: 40,000 minibatches, 22 runs per configuration. */
export const KNEUSEL_BOOK = { minibatches: 40_000, repeats: 22 } as const;

/** The book's reported results (mean ± standard error over 22 runs). */
export const KNEUSEL_REPORTED = {
  withoutMomentum: { mean: 0.85778, se: 0.00056 },
  withMomentum: { mean: 0.86413, se: 0.00075 },
  t: 6.77,
  mannWhitneyP: 2.5e-6,
  cohenD: 2.04,
} as const;

/** descent's default size for the preset: a few minutes on two cores rather than the book's hours. */
export const KNEUSEL_DEFAULT = { minibatches: 4_000, repeats: 8 } as const;

/** The preset's setup; `overrides` (from the command line) replace the size and the data folder. */
export function presetSetup(
  name: string,
  cwd: string,
  overrides: { data?: string; minibatches?: number; repeats?: number } = {},
): StudySetup {
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw new OptionError(`unknown preset "${name}" (valid: ${PRESET_NAMES.join(", ")})`);
  }
  return {
    preset: name,
    // By name: found in DESCENT_DATA_DIR or the cache, downloaded by the CLI when absent.
    data: overrides.data !== undefined ? resolve(cwd, overrides.data) : "fashion-mnist",
    model: "mlp:100,50:sigmoid",
    optimizers: ["sgd:lr=1.0", "sgd:lr=0.2,momentum=0.9"],
    repeats: overrides.repeats ?? KNEUSEL_DEFAULT.repeats,
    budget: { kind: "minibatches", minibatches: overrides.minibatches ?? KNEUSEL_DEFAULT.minibatches },
    batchSize: 64,
    metric: "mcc",
    loss: "sigmoid-mse",
    init: "uniform",
    pool: 2,
    standardize: false,
  };
}
