/**
 * Reverse mode over the graph recorded by makeNode. Iterative throughout (explicit stacks), so a
 * chain of any depth works. Gradients live in arrays local to one call: nothing is stored on
 * tensors, so repeated calls never accumulate into each other.
 */
import { DescentError } from "../errors.js";
import { allocate, type DType, type FloatArray } from "./dtype.js";
import { formatShape } from "./shape.js";
import type { BackwardFn } from "./node.js";
import type { Tensor } from "./tensor.js";
import { describe, isRecording, step } from "./trace.js";

/**
 * Tensor → small integer id, by identity. Typical graphs (an optimizer step, a loss) have a
 * handful of nodes, where a linear scan of an array beats hashing; past a few dozen nodes it
 * switches to a Map so deep graphs stay linear-time.
 */
class IdentityIndex {
  private readonly keys: Tensor[] = [];
  private map: Map<Tensor, number> | null = null;

  get size(): number {
    return this.keys.length;
  }

  /** Adds `t` (not yet present) and returns its id. */
  add(t: Tensor): number {
    const id = this.keys.length;
    this.keys.push(t);
    if (this.map !== null) this.map.set(t, id);
    else if (id >= 32) this.map = new Map(this.keys.map((k, i) => [k, i]));
    return id;
  }

  /** The id of `t`, or -1. */
  get(t: Tensor): number {
    if (this.map !== null) return this.map.get(t) ?? -1;
    return this.keys.indexOf(t);
  }

  at(id: number): Tensor {
    return this.keys[id]!;
  }
}

/** The recorded graph under an output: ids by discovery, and the ids in post-order. */
export interface Graph {
  ids: IdentityIndex;
  /** Post-order (parents before consumers); the output is last. */
  order: number[];
}

/** Depth-first post-order over links that require gradients, with an explicit stack. */
export function topologicalOrder(output: Tensor): Graph {
  const ids = new IdentityIndex();
  const order: number[] = [];
  const stack: number[] = [ids.add(output)];
  const nextParent: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const id = stack[top]!;
    const parents = ids.at(id).parents;
    const i = nextParent[top]!;
    if (parents !== null && i < parents.length) {
      nextParent[top] = i + 1;
      const p = parents[i]!;
      if (p.requiresGrad && ids.get(p) < 0) {
        stack.push(ids.add(p));
        nextParent.push(0);
      }
    } else {
      order.push(id);
      stack.pop();
      nextParent.pop();
    }
  }
  return { ids, order };
}

/**
 * Runs reverse mode from `output` with upstream gradient `seed` (default: ones, i.e. the gradient
 * of the sum of the output's elements). Returns, aligned with `wrt`, the gradient of each tensor
 * (undefined where the output does not depend on it); other gradients are dropped as soon as
 * they have been propagated.
 */
export function backpropagate(output: Tensor, wrt: readonly Tensor[], seed?: FloatArray): Array<FloatArray | undefined> {
  if (!output.requiresGrad) return new Array(wrt.length).fill(undefined);
  const graph = topologicalOrder(output);
  const wrtIds = wrt.map((w) => graph.ids.get(w));
  return reverse(graph, wrtIds, output, seed);
}

const ADD = (v: readonly string[]): string[] => [`${v[0]} + ${v[1]}`];
const ONE = (): string[] => ["1"];

/** The seed of ones. */
function ones(output: Tensor): FloatArray {
  const out = allocate(output.dtype, output.size).fill(1);
  if (isRecording()) describe({ n: out.length, inputs: [], outputs: [out], code: ONE });
  return out;
}

/**
 * One backward rule on a fixed gradient array, as a step of a traced plan. Replayed, it returns
 * the arrays of its first run: later steps were recorded reading those, so a rule that makes
 * arrays of its own (not through `allocate`) has its new values copied into them.
 */
function rule(backward: BackwardFn, g: FloatArray): () => ReadonlyArray<FloatArray | null> {
  let first: ReadonlyArray<FloatArray | null> | null = null;
  return () => {
    const got = backward(g);
    if (first === null) return (first = got);
    for (let i = 0; i < got.length; i++) {
      const now = got[i];
      const then = first[i];
      if (now != null && then != null && now !== then) then.set(now);
    }
    return first;
  };
}

/** A fresh array holding prev + pg. */
function sumOf(prev: FloatArray, pg: FloatArray, dtype: DType): FloatArray {
  const sum = allocate(dtype, prev.length);
  for (let e = 0; e < sum.length; e++) sum[e] = prev[e]! + pg[e]!;
  if (isRecording()) describe({ n: sum.length, inputs: [prev, pg], outputs: [sum], code: ADD });
  return sum;
}

/** prev += pg, in place (prev was allocated by this pass). */
function addInto(prev: FloatArray, pg: FloatArray): void {
  for (let e = 0; e < prev.length; e++) prev[e] = prev[e]! + pg[e]!;
  if (isRecording()) describe({ n: prev.length, inputs: [prev, pg], outputs: [prev], code: ADD });
}

/**
 * The walk itself: each node's backward rule, consumers before the tensors they consumed. While
 * a plan is traced, the walk runs once and each rule and each gradient sum becomes a step of the
 * plan, on the arrays this walk used, so a replay does no graph bookkeeping at all.
 */
function reverse({ ids, order }: Graph, wrtIds: readonly number[], output: Tensor, seed: FloatArray | undefined): Array<FloatArray | undefined> {
  // Eager calls run each piece directly (no closure per node); a trace keeps each as a step.
  const tracing = isRecording();
  // Every per-node array is indexed by id, not by position in `order`.
  const grads: Array<FloatArray | undefined> = new Array(order.length).fill(undefined);
  // Ids whose gradient must survive propagation (requested intermediates; leaves always do).
  const wanted: boolean[] = new Array(order.length).fill(false);
  for (const j of wrtIds) if (j >= 0) wanted[j] = true;
  // owned[j]: grads[j] was allocated here, so adding into it in place is safe. Otherwise it may
  // alias some op's gradOut and is copied on its second contribution. Allocated on first need.
  let owned: boolean[] | null = null;
  grads[0] = seed ?? (tracing ? step(() => ones(output)) : ones(output));
  // Walk the post-order backwards: every consumer is processed before the tensors it consumed.
  for (let t = order.length - 1; t >= 0; t--) {
    const id = order[t]!;
    const node = ids.at(id);
    const g = grads[id];
    const backward = node.backwardFn;
    if (g === undefined || backward === null) continue;
    if (!wanted[id]) grads[id] = undefined;
    const parents = node.parents!;
    const parentGrads = tracing ? step(rule(backward, g)) : backward(g);
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
      const j = ids.get(p);
      const prev = grads[j];
      if (prev === undefined) {
        grads[j] = pg;
      } else if (owned !== null && owned[j] === true) {
        if (tracing) step(() => addInto(prev, pg));
        else addInto(prev, pg);
      } else {
        grads[j] = tracing ? step(() => sumOf(prev, pg, p.dtype)) : sumOf(prev, pg, p.dtype);
        (owned ??= new Array(order.length).fill(false))[j] = true;
      }
    }
  }
  return wrtIds.map((j) => (j >= 0 ? grads[j] : undefined));
}
