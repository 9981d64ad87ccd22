/**
 * The small-work guard: what the 2-D playground recomputes on every change. One frame is the
 * Rosenbrock view (parse + compile, then 5 optimizers × 500 steps with trajectories); the basin
 * map is 100 × 100 starts × 200 steps on the two-minima function.
 */
import { resolveFunction } from "../../src/expr/index.js";
import { basinsOfAttraction, expressionObjective, minimize } from "../../src/minimize/index.js";
import { parseOptimizerSpec } from "../../src/optim/index.js";
import { median, timeMs } from "../stats.js";

const FRAME_OPTIMIZERS = ["sgd", "momentum", "nesterov", "adam:lr=0.05", "rmsprop:lr=0.01"];

function frame(): void {
  const objective = expressionObjective("rosenbrock");
  for (const spec of FRAME_OPTIMIZERS) {
    minimize(objective, [-1.5, 2], { lr: spec.includes("lr=") ? undefined : 0.001, optimizer: parseOptimizerSpec(spec), steps: 500, tol: 0 });
  }
}

function basinMap(): void {
  const fn = resolveFunction("two-minima");
  const [x, y] = fn.domain;
  const minima = fn.minima.map((m) => [...m.point]);
  basinsOfAttraction(expressionObjective("two-minima"), { x: x!, y: y! }, minima, { resolution: 100, steps: 200, lr: 0.05, tol: 0 });
}

/** Median milliseconds of a playground frame (of 30) and of a basin map (of 3). */
export function playgroundFrame(): Record<string, number> {
  for (let i = 0; i < 10; i++) frame();
  const frames = Array.from({ length: 30 }, () => timeMs(frame));
  basinMap();
  const maps = Array.from({ length: 3 }, () => timeMs(basinMap));
  return { frame_ms: median(frames), basin_map_ms: median(maps) };
}
