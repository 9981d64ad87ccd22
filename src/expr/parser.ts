/**
 * Recursive-descent parser for descent's expression language.
 *
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary | <implicit> power)*   implicit only after a number or ")"
 *   unary   := ("-" | "+") unary | power
 *   power   := primary ("^" unary)?                            right-associative, tighter than unary minus
 *   primary := number | constant | variable | function "(" sum ")" | "(" sum ")"
 */
import {
  MAX_DEPTH,
  binary,
  call,
  constant,
  depthOf,
  isConstantName,
  isFunctionName,
  neg,
  num,
  variable,
  type Expr,
} from "./ast.js";
import { parseError, tokenize, type Token } from "./lexer.js";

export interface ParseOptions {
  /** The allowed variable names; any other name is an error. Default: any name. */
  readonly variables?: readonly string[];
}

/**
 * Parses `src` into an expression. Throws ParseError, e.g.
 * `cannot parse "6x^^2": unexpected "^" at column 4`.
 */
export function parse(src: string, options: ParseOptions = {}): Expr {
  const tokens = tokenize(src);
  if (tokens.length === 1) throw parseError(src, "empty expression", 1);
  const parser = new Parser(src, tokens, options.variables);
  const expr = parser.parseSum();
  parser.expectEnd();
  if (depthOf(expr) > MAX_DEPTH) {
    throw parseError(src, `expression is nested more than ${MAX_DEPTH} levels deep at column 1`, 1);
  }
  return expr;
}

class Parser {
  private position = 0;
  private nesting = 0;

  constructor(
    private readonly src: string,
    private readonly tokens: readonly Token[],
    private readonly allowedVariables: readonly string[] | undefined,
  ) {}

  parseSum(): Expr {
    let left = this.parseProduct();
    for (let t = this.peek(); t.kind === "op" && (t.text === "+" || t.text === "-"); t = this.peek()) {
      this.position++;
      left = binary(t.text, left, this.parseProduct());
    }
    return left;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind === "end") return;
    if (t.kind === "rparen") throw this.error("unbalanced parenthesis", t);
    throw this.unexpected(t);
  }

  private parseProduct(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t.kind === "op" && (t.text === "*" || t.text === "/")) {
        this.position++;
        left = binary(t.text, left, this.parseUnary());
      } else if (this.isImplicitProduct()) {
        left = binary("*", left, this.parsePower());
      } else {
        return left;
      }
    }
  }

  /** `6x`, `2(x+1)`, `(x+1)(x-1)`, `2πx`: a name or "(" right after a number, ")" or constant. */
  private isImplicitProduct(): boolean {
    const previous = this.tokens[this.position - 1];
    const next = this.peek();
    return (
      previous !== undefined &&
      (previous.kind === "number" ||
        previous.kind === "rparen" ||
        (previous.kind === "name" && isConstantName(previous.text))) &&
      (next.kind === "name" || next.kind === "lparen")
    );
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === "op" && (t.text === "-" || t.text === "+")) {
      this.position++;
      const signsLiteral = this.peek().kind === "number";
      const arg = this.nested(t, () => this.parseUnary());
      if (t.text === "+") return arg;
      // A literal's sign belongs to the number: `-2*x` is (-2)*x and prints back the same.
      return signsLiteral && arg.kind === "num" ? num(-arg.value) : neg(arg);
    }
    return this.parsePower();
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    const t = this.peek();
    if (t.kind === "op" && t.text === "^") {
      this.position++;
      return binary("^", base, this.nested(t, () => this.parseUnary()));
    }
    return base;
  }

  private parsePrimary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case "number":
        return num(t.value);
      case "lparen": {
        const inner = this.nested(t, () => this.parseSum());
        const close = this.peek();
        if (close.kind !== "rparen") {
          if (close.kind === "end") throw this.error("unbalanced parenthesis", t);
          throw this.unexpected(close);
        }
        this.position++;
        return inner;
      }
      case "name":
        return this.parseName(t);
      default:
        throw this.unexpected(t);
    }
  }

  private parseName(t: Token): Expr {
    const name = t.text;
    const opensCall = this.peek().kind === "lparen";
    if (isFunctionName(name)) {
      if (!opensCall) throw this.error(`function "${name}" needs parentheses`, t);
      const open = this.next();
      const arg = this.nested(open, () => this.parseSum());
      const close = this.peek();
      if (close.kind !== "rparen") {
        if (close.kind === "end") throw this.error("unbalanced parenthesis", open);
        throw this.unexpected(close);
      }
      this.position++;
      return call(name, arg);
    }
    if (isConstantName(name)) return constant(name);
    if (opensCall) throw this.error(`unknown function "${name}"`, t);
    if (this.allowedVariables && !this.allowedVariables.includes(name)) {
      const known = this.allowedVariables.length > 0 ? this.allowedVariables.join(", ") : "none";
      throw this.error(`unknown variable "${name}" (variables: ${known})`, t);
    }
    return variable(name);
  }

  /** Runs `inner` one nesting level deeper, refusing input deep enough to overflow the stack. */
  private nested(at: Token, inner: () => Expr): Expr {
    if (++this.nesting > MAX_DEPTH) {
      throw this.error(`expression is nested more than ${MAX_DEPTH} levels deep`, at);
    }
    const result = inner();
    this.nesting--;
    return result;
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const t = this.tokens[this.position]!;
    if (t.kind !== "end") this.position++;
    return t;
  }

  private unexpected(t: Token) {
    if (t.kind === "end") return this.error("unexpected end of input", t);
    return this.error(`unexpected "${this.src.slice(t.column - 1, t.column - 1 + t.text.length)}"`, t);
  }

  private error(detail: string, t: Token) {
    return parseError(this.src, `${detail} at column ${t.column}`, t.column);
  }
}
