/**
 * The kernel layer's one chooser: `setBackend` switches every kernel at run time, refuses a
 * backend this process cannot run, and each backend gives the JS loops' bits for the element-wise
 * kernels and the JS products' values (to float32 rounding) for the matrix products.
 */
import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as kernels from "../../src/kernels/index.js";
import { Rng } from "../../src/random.js";

const start = kernels.getBackend();
afterEach(() => void kernels.setBackend(start));

function randomF32(n: number, rng: Rng, lo = -2, hi = 2): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
}

/** Runs every kernel on the current backend, on sizes above every threshold; returns all outputs. */
function runAll(): Float32Array[] {
  const rng = new Rng(7);
  const n = 5000;
  const x = randomF32(n, rng);
  const g = randomF32(n, rng);
  const relu = new Float32Array(n);
  kernels.relu(x, relu);
  const reluGrad = new Float32Array(n);
  kernels.reluGrad(g, x, reluGrad);
  const sums = kernels.columnSums(x, 100, 50, new Float32Array(50)) as Float32Array;
  const m = new Float32Array(n), v = new Float32Array(n), step = new Float32Array(n);
  kernels.adamLoop(true, g, m, v, step, n, false, 1, 0.9, 0.999, -0.001, 1 / Math.sqrt(0.001), 1e-8);
  const y = Float32Array.from({ length: 300 }, (_, i) => i % 2);
  const bceGrad = new Float32Array(300);
  const bce = Float32Array.of(kernels.bceLogits(x.subarray(0, 300), y, bceGrad, 300));
  const finite = Float32Array.of(kernels.allFinite(x) ? 1 : 0, kernels.allFinite(Float32Array.from(x).fill(NaN, 4000, 4001)) ? 1 : 0);
  const a = randomF32(40 * 30, rng), b = randomF32(30 * 20, rng);
  const nn = new Float32Array(40 * 20);
  kernels.matmulNN32(a, b, nn, 40, 30, 20);
  return [relu, reluGrad, sums, m, v, step, bceGrad, bce, finite, nn];
}

describe("kernel backends", () => {
  test("js and wasm are always available here (Node 20 has WebAssembly SIMD); native where built", () => {
    assert.deepEqual(kernels.availableBackends(), kernels.native === null ? ["wasm", "js"] : ["native", "wasm", "js"]);
    assert.equal(start, kernels.availableBackends()[0]);
  });

  test("setBackend switches the backend at run time and returns the previous one", () => {
    assert.equal(kernels.setBackend("js"), start);
    assert.equal(kernels.getBackend(), "js");
    assert.equal(kernels.setBackend("wasm"), "js");
    assert.equal(kernels.getBackend(), "wasm");
  });

  test("an unknown or unavailable backend is a one-line OptionError", () => {
    assert.throws(() => kernels.setBackend("gpu" as kernels.Backend), { name: "OptionError", message: 'unknown kernel backend "gpu" (use native, wasm, js)' });
    if (kernels.native === null) {
      assert.throws(() => kernels.setBackend("native"), { name: "OptionError", message: /^kernel backend "native" is not available here/ });
    }
    assert.equal(kernels.getBackend(), start);
  });

  test("every backend gives the JS loops' bits element-wise and the JS products to float32 rounding", () => {
    kernels.setBackend("js");
    const reference = runAll();
    for (const backend of kernels.availableBackends()) {
      kernels.setBackend(backend);
      const got = runAll();
      for (let i = 0; i < got.length - 1; i++) assert.deepEqual(got[i], reference[i], `${backend}: output ${i}`);
      const nn = got.at(-1)!, ref = reference.at(-1)!;
      for (let j = 0; j < nn.length; j++) assert.ok(Math.abs(nn[j]! - ref[j]!) <= 1e-5 * (1 + Math.abs(ref[j]!)), `${backend}: product entry ${j}`);
    }
  });

  test("the JS backend really runs the JS loops (the products equal the JS kernel's bits)", () => {
    kernels.setBackend("js");
    const rng = new Rng(3);
    const a = randomF32(64 * 64, rng), b = randomF32(64 * 64, rng);
    const viaLayer = new Float32Array(64 * 64), viaJs = new Float32Array(64 * 64);
    kernels.matmulNN32(a, b, viaLayer, 64, 64, 64);
    kernels.matmulNN32Js(a, b, viaJs, 64, 64, 64);
    assert.deepEqual(viaLayer, viaJs);
  });
});
