import { hvp, jit, scalar, zeros, valueAndGrad, type Tensor } from "../autodiff/index.js";
import { compile, hessianOf, resolveFunction, type Expr } from "../expr/index.js";
/**
 * What `minimize` descends: a function of a point that writes its gradient into `g` and returns
 * its value. A compiled expression is one; `tensorObjective` adapts an autodiff function.
 */
export interface Objective {
  /** Names of the coordinates, in order. */
  variables: string[];
  /** Writes ∇f(x) into g and returns f(x). Non-finite numbers are returned, never thrown. */
  valueAndGrad(x: Float64Array, g: Float64Array): number;
  /** Writes H(x)·v into out, when the objective knows its second derivatives (Newton's method
   * uses it; without it, differences of the gradient stand in). */
  hvp?(x: Float64Array, v: Float64Array, out: Float64Array): void;
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
 * An objective from a function of scalar tensors, differentiated by the autodiff engine and
 * compiled with `jit` (one traced plan, replayed at every step):
 * `tensorObjective(["x", "y"], (x, y) => x.sub(1).square().add(y.square()))`.
 */
export function tensorObjective(variables: string[], f: (...xs: Tensor[]) => Tensor): Objective {
  const argnums = variables.map((_, i) => i);
  const step = jit(valueAndGrad(f, argnums));
  // Hessian-vector products by the autodiff engine's second order (reverse over reverse), compiled too.
  const product = jit(hvp((p: Tensor) => f(...variables.map((_, i) => p.slice([[i, i + 1]]).reshape([])))));
  // The inputs are this objective's own tensors, refilled in place before each call (the plan
  // reads them when it runs), so a step allocates nothing.
  const point = variables.map(() => scalar(0));
  const at = zeros([variables.length]);
  const direction = zeros([variables.length]);
  return {
    variables,
    valueAndGrad(x, g) {
      point.forEach((t, i) => (t.data[0] = x[i]!));
      const { value, grad } = step(...point);
      (grad as Tensor[]).forEach((t, i) => (g[i] = t.data[0]!));
      return value.data[0]!;
    },
    hvp(x, v, out) {
      at.data.set(x);
      direction.data.set(v);
      out.set(product(at, direction).data);
    },
  };
}

/** A compiled expression with its compiled symbolic Hessian, as an objective with hvp. */
export function compiledObjective(expr: Expr, variables: readonly string[]): Objective & ReturnType<typeof compile> {
  const compiled = compile(expr, variables);
  // Compiled on first use: most runs never ask for second derivatives.
  let h: Array<Array<ReturnType<typeof compile>>> | null = null;
  return Object.assign(compiled, {
    hvp(x: Float64Array, v: Float64Array, out: Float64Array) {
      h ??= hessianOf(expr, variables).map((row) => row.map((e) => compile(e, variables)));
      h.forEach((row, i) => {
        let s = 0;
        row.forEach((e, j) => (s += e.value(x) * v[j]!));
        out[i] = s;
      });
    },
  });
}

/** An expression (or a built-in name) as an objective, compiled to straight-line code. */
export function expressionObjective(source: string): Objective {
  const fn = resolveFunction(source);
  return compiledObjective(fn.expr, fn.variables);
}
