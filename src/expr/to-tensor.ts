/** Bridge from expressions to the autodiff engine: the same formula, evaluated on tensors. */
import * as ad from "../autodiff/index.js";
import { DescentError } from "../errors.js";
import { CONSTANTS, variablesOf, type Expr, type FunctionName } from "./ast.js";
import { applyBinary, FUNCTION_VALUES } from "./evaluate.js";

type Value = ad.Tensor | number;

const TENSOR_FUNCTIONS: Readonly<Record<FunctionName, (x: ad.Tensor) => ad.Tensor>> = {
  sin: ad.sin,
  cos: ad.cos,
  tan: ad.tan,
  exp: ad.exp,
  log: ad.log,
  sqrt: ad.sqrt,
  abs: ad.abs,
  tanh: ad.tanh,
  sigmoid: ad.sigmoid,
  softplus: ad.softplus,
};

/**
 * `(...xs) => f(xs)` on tensors, xs[i] standing for variables[i]; elementwise with broadcasting,
 * differentiable with the autodiff engine's grad. Constant parts are folded as plain numbers; a
 * constant expression returns a float64 scalar tensor.
 */
export function toTensorFunction(expr: Expr, variables: readonly string[]): (...xs: ad.Tensor[]) => ad.Tensor {
  for (const name of variablesOf(expr)) {
    if (!variables.includes(name)) {
      throw new DescentError(`expression uses "${name}", which is not among the variables (${variables.join(", ")})`);
    }
  }
  return (...xs: ad.Tensor[]) => {
    if (xs.length !== variables.length) {
      throw new DescentError(`expected ${variables.length} tensors (${variables.join(", ")}), got ${xs.length}`);
    }
    const out = evaluateOn(expr, (name) => xs[variables.indexOf(name)]!);
    return typeof out === "number" ? ad.scalar(out) : out;
  };
}

// Recursion is bounded by MAX_DEPTH (parse enforces it).
function evaluateOn(e: Expr, lookup: (name: string) => ad.Tensor): Value {
  switch (e.kind) {
    case "num":
      return e.value;
    case "const":
      return CONSTANTS[e.name];
    case "var":
      return lookup(e.name);
    case "neg": {
      const a = evaluateOn(e.arg, lookup);
      return typeof a === "number" ? -a : ad.neg(a);
    }
    case "call": {
      const a = evaluateOn(e.arg, lookup);
      return typeof a === "number" ? FUNCTION_VALUES[e.fn](a) : TENSOR_FUNCTIONS[e.fn](a);
    }
    case "binary": {
      const a = evaluateOn(e.left, lookup);
      const b = evaluateOn(e.right, lookup);
      if (typeof a === "number" && typeof b === "number") return applyBinary(e.op, a, b);
      switch (e.op) {
        case "+":
          return ad.add(a, b);
        case "-":
          return ad.sub(a, b);
        case "*":
          return ad.mul(a, b);
        case "/":
          return ad.div(a, b);
        case "^":
          return ad.pow(a, b);
      }
    }
  }
}

