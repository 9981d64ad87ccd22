/**
 * Regression targets are trained standardized: the network fits (y − mean) / scale, so that the
 * default optimizer, learning rate and zero-initialised bias work whatever the target's units (a
 * house price in dollars or a disease score of 25..346). Predictions, losses and metrics are
 * turned back into the target's own units before anyone sees them.
 */
import { MomentAccumulator } from "../data/index.js";
import { DataError } from "../errors.js";
import type { LossChoice } from "./losses.js";

/** The target's mean and (population) standard deviation on the training rows. */
export interface TargetScale {
  mean: number;
  scale: number;
}

/** Mean and standard deviation of `targets` (scale 1 for a constant target, so nothing divides by 0). */
export function fitTargetScale(targets: ArrayLike<number>): TargetScale {
  if (targets.length === 0) throw new DataError("cannot standardize an empty target");
  const moments = new MomentAccumulator(1);
  moments.add(targets, targets.length);
  return targetScaleFrom(moments);
}

/** The target scale of accumulated target moments (the streaming first pass adds them chunk by chunk). */
export function targetScaleFrom(moments: MomentAccumulator): TargetScale {
  return { mean: moments.mean[0]!, scale: moments.std()[0]! };
}

/** (y − mean) / scale, as the network is trained on. */
export function scaleTargets(s: TargetScale, targets: Float32Array): Float32Array {
  const out = new Float32Array(targets.length);
  for (let i = 0; i < targets.length; i++) out[i] = (targets[i]! - s.mean) / s.scale;
  return out;
}

/** Network outputs back in the target's units: z·scale + mean (a new array). */
export function unscaleOutputs(s: TargetScale, outputs: Float32Array): Float32Array {
  const out = new Float32Array(outputs.length);
  for (let i = 0; i < outputs.length; i++) out[i] = outputs[i]! * s.scale + s.mean;
  return out;
}

/** A mean loss measured on standardized targets, in the target's units (squared units for mse). */
export function lossInTargetUnits(loss: LossChoice, value: number, s: TargetScale): number {
  if (loss === "mse") return value * s.scale * s.scale;
  if (loss === "mae") return value * s.scale;
  return value;
}
