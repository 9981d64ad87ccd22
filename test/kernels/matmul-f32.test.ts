/**
 * The float32 matrix kernels (native C where built, WebAssembly SIMD, the JS fallback, and the size
 * dispatch between them) against a float64 triple-loop reference, in all three layouts, with
 * offsets and with accumulation into a non-zero output.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as kernels from "../../src/kernels/index.js";
import { Rng } from "../../src/random.js";
import { LAYOUTS, check, makeCase, reference } from "./helpers.js";

const wasmEverywhere = kernels.makeMatmulF32Kernels({ backend: "wasm", minWasmWork: 0 });
const nativeEverywhere = kernels.makeMatmulF32Kernels({ backend: "native", minWasmWork: 0 });
const jsOnly = kernels.makeMatmulF32Kernels({ backend: "js" });
/** Every accelerated backend this process has: WebAssembly always, native where it was built. */
const FAST = [wasmEverywhere, ...(nativeEverywhere.backend === "native" ? [nativeEverywhere] : [])];
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1], [3, 5, 7], [17, 33, 9], [4, 8, 8], [5, 300, 3], [1, 600, 1], [129, 257, 65], [64, 64, 64],
  // Matrix-vector shapes (n = 1, m = 1), short rows, and blocks past the native kernel's 256-deep, 128-row panels.
  [569, 30, 1], [37, 40, 1], [1, 40, 37], [1, 3, 70], [300, 530, 70], [133, 17, 65],
  // The native matrix-vector paths: whole blocks of 16 rows, rows shorter than, equal to and a
  // multiple of a vector, and short columns kept in registers (up to 64 rows) or not.
  [16, 7, 1], [48, 64, 1], [33, 16, 1], [64, 100, 1], [65, 20, 1], [30, 569, 1], [1, 569, 30],
];

describe("float32 matmul kernels", () => {
  test("Node 20 has WebAssembly SIMD; the default kernels use native code where it is built, else WebAssembly", () => {
    assert.equal(kernels.wasmSimdSupported(), true);
    assert.equal(kernels.getBackend(), kernels.native === null ? "wasm" : "native");
    assert.equal(wasmEverywhere.backend, "wasm");
    assert.equal(jsOnly.backend, "js");
  });

  test("the native kernels are built where CI requires them (DESCENT_REQUIRE_NATIVE=1)", (t) => {
    if (process.env.DESCENT_REQUIRE_NATIVE !== "1") return t.skip("DESCENT_REQUIRE_NATIVE is not set");
    assert.notEqual(kernels.native, null, "build/native/descent.node did not load; run node scripts/build-native.mjs --strict");
    assert.equal(nativeEverywhere.backend, "native");
  });

  for (const layout of LAYOUTS) {
    for (const [m, k, n] of SHAPES) {
      test(`${layout} ${m}×${k}×${n}: ${FAST.map((f) => f.backend).join(", ")} and the JS fallback match the reference, with offsets`, () => {
        const c = makeCase(layout, m, k, n, 3, new Rng(m * 7919 + k * 31 + n));
        const viaJs = check(jsOnly[layout], layout, c);
        for (const fast of FAST) {
          const viaFast = check(fast[layout], layout, c);
          // The paths approximate the same sums; they need not agree bit for bit.
          for (let e = 0; e < viaJs.length; e++) assert.ok(Math.abs(viaFast[e]! - viaJs[e]!) <= 1e-4 * (1 + Math.abs(viaJs[e]!)), `${fast.backend} entry ${e}`);
        }
      });
    }
    test(`${layout}: the process-wide kernel dispatches small and large products correctly`, () => {
      const kernel = layout === "nn" ? kernels.matmulNN32 : layout === "tn" ? kernels.matmulTN32 : kernels.matmulNT32;
      const rng = new Rng(42);
      check(kernel, layout, makeCase(layout, 2, 3, 4, 0, rng)); // below the threshold: JS
      check(kernel, layout, makeCase(layout, 40, 50, 45, 2, rng)); // above: native or WebAssembly
    });
  }

  test("default offsets are zero and the memory grows from a small product to a larger one", () => {
    const rng = new Rng(7);
    for (const [m, k, n] of [[2, 2, 2], [150, 200, 170], [3, 3, 3]] as const) {
      const c = makeCase("nn", m, k, n, 0, rng);
      const expected = reference("nn", c).value;
      const out = c.out.slice();
      wasmEverywhere.nn(c.a, c.b, out, m, k, n);
      for (let e = 0; e < out.length; e++) assert.ok(Math.abs(out[e]! - expected[e]!) <= 1e-3, `entry ${e}`);
    }
  });

  test("route sends small products, and any the WebAssembly side declines, to the JS loops", () => {
    const calls: string[] = [];
    const wasm = (ok: boolean) => () => (calls.push(`wasm ${ok}`), ok);
    const js: kernels.MatmulF32 = () => void calls.push("js");
    const out = new Float32Array(1);
    kernels.route(100, wasm(true), js)(out, out, out, 2, 2, 2); // 8 < 100
    kernels.route(8, wasm(true), js)(out, out, out, 2, 2, 2);
    kernels.route(8, wasm(false), js)(out, out, out, 2, 2, 2);
    assert.deepEqual(calls, ["js", "wasm true", "wasm false", "js"]);
  });

  test("empty products leave the output untouched", () => {
    const out = Float32Array.of(1, 2, 3);
    for (const fast of FAST) {
      for (const layout of LAYOUTS) fast[layout](new Float32Array(0), new Float32Array(0), out, 0, 5, 3);
      for (const layout of LAYOUTS) fast[layout](new Float32Array(0), new Float32Array(0), out, 1, 0, 3);
    }
    assert.deepEqual(Array.from(out), [1, 2, 3]);
  });

  test("random shapes and offsets in every layout (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LAYOUTS), fc.integer({ min: 1, max: 23 }), fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 23 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (layout, m, k, n, pad, seed) => {
          for (const fast of FAST) check(fast[layout], layout, makeCase(layout, m, k, n, pad, new Rng(seed)));
        },
      ),
      { numRuns: 150 },
    );
  });
});
