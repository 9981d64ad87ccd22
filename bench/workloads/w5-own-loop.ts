/**
 * W5, "your own loop": W2's MLP (784-256-10, ReLU, softmax cross-entropy, Adam lr 1e-3, batch 128,
 * Glorot-uniform weights, zero biases, float32) written only with the public API, as the README's
 * "Your own training loop" shows a user: a parameter record, `jit(valueAndGrad(loss))`, the
 * optimizer's `init`/`step` (in place on the parameter tensors, PyTorch's `opt.step()`), batches
 * from the data module; the layers are the library's dense op (x·W + b in one op, as PyTorch's
 * F.linear is one addmm), and the step runs on the kernel thread count measured fastest
 * (`measuredThreads`, as `train()` measures it), as the README writes them. Imported from the package entry
 * (src/index.node.ts is what `import ... from "descent"` resolves to under Node). Timed like W2:
 * one epoch (or `budgetSeconds` of it); the test pass is not timed.
 */
import { Rng, autodiff, data, jit, makeOptimizer, training, valueAndGrad, type Tensor } from "../../src/index.node.js";
import { now } from "../stats.js";
import type { FashionData } from "./w2-mlp.js";

const { fromData, logSoftmax, randomUniform, zeros } = autodiff;
const { dense, measuredThreads } = training;
type Params = Record<string, Tensor>;

/** Glorot-uniform weights (limit √(6 / (in + out))) and zero biases, float32. */
function initParams(d: number, hidden: number, k: number, rng: Rng): Params {
  const glorot = (i: number, o: number) => {
    const limit = Math.sqrt(6 / (i + o));
    return randomUniform([i, o], rng, { low: -limit, high: limit, dtype: "float32" });
  };
  return { w1: glorot(d, hidden), b1: zeros([hidden], "float32"), w2: glorot(hidden, k), b2: zeros([k], "float32") };
}

const model = (p: Params, x: Tensor) => dense(dense(x, p.w1!, p.b1!).relu(), p.w2!, p.b2!);
/** Mean softmax cross-entropy against one-hot targets. */
const lossOf = (p: Params, x: Tensor, oneHot: Tensor) => logSoftmax(model(p, x), 1).mul(oneHot).sum(1).mean().neg();

/** One-hot rows of the batch's labels into `out` (reused: the compiled step reads it in place). */
function oneHotInto(labels: Float32Array, k: number, out: Float32Array): Float32Array {
  const view = out.subarray(0, labels.length * k);
  view.fill(0);
  for (let i = 0; i < labels.length; i++) view[i * k + labels[i]!] = 1;
  return view;
}

function trainFor(train: FashionData["train"], hidden: number, batch: number, budgetSeconds: number | undefined, seed: number) {
  const k = 10;
  const rng = new Rng(seed);
  const params = initParams(train.d, hidden, k, rng);
  const compiled = jit(valueAndGrad(lossOf));
  const step = measuredThreads(compiled);
  const opt = makeOptimizer("adam", { lr: 1e-3 });
  let state = opt.init(params);
  const xBuf = new Float32Array(batch * train.d);
  const yBuf = new Float32Array(batch);
  const hot = new Float32Array(batch * k);
  let samples = 0;
  const t0 = now();
  for (const rows of data.batchIndices(train.n, batch, rng).batches) {
    const m = rows.length;
    const x = fromData(data.gatherRows(train.features, train.d, rows, xBuf.subarray(0, m * train.d)), [m, train.d]);
    const y = fromData(oneHotInto(data.gatherValues(train.targets, rows, yBuf.subarray(0, m)), k, hot), [m, k]);
    const { grad } = step(params, x, y);
    state = opt.step(params, grad, state);
    samples += m;
    if (budgetSeconds !== undefined && now() - t0 > budgetSeconds * 1000) break;
  }
  return { params, ms: now() - t0, samples, compiled: compiled.inspect().compiled };
}

function testAccuracy(params: Params, test: FashionData["test"]): number {
  const logits = model(params, fromData(test.features, [test.n, test.d])).data;
  let hits = 0;
  for (let i = 0; i < test.n; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (logits[i * 10 + c]! > logits[i * 10 + best]!) best = c;
    if (best === test.targets[i]) hits++;
  }
  return hits / test.n;
}

/** Samples per second over one (possibly cut) epoch, and test accuracy after a whole epoch. */
export function w5OwnLoop(fashion: FashionData, o: { hidden: number; batch: number; evalTest: boolean; budgetSeconds?: number }): Record<string, number> {
  trainFor(fashion.train, o.hidden, o.batch, 0.3, 7); // warm the JIT (V8's and the plan)
  const run = trainFor(fashion.train, o.hidden, o.batch, o.budgetSeconds, 1);
  const metrics: Record<string, number> = {
    samples_per_s: (run.samples * 1000) / run.ms,
    ms_per_batch: (run.ms * o.batch) / run.samples,
    samples: run.samples,
    compiled: run.compiled ? 1 : 0,
  };
  if (o.evalTest && run.samples === fashion.train.n) metrics.test_acc = testAccuracy(run.params, fashion.test);
  return metrics;
}
