/**
 * W1: Adam (lr 0.01, eps 1e-8) on Rosenbrock (1−x)² + 100(y−x²)² from (−1.5, 2), tol 0 so every
 * step runs. Three descent paths: gradients from the autodiff engine (tensorObjective), the
 * parsed expression compiled to straight-line JS (what `descent minimize` and the playground run),
 * and the tensors through the compiled step as a user's own loop writes it
 * (`jit(valueAndGrad(f))` on a parameter record, the optimizer's `init`/`step` in place).
 */
import type { Tensor } from "../../src/autodiff/index.js";
import { jit, makeOptimizer, scalar, valueAndGrad } from "../../src/index.node.js";
import { minimize, tensorObjective, type Objective } from "../../src/minimize/index.js";
import { timeMs } from "../stats.js";

export const ROSENBROCK_SOURCE = "(1 - x)^2 + 100*(y - x^2)^2";
const START = [-1.5, 2];

function rosenbrockTensor(x: Tensor, y: Tensor): Tensor {
  return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100));
}

function run(objective: Objective | string, steps: number): { ms: number; x: number; y: number } {
  const options = { optimizer: { name: "adam", options: { lr: 0.01, eps: 1e-8 } }, steps, tol: 0 };
  // Warm the JIT with three whole runs: V8 keeps optimizing well past the first few thousand
  // steps (each workload runs in a fresh process), and the steady state is what a playground
  // session or a CLI sweep sees.
  for (let i = 0; i < 3; i++) minimize(objective, START, options);
  let point: number[] = [];
  const ms = timeMs(() => {
    point = minimize(objective, START, options).point;
  });
  return { ms, x: point[0]!, y: point[1]! };
}

/** Steps per second with gradients from descent's autodiff engine, and where the run ended. */
export function w1Autodiff(steps: number): Record<string, number> {
  const r = run(tensorObjective(["x", "y"], rosenbrockTensor), steps);
  return { steps_per_s: (steps * 1000) / r.ms, x: r.x, y: r.y };
}

/** Steps per second for the parsed expression; parsing and compiling are inside the timing. */
export function w1Expression(steps: number): Record<string, number> {
  const r = run(ROSENBROCK_SOURCE, steps);
  return { steps_per_s: (steps * 1000) / r.ms, x: r.x, y: r.y };
}

/**
 * Steps per second of `jit(valueAndGrad(rosenbrock))` with Adam's init/step on a {x, y} record:
 * the step writes into the parameter tensors' arrays (PyTorch's `opt.step()`), so every call
 * passes the same tensors and the compiled plan replays on them without rebinding.
 */
export function w1Compiled(steps: number): Record<string, number> {
  const run = () => {
    const step = jit(valueAndGrad((p: Record<string, Tensor>) => rosenbrockTensor(p.x!, p.y!)));
    const opt = makeOptimizer("adam", { lr: 0.01, eps: 1e-8 });
    const params: Record<string, Tensor> = { x: scalar(START[0]!), y: scalar(START[1]!) };
    let state = opt.init(params);
    for (let i = 0; i < steps; i++) {
      const { grad } = step(params);
      state = opt.step(params, grad, state);
    }
    return { x: params.x!.item(), y: params.y!.item(), compiled: step.inspect().compiled };
  };
  for (let i = 0; i < 3; i++) run(); // warm-up, as the other W1 paths
  let r = run();
  const ms = timeMs(() => {
    r = run();
  });
  return { steps_per_s: (steps * 1000) / ms, x: r.x, y: r.y, compiled: r.compiled ? 1 : 0 };
}
