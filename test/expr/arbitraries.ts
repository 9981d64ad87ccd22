/** fast-check generators of expression trees, shared by the expr property tests. */
import fc from "fast-check";
import { FUNCTION_NAMES, type Expr } from "../../src/expr/ast.js";
import { add, call, constant, div, mul, neg, num, pow, sub, variable } from "../../src/expr/ast.js";
import { evaluate } from "../../src/expr/evaluate.js";

const smallNumber = fc.oneof(
  fc.integer({ min: -12, max: 12 }).map((n) => n),
  fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }),
);

/** Any tree the parser could produce (plus num(-v) nodes), for format round trips. */
export const anyExpr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    smallNumber.map(num),
    fc.constantFrom("x", "y", "z").map(variable),
    fc.constantFrom("pi" as const, "e" as const).map(constant),
    tie("e").map(neg),
    fc.tuple(fc.constantFrom("+", "-", "*", "/", "^" as const), tie("e"), tie("e")).map(([op, l, r]) =>
      ({ kind: "binary", op, left: l, right: r }) as Expr,
    ),
    fc.tuple(fc.constantFrom(...FUNCTION_NAMES), tie("e")).map(([fn, a]) => call(fn, a)),
  ),
})).e;

/**
 * Smooth trees whose value stays finite near the sample points: log, sqrt, division and
 * real powers only see positive arguments (u^2 + 1), tan only sees sin(u), exp sees tanh(u).
 */
export const smoothExpr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => {
  const positive = tie("e").map((u) => add(pow(u, num(2)), num(1)));
  return {
    e: fc.oneof(
      { depthSize: "small", maxDepth: 4 },
      fc.integer({ min: -3, max: 3 }).map(num),
      fc.constantFrom("x", "y").map(variable),
      fc.constant(constant("pi")),
      tie("e").map(neg),
      fc.tuple(tie("e"), tie("e")).map(([a, b]) => add(a, b)),
      fc.tuple(tie("e"), tie("e")).map(([a, b]) => sub(a, b)),
      fc.tuple(tie("e"), tie("e")).map(([a, b]) => mul(a, b)),
      fc.tuple(tie("e"), positive).map(([a, b]) => div(a, b)),
      fc.tuple(tie("e"), fc.integer({ min: 0, max: 3 })).map(([a, k]) => pow(a, num(k))),
      fc.tuple(positive, tie("e")).map(([a, b]) => pow(a, call("sin", b))),
      positive.map((u) => call("log", u)),
      positive.map((u) => call("sqrt", u)),
      tie("e").map((u) => call("exp", call("tanh", u))),
      tie("e").map((u) => call("tan", call("sin", u))),
      fc.tuple(fc.constantFrom("sin", "cos", "tanh", "sigmoid", "softplus" as const), tie("e")).map(([fn, u]) =>
        call(fn, u),
      ),
    ),
  };
}).e;

/** A point in [-2, 2]^2 as an environment. */
export const point = fc
  .tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }))
  .map(([x, y]) => ({ x, y }));

/** Equal numbers, or both NaN. */
export function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** |a - b| within a relative-and-absolute tolerance. */
export function close(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance * (1 + Math.abs(a) + Math.abs(b));
}

/**
 * Whether some power a^b in `e` has a base of exactly 0 at `env`. There the power rule
 * (b·a^(b−1), or the exp/log rule) meets 0^(negative) or log 0 and the derivative may not exist,
 * so gradient comparisons skip such points. Iterative, as the trees may be deep.
 */
export function hasZeroBase(e: Expr, env: Record<string, number>): boolean {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === "binary") {
      if (n.op === "^" && evaluate(n.left, env) === 0) return true;
      stack.push(n.left, n.right);
    } else if (n.kind === "neg" || n.kind === "call") stack.push(n.arg);
  }
  return false;
}
