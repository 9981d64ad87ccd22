/** Curvature of functions at points: exact Hessians of the article's functions, kinds, edges, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { curvatureAt, curvatureFunction, symmetricEigen } from "../../src/curvature/index.js";
import { NAMED_FUNCTIONS, parse, resolveFunction, toTensorFunction } from "../../src/expr/index.js";
import * as ad from "../../src/autodiff/index.js";
import { DomainError } from "../../src/errors.js";

const at = (source: string, point: number[], momentum?: number) => {
  const fn = resolveFunction(source);
  return curvatureAt(fn.expr, fn.variables, point, momentum === undefined ? {} : { momentum });
};

test("article-1d: curvature 12 everywhere, so plain gradient descent diverges past 2/12 = 1/6", () => {
  const c = at("article-1d", [1]);
  assert.deepEqual(c.hessian, [[12]]);
  assert.equal(c.L, 12);
  assert.equal(c.maxStableLearningRate, 1 / 6);
  assert.equal(c.kind, "minimum");
  assert.equal(c.stationary, true);
  assert.equal(c.heavyBall.maxStableLearningRate, (2 * 1.9) / 12);
});

test("article-2d: eigenvalues 18 and 12 along y and x, 2/L = 2/18, condition number 1.5", () => {
  const c = at("article-2d", [1, 7 / 9], 0.5);
  assert.deepEqual(c.hessian, [[12, 0], [0, 18]]);
  assert.deepEqual(c.eigenvalues, [18, 12]);
  assert.deepEqual(c.eigenvectors, [[0, 1], [1, 0]]);
  assert.equal(c.maxStableLearningRate, 2 / 18);
  assert.equal(c.conditionNumber, 1.5);
  assert.equal(c.heavyBall.maxStableLearningRate, (2 * 1.5) / 18);
  assert.equal(c.kind, "minimum");
});

test("kinds: saddle, maximum, flat, and a bowl away from its minimum", () => {
  assert.equal(at("saddle", [0, 0]).kind, "saddle");
  assert.equal(at("-x^2 - 3*y^2", [0, 0]).kind, "maximum");
  assert.equal(at("-x^2 - 3*y^2", [0, 0]).maxStableLearningRate, null);
  assert.equal(at("x^4 + y^4", [0, 0]).kind, "flat");
  const away = at("article-2d", [0, 0]);
  assert.equal(away.kind, "minimum");
  assert.equal(away.stationary, false);
});

test("Rosenbrock at (1, 1) and Booth: Hessians and eigenvalues in closed form", () => {
  const r = at("rosenbrock", [1, 1]);
  assert.deepEqual(r.hessian, [[802, -400], [-400, 200]]);
  const disc = Math.sqrt(602 * 602 + 4 * 400 * 400);
  assert.ok(Math.abs(r.L - (1002 + disc) / 2) < 1e-9 && Math.abs(r.mu - (1002 - disc) / 2) < 1e-9);
  const b = at("booth", [1, 3]);
  assert.deepEqual(b.hessian, [[10, 8], [8, 10]]);
  assert.ok(Math.abs(b.eigenvalues[0]! - 18) < 1e-12 && Math.abs(b.eigenvalues[1]! - 2) < 1e-12);
  const s = Math.SQRT1_2;
  b.eigenvectors[0]!.forEach((x) => assert.ok(Math.abs(x - s) < 1e-12));
});

test("symbolic Hessians of every named function agree with autodiff's hessian", () => {
  for (const named of NAMED_FUNCTIONS) {
    const fn = resolveFunction(named.name);
    const point = fn.domain.map(([lo, hi]) => lo + 0.37 * (hi - lo));
    const symbolic = curvatureFunction(fn.expr, fn.variables).at(point).hessian.flat();
    const f = toTensorFunction(fn.expr, fn.variables);
    const viaAutodiff = ad.hessian((p: ad.Tensor) => f(...fn.variables.map((_, i) => p.slice([[i, i + 1]]))).sum())(ad.tensor(point)).data;
    symbolic.forEach((h, i) => assert.ok(Math.abs(h - viaAutodiff[i]!) <= 1e-9 * Math.max(1, Math.abs(h)), `${named.name}[${i}]: ${h} vs ${viaAutodiff[i]}`));
  }
});

test("Jacobi eigenvectors satisfy H·v = λ·v on a 4×4 matrix", () => {
  const h = [[4, 1, -2, 2], [1, 2, 0, 1], [-2, 0, 3, -2], [2, 1, -2, -1]];
  const { values, vectors } = symmetricEigen(h);
  values.forEach((l, k) => {
    const v = vectors[k]!;
    h.forEach((row, i) => assert.ok(Math.abs(row.reduce((s, x, j) => s + x * v[j]!, 0) - l * v[i]!) < 1e-12));
  });
  assert.ok(values.every((l, k) => k === 0 || l <= values[k - 1]!));
});

test("bad points: outside the domain, and a non-finite Hessian, are one-line DomainErrors", () => {
  assert.throws(() => curvatureAt(parse("log(x)"), ["x"], [-1]), (e: unknown) => e instanceof DomainError && /f is not defined at x=-1/.test(e.message) && !e.message.includes("\n"));
  assert.throws(() => curvatureAt(parse("sqrt(x^2 + y^2)"), ["x", "y"], [0, 0]), (e: unknown) => e instanceof DomainError && /Hessian at x=0, y=0 is not finite/.test(e.message));
  assert.throws(() => curvatureAt(parse("x^2"), ["x"], [NaN]), DomainError);
});
