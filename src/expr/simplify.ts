/**
 * Algebraic simplification, bottom-up: constant folding, 0/1 identities, products flattened to
 * `coefficient * factors` with like factors merged (x*x → x^2), sums flattened to terms with like
 * terms collected (3*x + 2*x → 5*x). Sums print highest degree first and the constant last, so
 * derivatives of polynomials read as a person writes them: `12*x - 12`.
 */
import { add, binary, div, mul, neg, num, pow, sub, type Expr, type FunctionName } from "./ast.js";
import { FUNCTION_VALUES } from "./evaluate.js";
import { format } from "./format.js";

interface Factor {
  readonly base: Expr;
  exponent: number;
  /** `format(base)`: equal keys are the same factor. */
  readonly key: string;
}

/** coefficient * Π base^exponent, factors in canonical order. */
interface Term {
  readonly coefficient: number;
  readonly factors: readonly Factor[];
}

/** A simpler expression with the same value (wherever both are defined). */
export function simplify(e: Expr): Expr {
  switch (e.kind) {
    case "num":
    case "const":
    case "var":
      return e;
    case "call":
      return simplifyCall(e.fn, simplify(e.arg));
    case "neg":
      return buildSum(collectTerms(neg(simplify(e.arg))));
    case "binary": {
      const node = binary(e.op, simplify(e.left), simplify(e.right));
      if (e.op === "+" || e.op === "-") return buildSum(collectTerms(node));
      if (e.op === "^") return simplifyPower(node.kind === "binary" ? node : e);
      return buildTerm(termOf(node));
    }
  }
}

function simplifyCall(fn: FunctionName, arg: Expr): Expr {
  if (arg.kind === "num") {
    const value = FUNCTION_VALUES[fn](arg.value);
    // Fold only exact results (exp(0), sqrt(4)): people keep log(2) as log(2), and log(0) visible.
    if (Number.isInteger(value)) return num(value);
  }
  return { kind: "call", fn, arg };
}

function simplifyPower(e: Expr & { kind: "binary" }): Expr {
  const { left: base, right: exponent } = e;
  if (base.kind === "num" && exponent.kind === "num") {
    const value = Math.pow(base.value, exponent.value);
    if (Number.isFinite(value)) return num(value);
  }
  if (base.kind === "num" && base.value === 1) return num(1);
  // Numeric exponents go through the product normal form: x^1 → x, x^0 → 1, (2*x)^2 → 4*x^2.
  if (exponent.kind === "num") return buildTerm(termOf(e));
  return e;
}

/** Flattens a product (and integer powers of products) into coefficient and merged factors. */
function termOf(e: Expr): Term {
  let coefficient = 1;
  const factors = new Map<string, Factor>();
  const addFactor = (base: Expr, exponent: number) => {
    const key = format(base);
    const existing = factors.get(key);
    if (existing) existing.exponent += exponent;
    else factors.set(key, { base, exponent, key });
  };
  // Every stacked power is an integer, so signs and numbers can be pulled out exactly.
  const stack: Array<[Expr, number]> = [[e, 1]];
  while (stack.length > 0) {
    const [x, power] = stack.pop()!;
    if (x.kind === "num") coefficient *= power === 1 ? x.value : Math.pow(x.value, power);
    else if (x.kind === "neg") {
      if (power % 2 !== 0) coefficient = -coefficient;
      stack.push([x.arg, power]);
    } else if (x.kind === "binary" && x.op === "*") {
      stack.push([x.right, power], [x.left, power]);
    } else if (x.kind === "binary" && x.op === "/") {
      stack.push([x.right, -power], [x.left, power]);
    } else if (x.kind === "binary" && x.op === "^" && x.right.kind === "num") {
      const k = x.right.value;
      if (Number.isInteger(k)) stack.push([x.left, power * k]);
      else if (x.left.kind === "binary" && x.left.op === "^" && x.left.right.kind === "num") {
        // (b^a)^k with non-integer k: keep it whole; merging exponents is wrong for negative b.
        addFactor(x, power);
      } else addFactor(x.left, power * k);
    } else if (isSum(x) && collectTerms(x).every((t) => t.coefficient < 0)) {
      // (-x - 1)^k = (-1)^k (x + 1)^k: keep the sign in the coefficient, not inside the brackets.
      if (power % 2 !== 0) coefficient = -coefficient;
      addFactor(buildSum(collectTerms(neg(x))), power);
    } else addFactor(x, power);
  }
  const kept = [...factors.values()].filter((f) => f.exponent !== 0);
  kept.sort(compareFactors);
  return { coefficient, factors: kept };
}

function isSum(e: Expr): boolean {
  return e.kind === "binary" && (e.op === "+" || e.op === "-");
}

/** Constants first (2*pi*x), then variables alphabetically, then sums, then everything else. */
function compareFactors(a: Factor, b: Factor): number {
  const rank = (f: Factor) => (f.base.kind === "const" ? 0 : f.base.kind === "var" ? 1 : isSum(f.base) ? 2 : 3);
  return rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Flattens a sum into terms, adding coefficients of like terms; first appearance sets the order. */
function collectTerms(e: Expr): Term[] {
  const terms = new Map<string, { coefficient: number; factors: readonly Factor[] }>();
  const stack: Array<[Expr, number]> = [[e, 1]];
  while (stack.length > 0) {
    const [x, sign] = stack.pop()!;
    if (x.kind === "binary" && (x.op === "+" || x.op === "-")) {
      stack.push([x.right, x.op === "-" ? -sign : sign], [x.left, sign]);
    } else if (x.kind === "neg") {
      stack.push([x.arg, -sign]);
    } else {
      const term = termOf(x);
      const key = term.factors.map((f) => `${f.key}^${f.exponent}`).join("*");
      const existing = terms.get(key);
      if (existing) existing.coefficient += sign * term.coefficient;
      else terms.set(key, { coefficient: sign * term.coefficient, factors: term.factors });
    }
  }
  return [...terms.values()];
}

/** Polynomial degree of a term, counting only variables. */
function degreeOf(term: Term): number {
  let degree = 0;
  for (const f of term.factors) if (f.base.kind === "var") degree += f.exponent;
  return degree;
}

function buildSum(terms: readonly Term[]): Expr {
  const kept = terms.filter((t) => t.coefficient !== 0);
  const isConstant = (t: Term) => t.factors.length === 0;
  // Stable sort: highest degree first, constants last, ties in order of appearance.
  const ordered = kept
    .map((t, i) => ({ t, i }))
    .sort(
      (a, b) =>
        Number(isConstant(a.t)) - Number(isConstant(b.t)) || degreeOf(b.t) - degreeOf(a.t) || a.i - b.i,
    )
    .map(({ t }) => t);
  if (ordered.length === 0) return num(0);
  // People lead with a positive term: `1 - x`, `y - x^2`, not `-x + 1`.
  const firstPositive = ordered.findIndex((t) => t.coefficient > 0);
  if (firstPositive > 0) ordered.unshift(...ordered.splice(firstPositive, 1));
  let sum = buildTerm(ordered[0]!);
  for (const t of ordered.slice(1)) {
    sum = t.coefficient < 0 ? sub(sum, buildTerm({ ...t, coefficient: -t.coefficient })) : add(sum, buildTerm(t));
  }
  return sum;
}

function productOf(parts: readonly Expr[]): Expr {
  return parts.reduce((acc, p) => mul(acc, p));
}

function factorExpr(f: Factor, exponent: number): Expr {
  return exponent === 1 ? f.base : pow(f.base, num(exponent));
}

/** `coefficient * numerator / denominator`, writing x/2 rather than 0.5*x. */
function buildTerm(term: Term): Expr {
  const { coefficient, factors } = term;
  if (coefficient === 0) return num(0);
  const numerator = factors.filter((f) => f.exponent > 0).map((f) => factorExpr(f, f.exponent));
  const denominator = factors.filter((f) => f.exponent < 0).map((f) => factorExpr(f, -f.exponent));
  const negative = coefficient < 0;
  let magnitude = Math.abs(coefficient);
  const reciprocal = 1 / magnitude;
  if (!Number.isInteger(magnitude) && Number.isInteger(reciprocal) && reciprocal <= 1e6) {
    denominator.unshift(num(reciprocal));
    magnitude = 1;
  }
  const leadsWithNumber = numerator.length === 0 || magnitude !== 1;
  if (leadsWithNumber) numerator.unshift(num(negative ? -magnitude : magnitude));
  let result = productOf(numerator);
  if (denominator.length > 0) result = div(result, productOf(denominator));
  return negative && !leadsWithNumber ? neg(result) : result;
}
