/** Property test: random compositions of unary and binary ops agree with finite differences. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as ad from "../../src/autodiff/index.js";
import type { Tensor } from "../../src/autodiff/index.js";
import { weightedSum } from "./helpers.js";

// Ops restricted to smooth, bounded-domain forms so random programs stay differentiable:
// log and sqrt see softplus(x)+0.5 (positive), division sees 1 + x² (away from zero).
const UNARY: Array<(x: Tensor) => Tensor> = [
  (x) => x.tanh(), (x) => x.sin(), (x) => x.sigmoid(), (x) => x.square().mul(0.5),
  (x) => x.softplus().add(0.5).log(), (x) => x.softplus().add(0.5).sqrt(), (x) => x.mul(0.5).exp(), (x) => x.neg(),
];
const BINARY: Array<(a: Tensor, b: Tensor) => Tensor> = [
  (a, b) => a.add(b), (a, b) => a.sub(b), (a, b) => a.mul(b), (a, b) => a.div(b.square().add(1)),
];

interface Step { kind: "unary" | "binary"; op: number; left: number; right: number }

const stepArb = fc.record({
  kind: fc.constantFrom<"unary" | "binary">("unary", "binary"),
  op: fc.nat(),
  left: fc.nat(),
  right: fc.nat(),
});

/** A straight-line program over a value list seeded with the two inputs (one broadcast row). */
function program(steps: Step[]): (x: Tensor, y: Tensor) => Tensor {
  return (x, y) => {
    const values: Tensor[] = [x, y];
    for (const s of steps) {
      const a = values[s.left % values.length]!;
      const b = values[s.right % values.length]!;
      values.push(s.kind === "unary" ? UNARY[s.op % UNARY.length]!(a) : BINARY[s.op % BINARY.length]!(a, b));
    }
    // Combine the last value with an input so the output always depends on both.
    return weightedSum(values[values.length - 1]!.add(x.mul(y)));
  };
}

test("random op compositions: autodiff matches central differences (float64)", () => {
  fc.assert(
    fc.property(
      fc.array(stepArb, { minLength: 1, maxLength: 8 }),
      fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }),
      fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
      (steps, xs, ys) => {
        const x = ad.tensor(xs, { shape: [2, 3] });
        const y = ad.tensor(ys, { shape: [3] });
        const r = ad.checkGradient(program(steps), [x, y]);
        assert.ok(r.maxRelError < 1e-5, `maxRelError ${r.maxRelError} at ${JSON.stringify(r.worst)}`);
      },
    ),
    { numRuns: 150, seed: 42 },
  );
});

test("random op compositions: float32 gradients agree with float64 ones", () => {
  fc.assert(
    fc.property(
      fc.array(stepArb, { minLength: 1, maxLength: 6 }),
      fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }),
      (steps, xs) => {
        const f = program(steps);
        const y = ad.tensor([0.3, -0.7, 1.1]);
        const x64 = ad.tensor(xs, { shape: [2, 3] });
        const g64 = ad.grad(f)(x64, y);
        const g32 = ad.grad(f)(x64.astype("float32"), y.astype("float32"));
        assert.equal(g32.dtype, "float32");
        for (let i = 0; i < g64.size; i++) {
          const a = g64.data[i]!;
          const b = g32.data[i]!;
          assert.ok(Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(a)), `element ${i}: ${a} vs ${b}`);
        }
      },
    ),
    { numRuns: 100, seed: 7 },
  );
});
