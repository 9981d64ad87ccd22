/** Function transformations over the recorded graph: grad, valueAndGrad, and gradients(). */
import { DescentError, ShapeError } from "../errors.js";
import { backpropagate } from "./backward.js";
import { scalar, zeros } from "./create.js";
import { formatShape } from "./shape.js";
import { variable } from "./node.js";
import { Tensor } from "./tensor.js";

/** Which arguments to differentiate: one index (result is a Tensor) or several (a Tensor[]). */
export type ArgNums = number | readonly number[];
type GradOf<A extends ArgNums> = A extends number ? Tensor : Tensor[];

/** A differentiable function: tensor arguments in, a size-1 tensor out. Extra non-tensor arguments pass through. */
export type ScalarFunction = (...args: any[]) => Tensor;

/**
 * Gradients of the size-1 `output` with respect to each of `wrt` (tensors made with `variable()`
 * or results that depend on them). An input the output does not depend on gets zeros.
 */
export function gradients(output: Tensor, wrt: readonly Tensor[]): Tensor[] {
  checkScalarOutput(output, "gradients");
  const grads = backpropagate(output, wrt);
  return wrt.map((w, i) => {
    const g = grads[i];
    return g === undefined ? zeros(w.shape, w.dtype) : new Tensor(g, w.shape);
  });
}

function checkScalarOutput(out: unknown, where: string): asserts out is Tensor {
  if (!(out instanceof Tensor)) {
    throw new DescentError(`${where}: the function must return a Tensor, got ${typeof out}`, "NOT_A_TENSOR");
  }
  if (out.size !== 1) {
    throw new ShapeError(`${where}: the function must return a scalar (size-1) tensor, got shape ${formatShape(out.shape)}`);
  }
}

/**
 * Returns a function computing f's value and its gradient with respect to the arguments at
 * `argnums` (default 0). Those arguments must be Tensors (numbers become float64 scalars).
 */
export function valueAndGrad<A extends ArgNums = 0>(
  f: ScalarFunction,
  argnums?: A,
): (...args: any[]) => { value: Tensor; grad: GradOf<A> } {
  const indices: readonly number[] = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : argnums;
  const single = argnums === undefined || typeof argnums === "number";
  return (...args: any[]) => {
    const inputs = args.slice();
    const leaves: Tensor[] = indices.map((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= args.length) {
        throw new DescentError(`grad: argnum ${i} is out of range for ${args.length} arguments`, "BAD_ARGNUM");
      }
      const a = args[i];
      const t = typeof a === "number" ? scalar(a) : a;
      if (!(t instanceof Tensor)) {
        throw new DescentError(`grad: argument ${i} must be a Tensor to be differentiated, got ${typeof a}`, "NOT_A_TENSOR");
      }
      const leaf = variable(t);
      inputs[i] = leaf;
      return leaf;
    });
    const out = f(...inputs);
    checkScalarOutput(out, "grad");
    const grads = gradients(out, leaves);
    // The value is returned detached so it does not keep the graph alive.
    return { value: out.detach(), grad: (single ? grads[0]! : grads) as GradOf<A> };
  };
}

/** Returns a function computing f's gradient with respect to the arguments at `argnums` (default 0). */
export function grad<A extends ArgNums = 0>(f: ScalarFunction, argnums?: A): (...args: any[]) => GradOf<A> {
  const vg = valueAndGrad(f, argnums);
  return (...args: any[]) => vg(...args).grad;
}
