/** Optimizer specs from the URL → the choices `minimize` takes, with the page's learning rate as the default lr. */
import type { OptimizerChoice } from "../../../src/minimize/index.js";
import { isLearningRateFree, parseOptimizerSpec } from "../../../src/optim/index.js";

export interface LabelledChoice {
  /** As written in the spec list, e.g. "adam:lr=0.05". */
  label: string;
  choice: OptimizerChoice;
}

/**
 * Each spec parsed; a spec without its own lr gets `lr` (so one slider drives plain GD), except a
 * learning-rate-free optimizer (Prodigy), whose lr of 1 multiplies the step size it estimates.
 */
export function optimizerChoices(specs: readonly string[], lr: number): LabelledChoice[] {
  return specs.map((spec) => {
    const parsed = parseOptimizerSpec(spec);
    const options = { ...parsed.options };
    if (options.lr === undefined && !isLearningRateFree(parsed.name)) options.lr = lr;
    return { label: spec, choice: { name: parsed.name, options } };
  });
}
