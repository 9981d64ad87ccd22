import type { Optimizer } from "./optimizer.js";
import { withTensorApi } from "./tensor-api.js";
import type { StepSchedule } from "./schedules.js";
import type { Hyper } from "./types.js";

/**
 * An optimizer whose learning rate follows `schedule`: step k (0-based, the state's count) uses
 * `schedule.lr(k)`. The position lives in the optimizer state, so it serializes and resumes with
 * it. An explicit `hyper.lr` still wins, so a slider can override the schedule.
 */
export function withSchedule(optimizer: Optimizer, schedule: StepSchedule): Optimizer {
  const hyperAt = (count: number, hyper: Hyper | undefined): Hyper => ({ lr: schedule.lr(count), ...hyper });
  return withTensorApi({
    ...optimizer, // init, and eval/train/coupled where the optimizer has them
    name: optimizer.name,
    options: optimizer.options,
    init: optimizer.init,
    update: (grads, state, params, hyper) => optimizer.update(grads, state, params, hyperAt(state.count, hyper)),
    step: (params, grads, state, hyper) => optimizer.step(params, grads, state, hyperAt(state.count, hyper)),
  });
}
