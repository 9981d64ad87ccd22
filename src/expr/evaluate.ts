/** Numeric evaluation of an expression at a point. */
import { DescentError } from "../errors.js";
import { CONSTANTS, type BinaryOperator, type Expr, type FunctionName } from "./ast.js";

/** log(1 + e^x) without overflow for large x or loss of precision for very negative x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The numeric meaning of every function an expression may call. */
export const FUNCTION_VALUES: Readonly<Record<FunctionName, (x: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  tanh: Math.tanh,
  sigmoid,
  softplus,
};

/**
 * The value of `expr` with variables taken from `env`. Non-finite results propagate as NaN or
 * ±Infinity; only a variable missing from `env` throws.
 */
/** A binary operator on numbers (shared with the tensor bridge's constant folding). */
export function applyBinary(op: BinaryOperator, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "^":
      return Math.pow(a, b);
  }
}

export function evaluate(expr: Expr, env: Readonly<Record<string, number>>): number {
  switch (expr.kind) {
    case "num":
      return expr.value;
    case "const":
      return CONSTANTS[expr.name];
    case "var": {
      const v = env[expr.name];
      if (v === undefined) throw new DescentError(`variable "${expr.name}" has no value`);
      return v;
    }
    case "neg":
      return -evaluate(expr.arg, env);
    case "call":
      return FUNCTION_VALUES[expr.fn](evaluate(expr.arg, env));
    case "binary":
      return applyBinary(expr.op, evaluate(expr.left, env), evaluate(expr.right, env));
  }
}
