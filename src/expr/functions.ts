/** The named test functions (the article's and the classic optimization benchmarks). */
import { OptionError } from "../errors.js";
import { variablesOf, type Expr } from "./ast.js";
import { parse } from "./parser.js";

export interface KnownMinimum {
  /** Coordinates in the order of the function's variables. */
  readonly point: readonly number[];
  readonly value: number;
  readonly kind: "global" | "local";
  /** False where the gradient does not exist at the minimum (Ackley's cusp at the origin). */
  readonly differentiable?: false;
}

export interface NamedFunction {
  readonly name: string;
  /** Source text that `parse` accepts. */
  readonly formula: string;
  readonly variables: readonly string[];
  readonly description: string;
  /** Plotting range per variable, in the order of `variables`. */
  readonly domain: ReadonlyArray<readonly [number, number]>;
  readonly minima: readonly KnownMinimum[];
  /** For quadratics: the gradient's Lipschitz constant L (largest Hessian eigenvalue); 2/L is the stability edge of gradient descent. */
  readonly lipschitz?: number;
}

export const NAMED_FUNCTIONS: readonly NamedFunction[] = [
  {
    name: "article-1d",
    formula: "6x^2 - 12x + 3",
    variables: ["x"],
    description: "The article's one-dimensional quadratic; minimum -3 at x = 1.",
    domain: [[-1, 3]],
    minima: [{ point: [1], value: -3, kind: "global" }],
    lipschitz: 12,
  },
  {
    name: "article-2d",
    formula: "6x^2 + 9y^2 - 12x - 14y + 3",
    variables: ["x", "y"],
    description: "The article's two-dimensional quadratic bowl, steeper in y; minimum at (1, 7/9).",
    domain: [
      [-1, 3],
      [-1.25, 2.75],
    ],
    minima: [{ point: [1, 7 / 9], value: 3 - 6 - 49 / 9, kind: "global" }],
    lipschitz: 18,
  },
  {
    name: "two-minima",
    formula: "-2*exp(-0.5*((x+1)^2 + (y-1)^2)) - exp(-0.5*((x-1)^2 + (y+1)^2))",
    variables: ["x", "y"],
    description: "Two Gaussian wells of different depth: where descent ends depends on where it starts.",
    domain: [
      [-3, 3],
      [-3, 3],
    ],
    // Found by Newton's method on the symbolic gradient (|∇f| < 1e-15 there).
    minima: [
      { point: [-0.9803836355776621, 0.9803836355776621], value: -2.0190335939268036, kind: "global" },
      { point: [0.8939741041006756, -0.8939741041006756], value: -1.0441763239640927, kind: "local" },
    ],
  },
  {
    name: "rosenbrock",
    formula: "(1 - x)^2 + 100*(y - x^2)^2",
    variables: ["x", "y"],
    description: "Rosenbrock's banana valley: easy to reach the valley, slow to follow it to (1, 1).",
    domain: [
      [-2, 2],
      [-1, 3],
    ],
    minima: [{ point: [1, 1], value: 0, kind: "global" }],
  },
  {
    name: "himmelblau",
    formula: "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    variables: ["x", "y"],
    description: "Himmelblau's function: four global minima of value 0.",
    domain: [
      [-5, 5],
      [-5, 5],
    ],
    minima: [
      { point: [3, 2], value: 0, kind: "global" },
      { point: [-2.805118086952745, 3.131312518250573], value: 0, kind: "global" },
      { point: [-3.779310253377747, -3.2831859912861696], value: 0, kind: "global" },
      { point: [3.5844283403304917, -1.8481265269644034], value: 0, kind: "global" },
    ],
  },
  {
    name: "beale",
    formula: "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
    variables: ["x", "y"],
    description: "Beale's function: flat plateaus and sharp ridges; minimum 0 at (3, 0.5).",
    domain: [
      [-4.5, 4.5],
      [-4.5, 4.5],
    ],
    minima: [{ point: [3, 0.5], value: 0, kind: "global" }],
  },
  {
    name: "booth",
    formula: "(x + 2y - 7)^2 + (2x + y - 5)^2",
    variables: ["x", "y"],
    description: "Booth's function: a tilted quadratic bowl; minimum 0 at (1, 3).",
    domain: [
      [-10, 10],
      [-10, 10],
    ],
    minima: [{ point: [1, 3], value: 0, kind: "global" }],
    lipschitz: 18, // Hessian [[10, 8], [8, 10]]: eigenvalues 18 and 2
  },
  {
    name: "rastrigin",
    formula: "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
    variables: ["x", "y"],
    description: "Rastrigin's function: a bowl covered in regularly spaced local minima; global minimum 0 at the origin.",
    domain: [
      [-5.12, 5.12],
      [-5.12, 5.12],
    ],
    minima: [{ point: [0, 0], value: 0, kind: "global" }],
  },
  {
    name: "ackley",
    formula: "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
    variables: ["x", "y"],
    description: "Ackley's function: a nearly flat, bumpy plateau around a deep funnel; minimum 0 at the origin (a cusp, no gradient there).",
    domain: [
      [-5, 5],
      [-5, 5],
    ],
    minima: [{ point: [0, 0], value: 0, kind: "global", differentiable: false }],
  },
  {
    name: "saddle",
    formula: "x^2 - y^2",
    variables: ["x", "y"],
    description: "A saddle: the origin is a stationary point but not a minimum; the function has no minimum and descent runs off along y.",
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    minima: [],
    lipschitz: 2,
  },
];

/** A function ready to minimize or plot: a named one, or an expression the user typed. */
export interface ResolvedFunction {
  /** Set when the input was a named function. */
  readonly name?: string;
  readonly source: string;
  readonly expr: Expr;
  readonly variables: readonly string[];
  readonly domain: ReadonlyArray<readonly [number, number]>;
  /** Known minima (empty for typed expressions: nothing is known about them). */
  readonly minima: readonly KnownMinimum[];
  readonly lipschitz?: number;
  readonly description?: string;
}

/** The plotting range given to typed expressions, per variable. */
export const DEFAULT_DOMAIN: readonly [number, number] = [-3, 3];

/**
 * A named function (`rosenbrock`) or else the input parsed as an expression (`x^2 + 3y^2`).
 * With `variables`, a typed expression may only use those names, in that order.
 * Throws ParseError for bad expressions, OptionError for a near-miss of a name (`rosenbrok`).
 */
export function resolveFunction(
  nameOrExpression: string,
  options: { variables?: readonly string[] } = {},
): ResolvedFunction {
  const input = nameOrExpression.trim();
  const named = NAMED_FUNCTIONS.find((f) => f.name === input.toLowerCase());
  if (named) {
    return {
      name: named.name,
      source: named.formula,
      expr: parse(named.formula, { variables: named.variables }),
      variables: named.variables,
      domain: named.domain,
      minima: named.minima,
      description: named.description,
      ...(named.lipschitz !== undefined ? { lipschitz: named.lipschitz } : {}),
    };
  }
  const nearMiss = /^[A-Za-z][A-Za-z0-9-]{3,}$/.test(input) ? closestName(input.toLowerCase()) : undefined;
  if (nearMiss) {
    throw new OptionError(`unknown function "${input}" (did you mean ${nearMiss}?)`);
  }
  const expr = parse(input, options.variables ? { variables: options.variables } : {});
  const variables = options.variables ? [...options.variables] : variablesOf(expr);
  return { source: input, expr, variables, domain: variables.map(() => DEFAULT_DOMAIN), minima: [] };
}

/** A named function within edit distance 2 of `word`, if any. */
function closestName(word: string): string | undefined {
  return NAMED_FUNCTIONS.map((f) => f.name).find((name) => editDistance(word, name) <= 2);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
