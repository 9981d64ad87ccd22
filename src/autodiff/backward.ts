/**
 * Reverse mode over the graph recorded by makeNode. Iterative throughout (explicit stacks), so a
 * chain of any depth works. Gradients live in arrays local to one call: nothing is stored on
 * tensors, so repeated calls never accumulate into each other.
 */
import { DescentError } from "../errors.js";
import { allocate, type FloatArray } from "./dtype.js";
import { formatShape } from "./shape.js";
import type { Tensor } from "./tensor.js";

/** The recorded graph under an output: tensors in post-order and each tensor's position in it. */
interface Graph {
  order: Tensor[];
  position: Map<Tensor, number>;
}

/** Depth-first post-order (parents before consumers) over links that require gradients. */
function topologicalOrder(output: Tensor): Graph {
  const order: Tensor[] = [];
  // -1 marks "on the stack"; the real position is assigned when the node is emitted.
  const position = new Map<Tensor, number>([[output, -1]]);
  const stack: Tensor[] = [output];
  const nextParent: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top]!;
    const parents = node.parents;
    const i = nextParent[top]!;
    if (parents !== null && i < parents.length) {
      nextParent[top] = i + 1;
      const p = parents[i]!;
      if (p.requiresGrad && !position.has(p)) {
        position.set(p, -1);
        stack.push(p);
        nextParent.push(0);
      }
    } else {
      position.set(node, order.length);
      order.push(node);
      stack.pop();
      nextParent.pop();
    }
  }
  return { order, position };
}

/**
 * Runs reverse mode from `output` with upstream gradient `seed` (default: ones, i.e. the gradient
 * of the sum of the output's elements). Returns the gradient of every tensor in `keep` that the
 * output depends on; other gradients are dropped as soon as they have been propagated.
 */
export function backpropagate(output: Tensor, keep: ReadonlySet<Tensor>, seed?: FloatArray): Map<Tensor, FloatArray> {
  const result = new Map<Tensor, FloatArray>();
  if (!output.requiresGrad) return result;
  const { order, position } = topologicalOrder(output);
  const grads: Array<FloatArray | undefined> = new Array(order.length);
  // owned[j]: grads[j] was allocated here, so adding into it in place is safe. Otherwise it may
  // alias some op's gradOut and is copied on its second contribution.
  const owned = new Uint8Array(order.length);
  grads[order.length - 1] = seed ?? allocate(output.dtype, output.size).fill(1);
  // Walk the post-order backwards: every consumer is processed before the tensors it consumed.
  for (let t = order.length - 1; t >= 0; t--) {
    const node = order[t]!;
    const g = grads[t];
    const backward = node.backwardFn;
    if (g === undefined || backward === null) continue;
    if (!keep.has(node)) grads[t] = undefined;
    const parents = node.parents!;
    const parentGrads = backward(g);
    for (let i = 0; i < parents.length; i++) {
      const p = parents[i]!;
      const pg = parentGrads[i];
      if (!p.requiresGrad || pg === null || pg === undefined) continue;
      if (pg.length !== p.data.length) {
        throw new DescentError(
          `backward: an op returned a gradient of ${pg.length} elements for an input of shape ${formatShape(p.shape)}`,
          "BAD_BACKWARD",
        );
      }
      const j = position.get(p)!;
      const prev = grads[j];
      if (prev === undefined) {
        grads[j] = pg;
      } else if (owned[j] === 1) {
        for (let e = 0; e < prev.length; e++) prev[e] = prev[e]! + pg[e]!;
      } else {
        const sum = allocate(p.dtype, prev.length);
        for (let e = 0; e < sum.length; e++) sum[e] = prev[e]! + pg[e]!;
        grads[j] = sum;
        owned[j] = 1;
      }
    }
  }
  for (const k of keep) {
    const j = position.get(k);
    const g = j === undefined ? undefined : grads[j];
    if (g !== undefined) result.set(k, g);
  }
  return result;
}
