import { scalar, valueAndGrad, type Tensor } from "../autodiff/index.js";
import { compile, resolveFunction } from "../expr/index.js";
/**
 * What `minimize` descends: a function of a point that writes its gradient into `g` and returns
 * its value. A compiled expression is one; `tensorObjective` adapts an autodiff function.
 */
export interface Objective {
  /** Names of the coordinates, in order. */
  variables: string[];
  /** Writes ∇f(x) into g and returns f(x). Non-finite numbers are returned, never thrown. */
  valueAndGrad(x: Float64Array, g: Float64Array): number;
}

/** An objective from plain functions (for tests and library users). */
export function objectiveFromFunctions(
  variables: string[],
  value: (x: Float64Array) => number,
  gradient: (x: Float64Array, g: Float64Array) => void,
): Objective {
  return {
    variables,
    valueAndGrad(x, g) {
      gradient(x, g);
      return value(x);
    },
  };
}

/**
 * An objective from a function of scalar tensors, differentiated by the autodiff engine:
 * `tensorObjective(["x", "y"], (x, y) => x.sub(1).square().add(y.square()))`.
 */
export function tensorObjective(variables: string[], f: (...xs: Tensor[]) => Tensor): Objective {
  const argnums = variables.map((_, i) => i);
  const vg = valueAndGrad(f, argnums);
  return {
    variables,
    valueAndGrad(x, g) {
      const { value, grad } = vg(...Array.from(x, (v) => scalar(v)));
      (grad as Tensor[]).forEach((t, i) => (g[i] = t.item()));
      return value.item();
    },
  };
}

/** An expression (or a built-in name) as an objective, compiled to straight-line code. */
export function expressionObjective(source: string): Objective {
  const fn = resolveFunction(source);
  return compile(fn.expr, fn.variables);
}
