/** The expression AST: what `parse` produces and every other expr module consumes. */

/** Functions of one argument that expressions may call. */
export const FUNCTION_NAMES = [
  "sin",
  "cos",
  "tan",
  "exp",
  "log",
  "sqrt",
  "abs",
  "tanh",
  "sigmoid",
  "softplus",
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Named constants; they are never variables. */
export const CONSTANTS = { pi: Math.PI, e: Math.E } as const;
export type ConstantName = keyof typeof CONSTANTS;

export type BinaryOperator = "+" | "-" | "*" | "/" | "^";

export type Expr =
  | { readonly kind: "num"; readonly value: number }
  | { readonly kind: "const"; readonly name: ConstantName }
  | { readonly kind: "var"; readonly name: string }
  | { readonly kind: "neg"; readonly arg: Expr }
  | { readonly kind: "binary"; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "call"; readonly fn: FunctionName; readonly arg: Expr };

export function isFunctionName(name: string): name is FunctionName {
  return (FUNCTION_NAMES as readonly string[]).includes(name);
}

export function isConstantName(name: string): name is ConstantName {
  return Object.hasOwn(CONSTANTS, name);
}

// Small constructors keep the derivative and simplifier rules readable.
export const num = (value: number): Expr => ({ kind: "num", value });
export const variable = (name: string): Expr => ({ kind: "var", name });
export const constant = (name: ConstantName): Expr => ({ kind: "const", name });
export const neg = (arg: Expr): Expr => ({ kind: "neg", arg });
export const binary = (op: BinaryOperator, left: Expr, right: Expr): Expr => ({ kind: "binary", op, left, right });
export const add = (a: Expr, b: Expr): Expr => binary("+", a, b);
export const sub = (a: Expr, b: Expr): Expr => binary("-", a, b);
export const mul = (a: Expr, b: Expr): Expr => binary("*", a, b);
export const div = (a: Expr, b: Expr): Expr => binary("/", a, b);
export const pow = (a: Expr, b: Expr): Expr => binary("^", a, b);
export const call = (fn: FunctionName, arg: Expr): Expr => ({ kind: "call", fn, arg });

/** The children of a node, left to right. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case "neg":
    case "call":
      return [e.arg];
    case "binary":
      return [e.left, e.right];
    default:
      return [];
  }
}

/** Variable names in order of first appearance (left to right). Iterative: trees can be deep. */
export function variablesOf(expr: Expr): string[] {
  const seen = new Set<string>();
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === "var") seen.add(e.name);
    const children = childrenOf(e);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return [...seen];
}

/** Depth of the tree (a leaf has depth 1), computed without recursion. */
export function depthOf(expr: Expr): number {
  let deepest = 0;
  const stack: Array<[Expr, number]> = [[expr, 1]];
  while (stack.length > 0) {
    const [e, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    for (const c of childrenOf(e)) stack.push([c, d + 1]);
  }
  return deepest;
}

/** Whether `expr` mentions variable `name`. */
export function dependsOn(expr: Expr, name: string): boolean {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === "var" && e.name === name) return true;
    stack.push(...childrenOf(e));
  }
  return false;
}

/**
 * The deepest tree the recursive walkers (format, simplify, differentiate, evaluate) accept.
 * Parsing refuses deeper input with a ParseError, so user input never overflows the stack;
 * derivatives grow depth by a small factor, which stays far below the engine's stack limit.
 */
export const MAX_DEPTH = 400;
