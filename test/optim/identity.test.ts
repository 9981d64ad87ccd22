import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { applyUpdates, makeOptimizer, OPTIMIZER_NAMES, serializeState } from "../../src/optim/index.js";

test("property: step and update + applyUpdates agree bit for bit for every optimizer and option mix", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...OPTIMIZER_NAMES),
      fc.double({ min: 1e-4, max: 1, noNaN: true }),
      fc.constantFrom(0, 0.01, 0.5),
      fc.boolean(),
      fc.boolean(),
      fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
      (name, lr, weight_decay, maximize, float32, gradSeq) => {
        const opt = makeOptimizer(name, { lr, weight_decay, maximize });
        const Arr = float32 ? Float32Array : Float64Array;
        const a = { w: Arr.of(0.3, -1.2, 2) };
        const b = { w: Arr.of(0.3, -1.2, 2) };
        const sa = opt.init(a);
        let sb = opt.init(b);
        for (const g of gradSeq) {
          opt.step(a, { w: Arr.from(g) }, sa);
          const r = opt.update({ w: Arr.from(g) }, sb, b);
          sb = r.state;
          applyUpdates(b, r.updates);
        }
        assert.deepEqual(a, b);
        assert.deepEqual(serializeState(sa), serializeState(sb));
      },
    ),
    { numRuns: 300 },
  );
});
