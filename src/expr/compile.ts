/**
 * Compiles an expression to straight-line JavaScript (via `new Function`): a value function and a
 * reverse-mode value-and-gradient function. Equal subtrees become one temporary (hash-consing), so
 * common subexpressions are computed once and shared by the forward and adjoint code.
 */
import { DescentError } from "../errors.js";
import { CONSTANTS, variablesOf, type Expr, type FunctionName } from "./ast.js";
import { softplus } from "./evaluate.js";

/** A compiled objective; `minimize` accepts it directly. */
export interface CompiledFunction {
  readonly variables: string[];
  /** f(x), with x[i] the value of variables[i]. */
  value(x: ArrayLike<number>): number;
  /** Writes ∇f(x) into g and returns f(x). Non-finite values propagate; nothing throws. */
  valueAndGrad(x: Float64Array, g: Float64Array): number;
}

type Node =
  | { readonly op: "num"; readonly value: number }
  | { readonly op: "var"; readonly index: number }
  | { readonly op: "neg" | FunctionName; readonly args: readonly [number] }
  | { readonly op: "+" | "-" | "*" | "/" | "^"; readonly args: readonly [number, number] };

/** The expression as a DAG in evaluation order; equal subtrees share one node. */
function toGraph(expr: Expr, variables: readonly string[]): { nodes: Node[]; root: number } {
  const nodes: Node[] = [];
  const ids = new Map<string, number>();
  const intern = (node: Node, key: string) => {
    const existing = ids.get(key);
    if (existing !== undefined) return existing;
    nodes.push(node);
    ids.set(key, nodes.length - 1);
    return nodes.length - 1;
  };
  // Recursion is bounded by MAX_DEPTH (parse enforces it).
  const visit = (e: Expr): number => {
    switch (e.kind) {
      case "num":
        return intern({ op: "num", value: e.value }, `n${e.value}`);
      case "const":
        return intern({ op: "num", value: CONSTANTS[e.name] }, `n${CONSTANTS[e.name]}`);
      case "var":
        return intern({ op: "var", index: variables.indexOf(e.name) }, `v${e.name}`);
      case "neg": {
        const a = visit(e.arg);
        return intern({ op: "neg", args: [a] }, `neg ${a}`);
      }
      case "call": {
        const a = visit(e.arg);
        return intern({ op: e.fn, args: [a] }, `${e.fn} ${a}`);
      }
      case "binary": {
        const a = visit(e.left);
        const b = visit(e.right);
        return intern({ op: e.op, args: [a, b] }, `${e.op} ${a} ${b}`);
      }
    }
  };
  const root = visit(expr);
  return { nodes, root };
}

function literal(v: number): string {
  return v < 0 || Object.is(v, -0) ? `(${v})` : String(v);
}

/** The forward formula of node `n` in terms of its arguments' references. */
function forward(n: Node, ref: (i: number) => string): string {
  if (n.op === "num") return literal(n.value);
  if (n.op === "var") return `x[${n.index}]`;
  const a = ref(n.args[0]);
  if (n.args.length === 2) {
    const b = ref(n.args[1]);
    if (n.op === "^") return powerFormula(a, b);
    return `${a} ${n.op} ${b}`;
  }
  switch (n.op) {
    case "neg":
      return `-${a}`;
    case "sigmoid":
      return `1 / (1 + Math.exp(-${a}))`;
    case "softplus":
      return `softplus(${a})`;
    default:
      return `Math.${n.op}(${a})`;
  }
}

/** x^2 and x^3 as products: cheaper than Math.pow and exact. */
function powerFormula(a: string, b: string): string {
  if (b === "2") return `${a} * ${a}`;
  if (b === "3") return `${a} * ${a} * ${a}`;
  return `Math.pow(${a}, ${b})`;
}

/** `adjoint * factor`, dropping the multiplication when the adjoint is the seed 1. */
function times(adjoint: string, factor: string): string {
  return adjoint === "1" ? factor : `${adjoint} * ${factor}`;
}

/** Contributions `[argument, signed term]` of node n's adjoint to its arguments. */
function backward(n: Node, v: string, adjoint: string, ref: (i: number) => string, nodes: readonly Node[]) {
  if (n.op === "num" || n.op === "var") return [];
  const [i] = n.args;
  const a = ref(i);
  if (n.args.length === 2) {
    const j = n.args[1];
    const b = ref(j);
    switch (n.op) {
      case "+":
        return [[i, adjoint], [j, adjoint]] as const;
      case "-":
        return [[i, adjoint], [j, `-${paren(adjoint)}`]] as const;
      case "*":
        return [[i, times(adjoint, b)], [j, times(adjoint, a)]] as const;
      case "/":
        return [[i, `${adjoint} / ${b}`], [j, `-${times(adjoint, v)} / ${b}`]] as const;
      case "^": {
        const exponent = nodes[j]!;
        if (exponent.op === "num") {
          const k = exponent.value;
          // x^0 is the constant 1: no gradient, not 0·x^(−1), which is NaN at x = 0.
          if (k === 0) return [] as const;
          const slope = k === 2 ? `2 * ${a}` : k === 1 ? "1" : `${literal(k)} * Math.pow(${a}, ${literal(k - 1)})`;
          return [[i, times(adjoint, slope)]] as const;
        }
        return [
          [i, times(adjoint, `${b} * Math.pow(${a}, ${b} - 1)`)],
          [j, times(adjoint, `${v} * Math.log(${a})`)],
        ] as const;
      }
    }
  }
  const slopes: Record<"neg" | FunctionName, string> = {
    neg: "-1",
    sin: `Math.cos(${a})`,
    cos: `-Math.sin(${a})`,
    tan: `(1 + ${v} * ${v})`,
    exp: v,
    log: `(1 / ${a})`,
    sqrt: `(0.5 / ${v})`,
    abs: `Math.sign(${a})`,
    tanh: `(1 - ${v} * ${v})`,
    sigmoid: `${v} * (1 - ${v})`,
    softplus: `(1 / (1 + Math.exp(-${a})))`,
  };
  if (n.op === "neg") return [[i, `-${paren(adjoint)}`]] as const;
  return [[i, times(adjoint, slopes[n.op as FunctionName])]] as const;
}

function paren(s: string): string {
  return /^[\w.]+$/.test(s) ? s : `(${s})`;
}

/** Generated source of the two functions (exposed for tests and curious users). */
export function compileSource(expr: Expr, variables: readonly string[]): { value: string; valueAndGrad: string } {
  for (const name of variablesOf(expr)) {
    if (!variables.includes(name)) {
      throw new DescentError(`expression uses "${name}", which is not among the variables (${variables.join(", ")})`);
    }
  }
  const { nodes, root } = toGraph(expr, variables);
  // Which nodes depend on a variable: only those need adjoints.
  const active = nodes.map(() => false);
  nodes.forEach((n, i) => {
    active[i] = n.op === "var" || (n.op !== "num" && n.args.some((a) => active[a]));
  });
  const ref = (i: number) => {
    const n = nodes[i]!;
    return n.op === "num" ? literal(n.value) : `t${i}`;
  };
  const forwardLines = nodes.flatMap((n, i) => (n.op === "num" ? [] : [`const t${i} = ${forward(n, ref)};`]));
  const result = ref(root);
  const value = `${forwardLines.join("\n")}\nreturn ${result};`;

  const adjointLines: string[] = [];
  const adjoint: Array<string | undefined> = nodes.map(() => undefined);
  if (active[root]) adjoint[root] = "1";
  for (let i = nodes.length - 1; i >= 0; i--) {
    const a = adjoint[i];
    if (a === undefined) continue;
    for (const [arg, term] of backward(nodes[i]!, ref(i), a, ref, nodes)) {
      if (!active[arg]) continue;
      if (adjoint[arg] === undefined) {
        adjoint[arg] = `a${arg}`;
        adjointLines.push(`let a${arg} = ${term};`);
      } else adjointLines.push(`a${arg} += ${term};`);
    }
  }
  const gradientLines = variables.map((name, k) => {
    const i = nodes.findIndex((n) => n.op === "var" && n.index === k);
    return `g[${k}] = ${i >= 0 && adjoint[i] !== undefined ? adjoint[i] : "0"};`;
  });
  const valueAndGrad = [...forwardLines, ...adjointLines, ...gradientLines, `return ${result};`].join("\n");
  return { value, valueAndGrad };
}

/**
 * Compiles `expr` over `variables` (x[i] is variables[i]) into fast value and gradient functions.
 * Throws a DescentError if the expression uses a name not in `variables`.
 */
export function compile(expr: Expr, variables: readonly string[]): CompiledFunction {
  const source = compileSource(expr, variables);
  // Helpers the generated code calls are passed in, not looked up globally.
  const build = (body: string, params: string) =>
    new Function("softplus", `"use strict"; return function (${params}) {\n${body}\n};`)(softplus);
  return {
    variables: [...variables],
    value: build(source.value, "x") as CompiledFunction["value"],
    valueAndGrad: build(source.valueAndGrad, "x, g") as CompiledFunction["valueAndGrad"],
  };
}
