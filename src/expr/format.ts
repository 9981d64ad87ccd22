/** Prints an expression the way a person writes it, with as few parentheses as parse needs. */
import type { Expr } from "./ast.js";

// Binding strength: a child weaker than its context gets parentheses.
const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

function strengthOf(e: Expr): number {
  switch (e.kind) {
    case "num":
      return e.value < 0 || Object.is(e.value, -0) ? UNARY : ATOM;
    case "neg":
      return UNARY;
    case "binary":
      return e.op === "+" || e.op === "-" ? SUM : e.op === "^" ? POWER : PRODUCT;
    default:
      return ATOM;
  }
}

/** A number as parse reads it back; non-finite values become quotients parse accepts. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "(0/0)";
  if (value === Infinity) return "(1/0)";
  if (value === -Infinity) return "(-1/0)";
  return Object.is(value, -0) ? "-0" : String(value);
}

/**
 * The string a person would write: `12*x - 12`, `-2*exp(-0.5*((x + 1)^2 + (y - 1)^2))`.
 * Spaces around binary + and -, explicit `*`. `parse(format(e))` evaluates equal to `e`.
 */
export function format(e: Expr): string {
  switch (e.kind) {
    case "num":
      return formatNumber(e.value);
    case "const":
    case "var":
      return e.name;
    case "call":
      return `${e.fn}(${format(e.arg)})`;
    case "neg": {
      // `-(-x)` rather than `--x`; `-x*y` is fine because negation commutes exactly with * and /.
      const inner = format(e.arg);
      return strengthOf(e.arg) < PRODUCT || inner.startsWith("-") ? `-(${inner})` : `-${inner}`;
    }
    case "binary": {
      const { op, left, right } = e;
      if (op === "^") {
        // Right-associative: x^y^z needs no parentheses on the right, (x^y)^z does on the left.
        const exponent = isNegativeNumber(right) ? format(right) : wrap(right, strengthOf(right) < POWER);
        return `${wrap(left, strengthOf(left) <= POWER)}^${exponent}`;
      }
      const level = op === "+" || op === "-" ? SUM : PRODUCT;
      // A signed right operand is legal (`x*-2`) but reads badly; bracket it.
      const rightNeedsParens = strengthOf(right) <= level || strengthOf(right) === UNARY;
      const text = `${wrap(left, strengthOf(left) < level)}${level === SUM ? ` ${op} ` : op}${wrap(right, rightNeedsParens)}`;
      return text;
    }
  }
}

function isNegativeNumber(e: Expr): boolean {
  return e.kind === "num" && (e.value < 0 || Object.is(e.value, -0));
}

function wrap(e: Expr, parenthesize: boolean): string {
  return parenthesize ? `(${format(e)})` : format(e);
}
