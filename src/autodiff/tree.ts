/**
 * Trees of tensors (pytrees, as jax calls them): a tensor, an array of trees or a plain record of
 * trees. `grad` differentiates with respect to every tensor in a tree and returns gradients in the
 * same shape, so a model's parameter record goes in and a record with the same keys comes out.
 */
import { DescentError } from "../errors.js";
import { scalar } from "./create.js";
import { Tensor } from "./tensor.js";

export type TensorTree = Tensor | readonly TensorTree[] | { readonly [key: string]: TensorTree };

/** The gradient's type for an argument of type P: the same structure with a Tensor at each leaf
 * (a number argument differentiates as a float64 scalar). `any` stays `any`. */
export type GradTree<P> = 0 extends 1 & P ? any
  : P extends Tensor | number ? Tensor
  : P extends readonly unknown[] ? { [K in keyof P]: GradTree<P[K]> }
  : P extends object ? { [K in keyof P]: GradTree<P[K]> }
  : never;

function isRecord(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The tensors of a tree in a fixed order (depth first; record keys in insertion order). A number
 * is a leaf only as the whole argument (inside a tree it is more likely a mistake). */
export function treeLeaves(tree: unknown, where: string): Tensor[] {
  const out: Tensor[] = [];
  const stack: { node: unknown; path: string }[] = [{ node: tree, path: "" }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node instanceof Tensor) out.push(node);
    else if (typeof node === "number" && path === "") out.push(scalar(node));
    else if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], path: `${path}[${i}]` });
    else if (isRecord(node)) {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ node: node[keys[i]!], path: `${path}.${keys[i]}` });
    } else {
      const at = path === "" ? "" : ` at ${path.replace(/^\./, "")}`;
      throw new DescentError(`${where}: expected a Tensor, an array or a record of tensors${at}, got ${node === null ? "null" : typeof node}`, "NOT_A_TENSOR");
    }
  }
  return out;
}

/** A tree like `like` with its leaves replaced, in `treeLeaves` order, by `leaves`. */
export function treeRebuild<T>(like: T, leaves: readonly Tensor[]): GradTree<T> {
  let next = 0;
  const build = (node: unknown): unknown => {
    if (node instanceof Tensor) return leaves[next++]!;
    if (Array.isArray(node)) return node.map(build);
    const rec = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(rec)) out[k] = build(rec[k]);
    return out;
  };
  return build(like) as GradTree<T>;
}
