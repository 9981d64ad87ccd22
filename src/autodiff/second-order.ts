/**
 * Second-order autodiff: the backward pass made differentiable (PyTorch's create_graph). Every op
 * carries, beside its array backward rule, the same rule written in differentiable ops
 * (`graphBackwardFn`); `backpropagateGraph` walks the recorded graph exactly as `backpropagate`
 * does but calls those rules, so the gradient it returns is itself a recorded tensor. On top:
 * hvp (reverse over reverse), hessian (hvp against each basis vector) and jvp (the transpose of
 * a vector-Jacobian product that is linear in its cotangent: the "double vjp" trick). No chain
 * rule lives here: this file only orders the ops' own rules.
 */
import { DescentError, ShapeError } from "../errors.js";
import { backpropagate, topologicalOrder } from "./backward.js";
import { ones, zeros } from "./create.js";
import { variable } from "./node.js";
import { add, mul } from "./ops/elementwise-binary.js";
import { sum } from "./ops/reduce.js";
import { formatShape, sameShape } from "./shape.js";
import { Tensor } from "./tensor.js";

/**
 * Reverse mode from `output` (upstream gradient `seed`, default ones) through the ops' graph
 * rules: the gradients returned, aligned with `wrt`, record how they depend on the inputs (and on
 * `seed`, when it requires a gradient). Undefined where the output does not depend on a tensor.
 */
export function backpropagateGraph(output: Tensor, wrt: readonly Tensor[], seed?: Tensor): Array<Tensor | undefined> {
  const result: Array<Tensor | undefined> = new Array(wrt.length).fill(undefined);
  if (!output.requiresGrad) return result;
  const { ids, order } = topologicalOrder(output);
  const grads: Array<Tensor | undefined> = new Array(order.length).fill(undefined);
  grads[0] = seed ?? ones(output.shape, output.dtype);
  for (let t = order.length - 1; t >= 0; t--) {
    const id = order[t]!;
    const node = ids.at(id);
    const g = grads[id];
    if (g === undefined || node.parents === null) continue;
    if (node.graphBackwardFn === null) {
      throw new DescentError(
        `second derivatives: an op producing shape ${formatShape(node.shape)} has no differentiable backward rule, so its gradient cannot be differentiated again`,
        "NO_SECOND_ORDER",
      );
    }
    const parentGrads = node.graphBackwardFn(g, node);
    node.parents.forEach((p, i) => {
      const pg = parentGrads[i];
      if (!p.requiresGrad || pg === null || pg === undefined) return;
      const j = ids.get(p);
      const prev = grads[j];
      grads[j] = prev === undefined ? pg : add(prev, pg);
    });
  }
  wrt.forEach((w, k) => {
    const j = ids.get(w);
    if (j >= 0) result[k] = grads[j];
  });
  return result;
}

/** A point where derivatives are taken: one tensor, or a record of named tensors (model parameters). */
export type Point = Tensor | Readonly<Record<string, Tensor>>;

/** Leaves of a point in a fixed order, and the inverse. */
function flatten(p: Point): Tensor[] {
  return p instanceof Tensor ? [p] : Object.keys(p).map((k) => p[k]!);
}
function rebuild<P extends Point>(like: P, leaves: readonly Tensor[]): P {
  if (like instanceof Tensor) return leaves[0]! as P;
  return Object.fromEntries(Object.keys(like).map((k, i) => [k, leaves[i]!])) as P;
}

function checkScalar(out: unknown, where: string): Tensor {
  if (!(out instanceof Tensor)) throw new DescentError(`${where}: the function must return a Tensor, got ${typeof out}`, "NOT_A_TENSOR");
  if (out.size !== 1) throw new ShapeError(`${where}: the function must return a scalar (size-1) tensor, got shape ${formatShape(out.shape)}`);
  return out;
}

function checkLike(x: readonly Tensor[], v: readonly Tensor[], where: string): void {
  if (x.length !== v.length) throw new ShapeError(`${where}: the direction has ${v.length} tensors, the point ${x.length}`);
  x.forEach((t, i) => {
    const d = v[i];
    if (!(d instanceof Tensor) || !sameShape(t.shape, d.shape) || t.dtype !== d.dtype) {
      throw new ShapeError(`${where}: direction ${i} must be a ${t.dtype} tensor of shape ${formatShape(t.shape)}`);
    }
  });
}

/** f's value and its gradient at x, the gradient recorded as a function of x's leaves. */
function gradientGraph(f: (x: any) => Tensor, x: Point, where: string): { leaves: Tensor[]; value: Tensor; grads: Tensor[] } {
  const leaves = flatten(x).map((t) => variable(t));
  const value = checkScalar(f(rebuild(x, leaves)), where);
  const gs = backpropagateGraph(value, leaves);
  return { leaves, value, grads: gs.map((g, i) => g ?? zeros(leaves[i]!.shape, leaves[i]!.dtype)) };
}

/**
 * Hessian-vector product H(x)·v of a scalar f without forming H: the gradient is recorded
 * (differentiable backward), its dot product with v differentiated once more.
 */
export function hvp<P extends Point>(f: (x: P) => Tensor): (x: P, v: P) => P {
  return (x, v) => gradAndHvp(f, x, v).hvp;
}

/** f(x), ∇f(x) and H(x)·v from one recorded gradient. */
export function valueGradHvp<P extends Point>(f: (x: P) => Tensor): (x: P, v: P) => { value: number; grad: P; hvp: P } {
  return (x, v) => {
    const r = gradAndHvp(f, x, v);
    return { value: r.value.item(), grad: r.grad, hvp: r.hvp };
  };
}

/** The three as tensors (no value read on the JavaScript side, so `jit` can compile it). */
function gradAndHvp<P extends Point>(f: (x: P) => Tensor, x: P, v: P): { value: Tensor; grad: P; hvp: P } {
  const vs = flatten(v);
  checkLike(flatten(x), vs, "hvp");
  const { leaves, value, grads } = gradientGraph(f, x, "hvp");
  let dot: Tensor | null = null;
  grads.forEach((g, i) => {
    const term = sum(mul(g, vs[i]!));
    dot = dot === null ? term : add(dot, term);
  });
  const hv = dot !== null && (dot as Tensor).requiresGrad ? backpropagate(dot, leaves) : [];
  const out = leaves.map((l, i) => {
    const h = hv[i];
    return h === undefined ? zeros(l.shape, l.dtype) : new Tensor(h, l.shape);
  });
  return { value: value.detach(), grad: rebuild(x, grads.map((g) => g.detach())), hvp: rebuild(x, out) };
}

/**
 * The Hessian of a scalar f at a tensor x, shape [...x.shape, ...x.shape] (row i is H·eᵢ, one hvp
 * per element: meant for the few variables of a function, not a network's weights).
 */
export function hessian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x) => {
    const n = x.size;
    const h = x.dtype === "float32" ? new Float32Array(n * n) : new Float64Array(n * n);
    const product = hvp(f);
    for (let i = 0; i < n; i++) {
      const e = zeros(x.shape, x.dtype);
      (e.data as Float64Array)[i] = 1; // freshly made, not yet shared: setting it is safe
      h.set(product(x, e).data, i * n);
    }
    return new Tensor(h, [...x.shape, ...x.shape]);
  };
}

/**
 * Forward-mode product: f(x) and J(x)·v for any tensor-valued f. Computed as the gradient, with
 * respect to a cotangent u, of (uᵀJ)·v, where uᵀJ comes from the differentiable backward pass and
 * is linear in u; so no op needs a separate tangent rule.
 */
export function jvp<P extends Point>(f: (x: P) => Tensor): (x: P, v: P) => { value: Tensor; tangent: Tensor } {
  return (x, v) => {
    const vs = flatten(v);
    checkLike(flatten(x), vs, "jvp");
    const leaves = flatten(x).map((t) => variable(t));
    const out = f(rebuild(x, leaves));
    if (!(out instanceof Tensor)) throw new DescentError(`jvp: the function must return a Tensor, got ${typeof out}`, "NOT_A_TENSOR");
    const u = variable(zeros(out.shape, out.dtype));
    const vjps = backpropagateGraph(out, leaves, u);
    let dot: Tensor | null = null;
    vjps.forEach((g, i) => {
      if (g === undefined) return;
      const term = sum(mul(g, vs[i]!));
      dot = dot === null ? term : add(dot, term);
    });
    const tangent = dot !== null && (dot as Tensor).requiresGrad ? backpropagate(dot, [u])[0] : undefined;
    return {
      value: out.detach(),
      tangent: tangent === undefined ? zeros(out.shape, out.dtype) : new Tensor(tangent, out.shape),
    };
  };
}
