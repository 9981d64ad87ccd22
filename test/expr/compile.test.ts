import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse, compile, evaluate, differentiate, format, toTensorFunction } from "../../src/expr/index.js";
import { tensor, grad, scalar } from "../../src/autodiff/index.js";
import { DescentError } from "../../src/errors.js";
import { close, hasZeroBase, point, smoothExpr } from "./arbitraries.js";

test("compiled Rosenbrock: value and gradient at a known point", () => {
  const f = compile(parse("(1 - x)^2 + 100*(y - x^2)^2"), ["x", "y"]);
  const g = new Float64Array(2);
  // f(-1.5, 2) = 2.5^2 + 100*(2 - 2.25)^2 = 12.5; ∇ = (-2(1-x) - 400x(y-x^2), 200(y-x^2)) = (-155, -50)
  assert.equal(f.valueAndGrad(new Float64Array([-1.5, 2]), g), 12.5);
  assert.deepEqual([...g], [-155, -50]);
  assert.equal(f.value([-1.5, 2]), 12.5);
  assert.deepEqual(f.variables, ["x", "y"]);
});

test("unused variables get zero gradient; unknown ones are refused", () => {
  const f = compile(parse("3*y"), ["x", "y", "z"]);
  const g = new Float64Array([9, 9, 9]);
  assert.equal(f.valueAndGrad(new Float64Array([1, 2, 3]), g), 6);
  assert.deepEqual([...g], [0, 3, 0]);
  assert.throws(() => compile(parse("x + w"), ["x"]), DescentError);
});

test("non-finite values propagate without throwing", () => {
  const f = compile(parse("log(x) + sqrt(y)"), ["x", "y"]);
  const g = new Float64Array(2);
  assert.ok(Number.isNaN(f.valueAndGrad(new Float64Array([1, -1]), g)));
  assert.equal(f.value([0, 1]), -Infinity);
});

test("x^0 has gradient 0 everywhere, also at x = 0 (found by the property test below)", () => {
  const f = compile(parse("tan(sin(-(x^0)))"), ["x", "y"]);
  const g = new Float64Array(2);
  f.valueAndGrad(new Float64Array([0, 0]), g);
  assert.deepEqual([...g], [0, 0]);
});

test("compiled value and gradient = evaluate and symbolic derivative (random smooth trees)", () => {
  fc.assert(
    fc.property(smoothExpr, point, (e, env) => {
      const f = compile(e, ["x", "y"]);
      const x = new Float64Array([env.x, env.y]);
      const g = new Float64Array(2);
      const expected = evaluate(e, env);
      fc.pre(Number.isFinite(expected) && Math.abs(expected) < 1e6);
      assert.ok(close(f.valueAndGrad(x, g), expected, 1e-12), format(e));
      assert.ok(close(f.value(x), expected, 1e-12));
      fc.pre(!hasZeroBase(e, env)); // 0^b: the derivative may not exist there
      for (const [k, name] of ["x", "y"].entries()) {
        const symbolic = evaluate(differentiate(e, name), env);
        assert.ok(close(g[k]!, symbolic, 1e-8), `d/d${name} ${format(e)}: ${g[k]} vs ${symbolic}`);
      }
    }),
    { numRuns: 300 },
  );
});

test("tensor function: autodiff gradient = symbolic derivative = finite differences", () => {
  const sources = [
    "-2*exp(-0.5*((x+1)^2 + (y-1)^2)) - exp(-0.5*((x-1)^2 + (y+1)^2))",
    "(1 - x)^2 + 100*(y - x^2)^2",
    "sigmoid(x*y) + softplus(x - y) + tanh(x)^3 + sqrt(x^2 + 1)*log(y^2 + 2) + abs(x) + x^y^2/(1 + y^2)",
  ];
  for (const src of sources) {
    const e = parse(src);
    const f = toTensorFunction(e, ["x", "y"]);
    const env = { x: 0.7, y: 1.3 };
    const [gx, gy] = grad((a, b) => f(a, b), [0, 1])(scalar(env.x), scalar(env.y));
    assert.ok(close(f(scalar(env.x), scalar(env.y)).item(), evaluate(e, env), 1e-12));
    const h = 1e-6;
    const fdx = (evaluate(e, { ...env, x: env.x + h }) - evaluate(e, { ...env, x: env.x - h })) / (2 * h);
    const fdy = (evaluate(e, { ...env, y: env.y + h }) - evaluate(e, { ...env, y: env.y - h })) / (2 * h);
    assert.ok(close(gx!.item(), evaluate(differentiate(e, "x"), env), 1e-10), src);
    assert.ok(close(gy!.item(), evaluate(differentiate(e, "y"), env), 1e-10), src);
    assert.ok(close(gx!.item(), fdx, 1e-6), src);
    assert.ok(close(gy!.item(), fdy, 1e-6), src);
  }
});

test("tensor function works elementwise on vectors", () => {
  const f = toTensorFunction(parse("6x^2 - 12x + 3"), ["x"]);
  assert.deepEqual(f(tensor([0, 1, 2])).toArray(), [3, -3, 3]);
  assert.equal(toTensorFunction(parse("2*pi"), ["x"])(scalar(0)).item(), 2 * Math.PI);
});
