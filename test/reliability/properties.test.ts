/**
 * Property tests from the reliability issue: the parser on random strings throws nothing but its
 * own error, and every optimizer with a small learning rate decreases random convex quadratics.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse } from "../../src/expr/index.js";
import { ParseError } from "../../src/errors.js";
import { makeOptimizer, OPTIMIZER_NAMES } from "../../src/optim/index.js";

const EXPRESSION_ALPHABET = [..."0123456789.xyz+-*/^(),e ", "sin", "exp", "log", "pi", "−", "×", "1e", "E-"];

describe("parser on random input", () => {
  const check = (src: string) => {
    try {
      parse(src);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      assert.ok(!e.message.includes("\n"), "one line");
      assert.ok(e.column >= 1 && e.column <= src.length + 1, `column ${e.column} within the input`);
    }
  };
  test("arbitrary unicode strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), check), { numRuns: 2000 });
  });
  test("strings built from the expression alphabet", () => {
    const tokens = fc.array(fc.constantFrom(...EXPRESSION_ALPHABET), { maxLength: 30 }).map((t) => t.join(""));
    fc.assert(fc.property(tokens, check), { numRuns: 3000 });
  });
});

/** f(x) = ½ xᵀAx + bᵀx with A = MᵀM + I (positive definite). */
function quadratic(m: number[][], b: number[]) {
  const n = b.length;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => m.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? 1 : 0)));
  const value = (x: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += b[i]! * x[i]!;
      for (let j = 0; j < n; j++) s += 0.5 * x[i]! * a[i]![j]! * x[j]!;
    }
    return s;
  };
  const gradient = (x: Float64Array, g: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let s = b[i]!;
      for (let j = 0; j < n; j++) s += a[i]![j]! * x[j]!;
      g[i] = s;
    }
  };
  return { value, gradient };
}

describe("optimizers on random convex quadratics", () => {
  const coefficient = fc.double({ min: -2, max: 2, noNaN: true });
  const problem = fc.record({
    m: fc.array(fc.array(coefficient, { minLength: 3, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
    b: fc.array(coefficient, { minLength: 3, maxLength: 3 }),
    x0: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
  });
  for (const name of OPTIMIZER_NAMES) {
    test(`${name} with a small learning rate decreases the value`, () => {
      fc.assert(
        fc.property(problem, ({ m, b, x0 }) => {
          const f = quadratic(m, b);
          const x = Float64Array.from(x0);
          const g = new Float64Array(3);
          f.gradient(x, g);
          // Far enough from the minimum that 20 steps of size ~lr (sign-like methods such as Adam)
          // cannot jump past it: |∇f| ≤ L·distance with L ≤ 13 here.
          fc.pre(Math.hypot(...g) > 0.5);
          const start = f.value(x);
          const opt = makeOptimizer(name, name === "adadelta" ? { lr: 0.1 } : { lr: 5e-4 });
          let state = opt.init({ x });
          for (let k = 0; k < 20; k++) {
            f.gradient(x, g);
            state = opt.step({ x }, { x: g }, state);
          }
          assert.ok(f.value(x) < start, `${name}: ${f.value(x)} is not below ${start}`);
        }),
        { numRuns: 100 },
      );
    });
  }
});
