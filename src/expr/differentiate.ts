/** Symbolic differentiation, simplified so the result reads as a person would write it. */
import {
  add,
  call,
  dependsOn,
  div,
  mul,
  neg,
  num,
  pow,
  sub,
  type Expr,
  type FunctionName,
} from "./ast.js";
import { simplify } from "./simplify.js";

/** d expr / d name, simplified: d/dx of `6x^2 - 12x + 3` is `12*x - 12`. */
export function differentiate(expr: Expr, name: string): Expr {
  return simplify(derivative(expr, name));
}

function derivative(e: Expr, x: string): Expr {
  if (!dependsOn(e, x)) return num(0);
  switch (e.kind) {
    case "num":
    case "const":
      return num(0);
    case "var":
      return num(1);
    case "neg":
      return neg(derivative(e.arg, x));
    case "call":
      return mul(outerDerivative(e.fn, e.arg), derivative(e.arg, x));
    case "binary": {
      const { left: a, right: b } = e;
      switch (e.op) {
        case "+":
          return add(derivative(a, x), derivative(b, x));
        case "-":
          return sub(derivative(a, x), derivative(b, x));
        case "*":
          return add(mul(derivative(a, x), b), mul(a, derivative(b, x)));
        case "/":
          return sub(div(derivative(a, x), b), div(mul(a, derivative(b, x)), pow(b, num(2))));
        case "^": {
          if (!dependsOn(b, x)) {
            // a^0 is the constant 1 (as in compile.ts): not 0·a^(−1)·a′, which is NaN where a = 0.
            if (b.kind === "num" && b.value === 0) return num(0);
            const lowered = b.kind === "num" ? num(b.value - 1) : sub(b, num(1));
            return mul(mul(b, pow(a, lowered)), derivative(a, x));
          }
          if (!dependsOn(a, x)) return mul(mul(e, call("log", a)), derivative(b, x));
          // f^g = exp(g log f): d = f^g * (g' log f + g f'/f)
          return mul(e, add(mul(derivative(b, x), call("log", a)), div(mul(b, derivative(a, x)), a)));
        }
      }
    }
  }
}

/** f'(u) for each named function, as an expression in u. */
function outerDerivative(fn: FunctionName, u: Expr): Expr {
  switch (fn) {
    case "sin":
      return call("cos", u);
    case "cos":
      return neg(call("sin", u));
    case "tan":
      return add(num(1), pow(call("tan", u), num(2)));
    case "exp":
      return call("exp", u);
    case "log":
      return div(num(1), u);
    case "sqrt":
      return div(num(1), mul(num(2), call("sqrt", u)));
    case "abs":
      return div(u, call("abs", u));
    case "tanh":
      return sub(num(1), pow(call("tanh", u), num(2)));
    case "sigmoid":
      return mul(call("sigmoid", u), sub(num(1), call("sigmoid", u)));
    case "softplus":
      return call("sigmoid", u);
  }
}
