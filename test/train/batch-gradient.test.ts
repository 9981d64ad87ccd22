/**
 * The trainer's compiled batch gradient (jit(valueAndGrad(...)), a replayed plan) against the
 * eager autodiff graph: every model kind, activation and loss, full and partial batches (each a
 * plan of its own), and repeated calls on reused buffers, bit for bit.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/random.js";
import { typedArraysAllocated } from "../../src/autodiff/index.js";
import { createModel, lossFunction, makeGradientFunction, makeBatchGradient, type LossName, type ModelSpec } from "../../src/train/index.js";

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

function spec(kind: ModelSpec["kind"], hidden: number[], activation: ModelSpec["activation"], outputs: number, head: ModelSpec["head"]): ModelSpec {
  return { kind, inputs: 13, hidden, activation, outputs, head };
}

const CASES: Array<[string, ModelSpec, LossName]> = [
  ["logistic + bce", spec("logistic", [], "identity", 1, "sigmoid"), "bce"],
  ["softmax + cross-entropy", spec("softmax", [], "identity", 4, "softmax"), "cross-entropy"],
  ["linear + mse", spec("linear", [], "identity", 1, "identity"), "mse"],
  ["linear + mae", spec("linear", [], "identity", 1, "identity"), "mae"],
  ["mlp relu, two hidden layers", spec("mlp", [70, 9], "relu", 3, "softmax"), "cross-entropy"],
  ["mlp tanh", spec("mlp", [17], "tanh", 1, "identity"), "mse"],
  ["mlp sigmoid + bce", spec("mlp", [8, 5], "sigmoid", 1, "sigmoid"), "bce"],
  ["mlp identity activation", spec("mlp", [6], "identity", 3, "softmax"), "cross-entropy"],
  ["mlp relu, wide enough for the native kernels", spec("mlp", [300], "relu", 10, "softmax"), "cross-entropy"],
];

for (const [name, s, loss] of CASES) {
  test(`${name}: the compiled gradient equals the eager graph's bit for bit, over batches of changing size`, () => {
    const rng = new Rng(3);
    const model = createModel(s, "glorot-uniform", rng);
    const viaGraph = makeGradientFunction(s, lossFunction(loss));
    const viaWorkspace = makeBatchGradient(s, loss);
    for (const m of [64, 64, 17, 1, 130, 64, 17, 64]) {
      const x = Float32Array.from({ length: m * s.inputs }, () => rng.uniform(-2, 2));
      const y = Float32Array.from({ length: m }, () => (s.head === "identity" ? rng.uniform(-3, 3) : rng.int(s.head === "sigmoid" ? 2 : s.outputs)));
      const want = viaGraph(model.params, x, y);
      const got = viaWorkspace(model.params, x, y);
      assert.ok(Object.is(got.loss, want.loss), `m ${m}: loss ${got.loss} vs ${want.loss}`);
      assert.deepEqual(bits(got.outputs), bits(want.outputs), `m ${m}: outputs`);
      for (const k of Object.keys(want.grads)) assert.deepEqual(bits(got.grads[k]!), bits(want.grads[k]!), `m ${m}: ${k}`);
      assert.equal(viaWorkspace.inspect().compiled, true, `m ${m}: ${viaWorkspace.inspect().reason}`);
      // Move the weights a little so later batches see new values (buffers must not carry state).
      for (const p of Object.values(model.params)) for (let i = 0; i < p.length; i++) p[i] = p[i]! * 0.9 + 0.01;
    }
  });
}

test("a compiled batch step allocates no typed array once its plan is traced and checked", () => {
  const s = spec("mlp", [70, 9], "relu", 3, "softmax");
  const rng = new Rng(4);
  const model = createModel(s, "glorot-uniform", rng);
  const step = makeBatchGradient(s, "cross-entropy");
  const x = Float32Array.from({ length: 32 * s.inputs }, () => rng.uniform(-2, 2));
  const y = Float32Array.from({ length: 32 }, () => rng.int(3));
  step(model.params, x, y); // trace
  const checked = step(model.params, x, y); // first replay, checked against an eager run
  const before = typedArraysAllocated();
  const again = step(model.params, x, y);
  assert.equal(typedArraysAllocated() - before, 0);
  assert.equal(again.grads["dense0.weight"], checked.grads["dense0.weight"], "the gradient buffers are the plan's own");
});

test("the batch gradient names a batch whose features do not fill its rows", () => {
  const s = spec("logistic", [], "identity", 1, "sigmoid");
  const g = makeBatchGradient(s, "bce");
  assert.throws(() => g(createModel(s, "zeros", new Rng(1)).params, new Float32Array(20), new Float32Array(3)), /does not hold 3 rows of 13 features/);
});
