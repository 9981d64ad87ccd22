/** One helper thread of data-parallel.ts: waits for a batch, computes its share's gradient, reports. */
import { workerData } from "node:worker_threads";
import { CONTROL, parameterLayout, viewParams, type DataParallelSetup } from "./data-parallel.node.js";
import { makeBatchGradient } from "./batch-step.js";

const { setup, index } = workerData as { setup: DataParallelSetup; index: number };
const { spec } = setup;
const layout = parameterLayout(spec);
const params = viewParams(setup.params, layout);
const share = setup.shares[index - 1]!;
const x = new Float32Array(share.x);
const y = new Float32Array(share.y);
const grads = viewParams(share.grads, layout);
const loss = new Float64Array(share.loss);
const outputs = new Float32Array(share.outputs);
const control = new Int32Array(setup.control);
const gradient = makeBatchGradient(spec, setup.loss, setup.classWeights);
const d = spec.inputs;
const k = spec.outputs;

Atomics.add(control, CONTROL.READY, 1); // the caller may time this worker's batches from now on
// From 0, not the current generation: a batch posted before this thread started is still seen.
let seen = 0;
for (;;) {
  Atomics.wait(control, CONTROL.GEN, seen);
  seen = Atomics.load(control, CONTROL.GEN);
  if (Atomics.load(control, CONTROL.QUIT) === 1) break;
  // The calling thread wrote this batch's share bounds before posting it (no per-batch ranges here).
  const a = control[CONTROL.BOUNDS + index]!, b = control[CONTROL.BOUNDS + index + 1]!;
  const r = gradient(params, x.subarray(0, (b - a) * d), y.subarray(0, b - a));
  for (const { name } of layout) grads[name]!.set(r.grads[name]!);
  loss[0] = r.loss;
  outputs.set(r.outputs.subarray(0, (b - a) * k));
  Atomics.add(control, CONTROL.DONE, 1);
  Atomics.notify(control, CONTROL.DONE);
}
