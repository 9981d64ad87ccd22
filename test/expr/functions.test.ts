import { test } from "node:test";
import assert from "node:assert/strict";
import { NAMED_FUNCTIONS, resolveFunction, compile, differentiate, evaluate, format } from "../../src/expr/index.js";
import { OptionError, ParseError } from "../../src/errors.js";

test("every named function parses over its declared variables, with a domain per variable", () => {
  for (const f of NAMED_FUNCTIONS) {
    const r = resolveFunction(f.name);
    assert.equal(r.name, f.name);
    assert.deepEqual(r.variables, f.variables);
    assert.equal(r.domain.length, f.variables.length);
    for (const [lo, hi] of r.domain) assert.ok(lo < hi);
  }
});

test("stored minima: gradient below 1e-6 and the stored value", () => {
  for (const f of NAMED_FUNCTIONS) {
    const { expr, variables } = resolveFunction(f.name);
    const compiled = compile(expr, variables);
    for (const m of f.minima) {
      const g = new Float64Array(variables.length);
      const value = compiled.valueAndGrad(Float64Array.from(m.point), g);
      assert.ok(Math.abs(value - m.value) < 1e-12, `${f.name} at ${m.point}: ${value} vs ${m.value}`);
      if (m.differentiable === false) continue;
      assert.ok(Math.hypot(...g) < 1e-6, `${f.name} at ${m.point}: |∇f| = ${Math.hypot(...g)}`);
    }
  }
});

test("the global minimum of each function is no higher than its other known minima or a grid", () => {
  for (const f of NAMED_FUNCTIONS.filter((f) => f.minima.length > 0 && f.variables.length === 2)) {
    const { expr } = resolveFunction(f.name);
    const best = Math.min(...f.minima.filter((m) => m.kind === "global").map((m) => m.value));
    for (const m of f.minima) assert.ok(m.value >= best - 1e-12);
    const [[x0, x1], [y0, y1]] = f.domain as [[number, number], [number, number]];
    for (let i = 0; i <= 40; i++) {
      for (let j = 0; j <= 40; j++) {
        const v = evaluate(expr, { x: x0 + ((x1 - x0) * i) / 40, y: y0 + ((y1 - y0) * j) / 40 });
        assert.ok(v >= best - 1e-9, `${f.name} grid value ${v} below ${best}`);
      }
    }
  }
});

test("the article's functions, their derivatives and Lipschitz constants", () => {
  const one = resolveFunction("article-1d");
  assert.equal(format(differentiate(one.expr, "x")), "12*x - 12");
  assert.equal(one.lipschitz, 12);
  const two = resolveFunction("article-2d");
  assert.equal(format(differentiate(two.expr, "x")), "12*x - 12");
  assert.equal(format(differentiate(two.expr, "y")), "18*y - 14");
  assert.equal(two.lipschitz, 18);
  assert.ok(Math.abs(two.minima[0]!.value - evaluate(two.expr, { x: 1, y: 7 / 9 })) < 1e-15);
  assert.deepEqual(resolveFunction("saddle").minima, []);
});

test("typed expressions get a default domain and no minima", () => {
  const r = resolveFunction("y^2 + 3x");
  assert.equal(r.name, undefined);
  assert.deepEqual(r.variables, ["y", "x"]);
  assert.deepEqual(r.domain, [[-3, 3], [-3, 3]]);
  assert.deepEqual(r.minima, []);
  assert.deepEqual(resolveFunction("x^2", { variables: ["x", "y"] }).variables, ["x", "y"]);
  assert.throws(() => resolveFunction("x^^2"), ParseError);
  assert.throws(() => resolveFunction("rosenbrok"), (e: unknown) => e instanceof OptionError && /did you mean rosenbrock/.test(e.message));
  assert.deepEqual(resolveFunction("rose").variables, ["rose"]);
});
