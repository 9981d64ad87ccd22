/** Second symbolic derivatives: the Hessian of an expression as a matrix of expressions. */
import type { Expr } from "./ast.js";
import { differentiate } from "./differentiate.js";

/**
 * H[i][j] = ∂²f/∂vᵢ∂vⱼ, each simplified. The gradient is differentiated once more; entries below
 * the diagonal are the same Expr objects as those above it (the Hessian of a twice continuously
 * differentiable f is symmetric), so each mixed partial is derived once.
 */
export function hessianOf(expr: Expr, variables: readonly string[]): Expr[][] {
  const first = variables.map((v) => differentiate(expr, v));
  const h: Expr[][] = variables.map(() => []);
  variables.forEach((_, i) => {
    for (let j = i; j < variables.length; j++) {
      const entry = differentiate(first[i]!, variables[j]!);
      h[i]![j] = entry;
      h[j]![i] = entry;
    }
  });
  return h;
}
