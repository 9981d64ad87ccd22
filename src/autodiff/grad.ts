/** Function transformations over the recorded graph: grad, valueAndGrad, and gradients(). */
import { DescentError, ShapeError } from "../errors.js";
import { backpropagate } from "./backward.js";
import { zeros } from "./create.js";
import { formatShape } from "./shape.js";
import { variable } from "./node.js";
import { Tensor } from "./tensor.js";
import { treeLeaves, treeRebuild, type GradTree } from "./tree.js";

/** Which arguments to differentiate: one index (result shaped like that argument) or several (an array of them). */
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
 * `argnums` (default 0). Each of those arguments is a tree of tensors (a Tensor, an array or a
 * plain record of them; numbers become float64 scalars), and its gradient has the same structure:
 * `valueAndGrad((params, x, y) => loss)(params, x, y).grad` has the params' keys.
 */
export function valueAndGrad<P, R extends unknown[]>(f: (p: P, ...rest: R) => Tensor): (p: P, ...rest: R) => { value: Tensor; grad: GradTree<P> };
export function valueAndGrad<P, R extends unknown[], X>(
  f: (p: P, ...rest: R) => readonly [Tensor, X], argnums: 0 | undefined, options: { hasAux: true },
): (p: P, ...rest: R) => { value: Tensor; grad: GradTree<P>; aux: X };
export function valueAndGrad<A extends ArgNums>(f: ScalarFunction, argnums: A): (...args: any[]) => { value: Tensor; grad: GradOf<A> };
/**
 * With `{ hasAux: true }` (jax's has_aux), f returns `[loss, aux]`: the loss is differentiated and
 * `aux` (anything, e.g. the network's outputs) is returned beside it as `aux`.
 */
export function valueAndGrad(f: (...args: any[]) => unknown, argnums?: ArgNums, options?: { hasAux?: boolean }): (...args: any[]) => { value: Tensor; grad: unknown; aux?: unknown } {
  const hasAux = options?.hasAux === true;
  const indices: readonly number[] = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : argnums;
  const single = argnums === undefined || typeof argnums === "number";
  return (...args: any[]) => {
    const inputs = args.slice();
    const perArg = indices.map((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= args.length) {
        throw new DescentError(`grad: argnum ${i} is out of range for ${args.length} arguments`, "BAD_ARGNUM");
      }
      const leaves = treeLeaves(args[i], `grad: argument ${i}`).map((t) => variable(t));
      inputs[i] = args[i] instanceof Tensor || typeof args[i] === "number" ? leaves[0] : treeRebuild(args[i], leaves);
      return leaves;
    });
    const result = f(...inputs);
    if (hasAux && !(Array.isArray(result) && result.length === 2)) {
      throw new DescentError("grad: with hasAux the function must return [loss, aux]", "NOT_A_TENSOR");
    }
    const out = (hasAux ? (result as unknown[])[0] : result) as Tensor;
    checkScalarOutput(out, "grad");
    const grads = gradients(out, perArg.flat());
    let next = 0;
    const trees = indices.map((i, j) => {
      const mine = grads.slice(next, (next += perArg[j]!.length));
      return args[i] instanceof Tensor || typeof args[i] === "number" ? mine[0]! : treeRebuild(args[i], mine);
    });
    // The value is returned detached so it does not keep the graph alive.
    const value = out.detach();
    return hasAux ? { value, grad: single ? trees[0] : trees, aux: (result as unknown[])[1] } : { value, grad: single ? trees[0] : trees };
  };
}

/** Returns a function computing f's gradient with respect to the arguments at `argnums` (default 0), shaped like them. */
export function grad<P, R extends unknown[]>(f: (p: P, ...rest: R) => Tensor): (p: P, ...rest: R) => GradTree<P>;
export function grad<A extends ArgNums>(f: ScalarFunction, argnums: A): (...args: any[]) => GradOf<A>;
export function grad(f: ScalarFunction, argnums?: ArgNums): (...args: any[]) => unknown {
  const vg: (...args: any[]) => { grad: unknown } = argnums === undefined ? valueAndGrad(f) : valueAndGrad(f, argnums);
  return (...args: any[]) => vg(...args).grad;
}
