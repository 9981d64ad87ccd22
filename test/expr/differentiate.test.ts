import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse, format, differentiate, evaluate, simplify } from "../../src/expr/index.js";
import { close, hasZeroBase, point, smoothExpr } from "./arbitraries.js";

const d = (src: string, name = "x") => format(differentiate(parse(src), name));

test("derivatives of the article's functions read as a person writes them", () => {
  assert.equal(d("6*x^2 + 9*y^2 - 12*x - 14*y + 3", "x"), "12*x - 12");
  assert.equal(d("6*x^2 + 9*y^2 - 12*x - 14*y + 3", "y"), "18*y - 14");
  assert.equal(d("6x^2 - 12x + 3"), "12*x - 12");
  assert.equal(d("6x^2 – 12x + 3"), "12*x - 12");
});

test("simplification rules", () => {
  const s = (src: string) => format(simplify(parse(src)));
  assert.equal(s("2*(6*x)"), "12*x");
  assert.equal(s("x^1 + 0*y + 1*z"), "x + z");
  assert.equal(s("3x + 2x - 5"), "5*x - 5");
  assert.equal(s("x*x*x"), "x^3");
  assert.equal(s("x/x"), "1");
  assert.equal(s("2 + 3*4"), "14");
  assert.equal(s("-(x - 1)"), "1 - x");
  assert.equal(s("y - x^2"), "y - x^2");
  assert.equal(s("x^0"), "1");
  assert.equal(s("(2x)^2"), "4*x^2");
  assert.equal(s("x/2"), "x/2");
});

test("chain rule for every function", () => {
  assert.equal(d("sin(2x)"), "2*cos(2*x)");
  assert.equal(d("cos(x)"), "-sin(x)");
  assert.equal(d("tan(x)"), "tan(x)^2 + 1");
  assert.equal(d("exp(3x)"), "3*exp(3*x)");
  assert.equal(d("log(x)"), "1/x");
  assert.equal(d("sqrt(x)"), "1/(2*sqrt(x))");
  assert.equal(d("abs(x)"), "x/abs(x)");
  assert.equal(d("tanh(x)"), "1 - tanh(x)^2");
  assert.equal(d("sigmoid(x)"), "(1 - sigmoid(x))*sigmoid(x)");
  assert.equal(d("softplus(x)"), "sigmoid(x)");
  assert.equal(d("x^y"), "y*x^(y - 1)");
  assert.equal(d("2^x"), "2^x*log(2)");
  assert.equal(d("(1 - x)^2 + 100*(y - x^2)^2"), "-400*x*(y - x^2) - 2*(1 - x)");
  assert.equal(d("y", "x"), "0");
});

test("symbolic derivative equals central finite differences (random smooth trees)", () => {
  fc.assert(
    fc.property(smoothExpr, point, fc.constantFrom("x", "y"), (e, env, name) => {
      const f = (t: number) => evaluate(e, { ...env, [name]: t });
      const at = env[name as "x" | "y"];
      const h = 1e-5;
      const fd = (f(at + h) - f(at - h)) / (2 * h);
      const symbolic = evaluate(differentiate(e, name), env);
      fc.pre(Number.isFinite(fd) && Math.abs(f(at)) < 1e6 && !hasZeroBase(e, env));
      assert.ok(close(symbolic, fd, 1e-4), `d/d${name} ${format(e)} = ${format(differentiate(e, name))}: ${symbolic} vs ${fd}`);
    }),
    { numRuns: 400 },
  );
});

test("simplify keeps the value (random smooth trees)", () => {
  fc.assert(
    fc.property(smoothExpr, point, (e, env) => {
      const before = evaluate(e, env);
      fc.pre(Number.isFinite(before) && Math.abs(before) < 1e6);
      assert.ok(close(evaluate(simplify(e), env), before, 1e-9), format(e));
    }),
    { numRuns: 400 },
  );
});
