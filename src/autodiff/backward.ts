/**
 * Reverse mode over the graph recorded by makeNode. Iterative throughout (explicit stacks), so a
 * chain of any depth works. Gradients live in a Map local to one call: nothing is stored on
 * tensors, so repeated calls never accumulate into each other.
 */
import { DescentError } from "../errors.js";
import { allocate, type FloatArray } from "./dtype.js";
import { formatShape } from "./shape.js";
import type { Tensor } from "./tensor.js";

/** Tensors reachable from `output` through recorded links, ordered so each precedes its parents. */
function topologicalOrder(output: Tensor): Tensor[] {
  const postOrder: Tensor[] = [];
  const visited = new Set<Tensor>([output]);
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
      if (p.requiresGrad && !visited.has(p)) {
        visited.add(p);
        stack.push(p);
        nextParent.push(0);
      }
    } else {
      postOrder.push(node);
      stack.pop();
      nextParent.pop();
    }
  }
  return postOrder.reverse();
}

/**
 * Runs reverse mode from `output` with upstream gradient `seed` (default: ones, i.e. d output/d x
 * summed over its elements). Returns the gradient array of every tensor in `keep` that the output
 * depends on; intermediate gradients are dropped as soon as they have been propagated.
 */
export function backpropagate(output: Tensor, keep: ReadonlySet<Tensor>, seed?: FloatArray): Map<Tensor, FloatArray> {
  const grads = new Map<Tensor, FloatArray>();
  if (!output.requiresGrad) return grads;
  // Arrays in `owned` were allocated here, so adding into them in place is safe; others may alias
  // an op's gradOut and are copied on their second contribution.
  const owned = new Set<FloatArray>();
  const start = seed ?? allocate(output.dtype, output.size).fill(1);
  grads.set(output, start);
  const order = topologicalOrder(output);
  for (let t = 0; t < order.length; t++) {
    const node = order[t]!;
    const g = grads.get(node);
    const backward = node.backwardFn;
    if (g === undefined || backward === null) continue;
    if (!keep.has(node)) grads.delete(node);
    const parents = node.parents!;
    const parentGrads = backward(g);
    for (let i = 0; i < parents.length; i++) {
      const p = parents[i]!;
      const pg = parentGrads[i];
      if (!p.requiresGrad || pg === null || pg === undefined) continue;
      if (pg.length !== p.size) {
        throw new DescentError(
          `backward: an op returned a gradient of ${pg.length} elements for an input of shape ${formatShape(p.shape)}`,
          "BAD_BACKWARD",
        );
      }
      const prev = grads.get(p);
      if (prev === undefined) {
        grads.set(p, pg);
      } else if (owned.has(prev)) {
        for (let j = 0; j < prev.length; j++) prev[j] = prev[j]! + pg[j]!;
      } else {
        const sum = allocate(p.dtype, p.size);
        for (let j = 0; j < sum.length; j++) sum[j] = prev[j]! + pg[j]!;
        owned.add(sum);
        grads.set(p, sum);
      }
    }
  }
  return grads;
}
