/** The Node-only threaded float32 kernels: rows split across workers must give the reference result. */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { makeThreadedMatmulF32Kernels } from "../../src/autodiff/kernels/threads.js";
import { makeMatmulF32Kernels } from "../../src/autodiff/kernels/matmul-f32-dispatch.js";
import { Rng } from "../../src/random.js";
import { LAYOUTS, check, makeCase } from "./helpers.js";

describe("threaded float32 matmul kernels", () => {
  const two = makeThreadedMatmulF32Kernels({ threads: 2, minWasmWork: 0, minThreadWork: 0 });
  const three = makeThreadedMatmulF32Kernels({ threads: 3, minWasmWork: 0, minThreadWork: 0 });
  const single = makeMatmulF32Kernels({ backend: "wasm", minWasmWork: 0 });
  after(() => {
    two.close();
    three.close();
  });

  test("uses WebAssembly with the requested thread count", () => {
    assert.equal(two.backend, "wasm");
    assert.equal(two.threads, 2);
    assert.equal(three.threads, 3);
  });

  // 5 rows: too few to split (stays on one thread); 9 and 129: uneven splits with an edge block.
  const SHAPES: Array<[number, number, number]> = [[1, 1, 1], [5, 7, 3], [9, 33, 17], [129, 257, 65], [64, 300, 40]];
  for (const layout of LAYOUTS) {
    for (const [m, k, n] of SHAPES) {
      test(`${layout} ${m}×${k}×${n} on 2 and 3 threads matches the reference and the single-thread kernel`, () => {
        const c = makeCase(layout, m, k, n, 2, new Rng(m * 131 + k * 7 + n));
        const viaTwo = check(two[layout], layout, c);
        const viaThree = check(three[layout], layout, c);
        const viaOne = check(single[layout], layout, c);
        // Each output tile is computed by the same code whichever thread runs it.
        assert.deepEqual(viaTwo, viaOne);
        assert.deepEqual(viaThree, viaOne);
      });
    }
  }
});
