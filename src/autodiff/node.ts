import type { FloatArray } from "./dtype.js";
import { Tensor } from "./tensor.js";

/**
 * The rule that turns the gradient of an op's output into gradients of its inputs. It gets dL/dy
 * (same size as the output, never to be mutated) and returns one array per input, each the size of
 * that input, or null for an input that needs no gradient. Returned arrays may alias `gradOut`
 * (the engine copies before accumulating in place).
 */
export type BackwardFn = (gradOut: FloatArray) => ReadonlyArray<FloatArray | null>;

/**
 * The same rule written with differentiable ops: dL/dy as a tensor (and the op's output, for rules
 * that reuse it) in, one tensor per input (or null) out, each the input's shape. The backward pass
 * runs these instead of the array rules when its own result must be differentiated again (hvp,
 * hessian, jvp: see second-order.ts), so every op still owns its derivative.
 */
export type GraphBackwardFn = (gradOut: Tensor, output: Tensor) => ReadonlyArray<Tensor | null>;

/**
 * The mechanism every op is built on, exported so other modules can write fused ops with a
 * hand-written backward (softmax cross-entropy, BCE from logits). The result records its inputs
 * and `backward` only when some input requires a gradient; otherwise it is a plain constant and
 * nothing is retained. There is no tape: the graph is the chain of `parents` links.
 */
export function makeNode(
  inputs: readonly Tensor[],
  data: FloatArray,
  shape: readonly number[],
  backward: BackwardFn,
  graphBackward?: GraphBackwardFn,
): Tensor {
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i]!.requiresGrad) return new Tensor(data, shape, inputs, backward, true, graphBackward ?? null);
  }
  return new Tensor(data, shape);
}

/** A fresh leaf that shares `t`'s data and records the ops applied to it (a differentiable input). */
export function variable(t: Tensor): Tensor {
  return new Tensor(t.data, t.shape, null, null, true);
}
