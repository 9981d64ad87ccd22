import type { MinimizeResult } from "../../src/minimize/types.js";

/** A MinimizeResult built by hand (plain gradient descent on a quadratic), so plot tests need no optimizer. */
export function gdRun(grad: (p: number[]) => number[], f: (p: number[]) => number, start: number[], lr: number, steps: number, optimizer = `sgd:lr=${lr}`): MinimizeResult {
  const trajectory = [start];
  for (let k = 0; k < steps; k++) {
    const p = trajectory[k]!;
    const g = grad(p);
    trajectory.push(p.map((v, i) => v - lr * g[i]!));
  }
  const values = trajectory.map(f);
  const diverged = !values.every((v) => Number.isFinite(v) && Math.abs(v) < 1e12);
  return {
    status: diverged ? "diverged" : "max-steps",
    variables: start.length === 1 ? ["x"] : start.length === 2 ? ["x", "y"] : start.map((_, i) => `x${i + 1}`),
    point: trajectory[trajectory.length - 1]!,
    value: values[values.length - 1]!,
    gradNorm: 0,
    steps,
    trajectory,
    values,
    gradNorms: values.map(() => 0),
    reason: diverged ? `diverged at step ${steps}` : "max steps",
    optimizer,
  };
}
