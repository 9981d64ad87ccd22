import { hvp, scalar, tensor, valueAndGrad, type Tensor } from "../autodiff/index.js";
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
 * An objective from a function of scalar tensors, differentiated by the autodiff engine:
 * `tensorObjective(["x", "y"], (x, y) => x.sub(1).square().add(y.square()))`.
 */
export function tensorObjective(variables: string[], f: (...xs: Tensor[]) => Tensor): Objective {
  const argnums = variables.map((_, i) => i);
  const vg = valueAndGrad(f, argnums);
  // Hessian-vector products by the autodiff engine's second order (reverse over reverse).
  const product = hvp((p: Tensor) => f(...variables.map((_, i) => p.slice([[i, i + 1]]).reshape([]))));
  return {
    variables,
    valueAndGrad(x, g) {
      const { value, grad } = vg(...Array.from(x, (v) => scalar(v)));
      (grad as Tensor[]).forEach((t, i) => (g[i] = t.item()));
      return value.item();
    },
    hvp(x, v, out) {
      out.set(product(tensor(Array.from(x)), tensor(Array.from(v))).data);
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
