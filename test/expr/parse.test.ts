import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { parse, format, evaluate, variablesOf } from "../../src/expr/index.js";
import { ParseError } from "../../src/errors.js";

const at = { x: 1.7, y: -0.3 };
const value = (src: string, env: Record<string, number> = at) => evaluate(parse(src), env);

describe("parse: accepted input", () => {
  test("article functions, including the en dash and unicode minus the article uses", () => {
    assert.equal(format(parse("6x^2 – 12x + 3")), "6*x^2 - 12*x + 3");
    assert.equal(format(parse("6x^2 + 9y^2 − 12x − 14y + 3")), "6*x^2 + 9*y^2 - 12*x - 14*y + 3");
    assert.equal(value("6x^2 - 12x + 3", { x: 1 }), -3);
    assert.equal(format(parse("2×x·y")), "2*x*y");
  });

  test("precedence and associativity", () => {
    assert.equal(value("1 + 2*3"), 7);
    assert.equal(value("2^3^2"), 512); // right-associative
    assert.equal(value("(2^3)^2"), 64);
    assert.equal(value("8/4/2"), 1); // left-associative
    assert.equal(value("8 - 4 - 2"), 2);
    assert.equal(value("-x^2", { x: 3 }), -9); // ^ binds tighter than unary minus
    assert.equal(value("-2^2"), -4);
    assert.equal(value("2^-1"), 0.5);
    assert.equal(value("2^-x", { x: 2 }), 0.25);
    assert.equal(value("--x", { x: 2 }), 2);
    assert.equal(value("+x", { x: 2 }), 2);
    assert.equal(format(parse("-2*exp(-0.5*((x+1)^2 + (y-1)^2))")), "-2*exp(-0.5*((x + 1)^2 + (y - 1)^2))");
  });

  test("implicit multiplication after a number, a closing parenthesis or a constant", () => {
    assert.equal(format(parse("6x")), "6*x");
    assert.equal(format(parse("6x^2")), "6*x^2");
    assert.equal(format(parse("2(x+1)")), "2*(x + 1)");
    assert.equal(format(parse("(x+1)(x-1)")), "(x + 1)*(x - 1)");
    assert.equal(format(parse("2 sin(x)")), "2*sin(x)");
    assert.equal(format(parse("2πx")), "2*pi*x");
    assert.equal(value("6x/2", { x: 2 }), 6);
  });

  test("numbers with exponents and leading dots", () => {
    assert.equal(value("1e-3"), 0.001);
    assert.equal(value("2.5E+2"), 250);
    assert.equal(value(".5"), 0.5);
    assert.equal(value("3."), 3);
    assert.equal(value("2e"), 2 * Math.E); // no digits after e: the constant
    assert.equal(value("1e3x", { x: 2 }), 2000);
  });

  test("functions and constants", () => {
    assert.equal(value("sin(pi/2)"), 1);
    assert.equal(value("log(e)"), 1);
    assert.equal(value("sqrt(16) + abs(-2) + exp(0) + tanh(0) + cos(0) + tan(0)"), 8);
    assert.equal(value("sigmoid(0)"), 0.5);
    assert.equal(value("softplus(0)"), Math.log(2));
    assert.equal(value("softplus(1000)"), 1000);
    assert.equal(value("softplus(-1000)"), 0);
  });

  test("variables in order of first appearance; pi and e are not variables", () => {
    assert.deepEqual(variablesOf(parse("y*x + pi*z + e + x")), ["y", "x", "z"]);
    assert.deepEqual(variablesOf(parse("x", { variables: ["x", "y"] })), ["x"]);
  });
});

describe("parse: errors", () => {
  const cases: Array<[string, string, number]> = [
    ["6x^^2", 'cannot parse "6x^^2": unexpected "^" at column 4', 4],
    ["x +", 'cannot parse "x +": unexpected end of input at column 4', 4],
    ["", 'cannot parse "": empty expression', 1],
    ["   ", 'cannot parse "   ": empty expression', 1],
    ["foo(x)", 'cannot parse "foo(x)": unknown function "foo" at column 1', 1],
    ["2*x(y+1)", 'cannot parse "2*x(y+1)": unknown function "x" at column 3', 3],
    ["(x+1", 'cannot parse "(x+1": unbalanced parenthesis at column 1', 1],
    ["x+1)", 'cannot parse "x+1)": unbalanced parenthesis at column 4', 4],
    ["sin(x", 'cannot parse "sin(x": unbalanced parenthesis at column 4', 4],
    ["2 sin x", 'cannot parse "2 sin x": function "sin" needs parentheses at column 3', 3],
    ["x $ y", 'cannot parse "x $ y": unexpected "$" at column 3', 3],
    ["x y", 'cannot parse "x y": unexpected "y" at column 3', 3],
    ["()", 'cannot parse "()": unexpected ")" at column 2', 2],
    ["3 * / x", 'cannot parse "3 * / x": unexpected "/" at column 5', 5],
    ["x + ×", 'cannot parse "x + ×": unexpected "×" at column 5', 5],
  ];
  for (const [src, message, column] of cases) {
    test(JSON.stringify(src), () => {
      assert.throws(
        () => parse(src),
        (e: unknown) => e instanceof ParseError && e.message === message && e.column === column && e.input === src,
      );
    });
  }

  test("an unknown variable names itself and its column", () => {
    assert.throws(
      () => parse("x + 2*z", { variables: ["x", "y"] }),
      (e: unknown) =>
        e instanceof ParseError &&
        e.message === 'cannot parse "x + 2*z": unknown variable "z" (variables: x, y) at column 7' &&
        e.column === 7,
    );
  });

  test("absurdly deep input is a ParseError, not a stack overflow", () => {
    assert.throws(() => parse("(".repeat(5000) + "x" + ")".repeat(5000)), ParseError);
    assert.throws(() => parse("-".repeat(5000) + "x"), ParseError);
    assert.throws(() => parse(Array(2000).fill("x").join("+")), ParseError);
  });
});
