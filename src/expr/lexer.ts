/** Splits expression source into tokens, remembering each token's 1-based column. */
import { ParseError } from "../errors.js";

export type TokenKind = "number" | "name" | "op" | "lparen" | "rparen" | "end";

export interface Token {
  readonly kind: TokenKind;
  /** The token as written (operators normalized: − – → -, × · → *). */
  readonly text: string;
  /** For numbers, the value. */
  readonly value: number;
  /** 1-based column of the token's first character. */
  readonly column: number;
}

/** Characters people paste from articles, mapped to the operator they mean. */
const OPERATOR_ALIASES: Record<string, string> = {
  "+": "+",
  "-": "-",
  "\u2212": "-", // − minus sign
  "\u2013": "-", // – en dash (the article writes 6x^2 – 12x + 3)
  "*": "*",
  "\u00d7": "*", // ×
  "\u00b7": "*", // ·
  "\u22c5": "*", // ⋅ dot operator
  "/": "/",
  "^": "^",
};

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Control characters (a pasted newline or tab) are shown escaped, so the message stays one line. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/** The message every parse error uses: `cannot parse "<src>": <detail>`. */
export function parseError(src: string, detail: string, column: number): ParseError {
  return new ParseError(printable(`cannot parse "${src}": ${detail}`), src, column);
}

/** Tokens of `src`, ending with an `end` token whose column is one past the last character. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const column = i + 1;
    NUMBER.lastIndex = i;
    const numberMatch = NUMBER.exec(src);
    if (numberMatch) {
      const text = numberMatch[0];
      tokens.push({ kind: "number", text, value: Number(text), column });
      i += text.length;
      continue;
    }
    NAME.lastIndex = i;
    const nameMatch = NAME.exec(src);
    if (nameMatch) {
      tokens.push({ kind: "name", text: nameMatch[0], value: NaN, column });
      i += nameMatch[0].length;
      continue;
    }
    if (ch === "\u03c0") {
      tokens.push({ kind: "name", text: "pi", value: NaN, column }); // π
      i++;
      continue;
    }
    const op = OPERATOR_ALIASES[ch];
    if (op !== undefined) tokens.push({ kind: "op", text: op, value: NaN, column });
    else if (ch === "(") tokens.push({ kind: "lparen", text: ch, value: NaN, column });
    else if (ch === ")") tokens.push({ kind: "rparen", text: ch, value: NaN, column });
    else throw parseError(src, `unexpected "${ch}" at column ${column}`, column);
    i++;
  }
  tokens.push({ kind: "end", text: "", value: NaN, column: src.length + 1 });
  return tokens;
}
