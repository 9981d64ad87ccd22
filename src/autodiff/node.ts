import type { FloatArray } from "./dtype.js";
import { Tensor } from "./tensor.js";
import { blockReplay, step, type Elementwise } from "./trace.js";

/**
 * The rule that turns the gradient of an op's output into gradients of its inputs. It gets dL/dy
 * (same size as the output, never to be mutated) and returns one array per input, each the size of
 * that input, or null for an input that needs no gradient. Returned arrays may alias `gradOut`
 * (the engine copies before accumulating in place). It reads its inputs' `data` when it runs (not
 * when the op was made) and allocates through `allocate`, so a compiled plan can replay it.
 */
export type BackwardFn = (gradOut: FloatArray) => ReadonlyArray<FloatArray | null>;

/**
 * The same rule written with differentiable ops: dL/dy as a tensor (and the op's output, for rules
 * that reuse it) in, one tensor per input (or null) out, each the input's shape. The backward pass
 * runs these instead of the array rules when its own result must be differentiated again (hvp,
 * hessian, jvp: see second-order.ts), so every op still owns its derivative.
 */
export type GraphBackwardFn = (gradOut: Tensor, output: Tensor) => ReadonlyArray<Tensor | null>;

/** The graph link alone: records inputs and rules when some input requires a gradient. */
export function link(
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

/**
 * An op from its one definition: `forward` writes the output buffer `out` (allocated by the
 * caller, fully overwritten) from the inputs' current `data`; `backward` is its derivative. It
 * runs `forward` now and, while a plan is being traced, keeps it as one of the plan's steps, so
 * the eager call and the compiled replay run the same code. Without `backward` the result has
 * no gradient (comparisons, argmax, one-hot rows). `kernel`, given only while tracing, describes
 * `forward` as elementwise arithmetic a plan may fuse (trace.ts).
 */
export function emit(
  inputs: readonly Tensor[],
  out: FloatArray,
  shape: readonly number[],
  forward: () => void,
  backward?: BackwardFn,
  graphBackward?: GraphBackwardFn,
  kernel?: Elementwise,
): Tensor {
  step(forward, kernel);
  return backward === undefined ? new Tensor(out, shape) : link(inputs, out, shape, backward, graphBackward);
}

/** Options of `customOp`: an op with its forward and backward written into given buffers. */
export interface CustomOp {
  inputs: readonly Tensor[];
  /** The output buffer, allocated once by the caller; `forward` overwrites all of it. */
  output: FloatArray;
  shape: readonly number[];
  forward: () => void;
  backward?: BackwardFn;
  graphBackward?: GraphBackwardFn;
}

/** A user-defined op that compiled plans (jit) can replay; see `emit`. */
export function customOp(o: CustomOp): Tensor {
  return emit(o.inputs, o.output, o.shape, o.forward, o.backward, o.graphBackward);
}

/**
 * An op from an output computed beforehand (the older form, kept for hand-written fused ops).
 * A plan cannot recompute such an output, so tracing one makes the plan run its function
 * eagerly (correct, not compiled); `customOp` is the replayable form.
 */
export function makeNode(
  inputs: readonly Tensor[],
  data: FloatArray,
  shape: readonly number[],
  backward: BackwardFn,
  graphBackward?: GraphBackwardFn,
): Tensor {
  blockReplay(`an op made with makeNode/defineOp (output shape [${shape.join(",")}]) has no forward step to replay; write it with customOp`);
  return link(inputs, data, shape, backward, graphBackward);
}

/** A fresh leaf that shares `t`'s data and records the ops applied to it (a differentiable input). */
export function variable(t: Tensor): Tensor {
  return new Tensor(t.data, t.shape, null, null, true);
}
